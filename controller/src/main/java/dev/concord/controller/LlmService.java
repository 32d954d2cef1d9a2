package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the edited model: completions run on the model worker, between edits, never during one. */
@ApplicationScoped
public class LlmService {
    @Inject
    ModelGateway model;
    @Inject
    ConcordConfig config;

    /** A completion and the model that produced it; {@code status} is READY, or why there is none. */
    public record Completion(String model, String prompt, String completion, String status) {
    }

    /** The completion when the model is ready; otherwise a Completion with null text and the reason as status. */
    public Completion ask(String prompt) {
        return run(prompt, (e, p) -> e.complete(p, config.model().answerTokens()));
    }

    /**
     * The instruct model's answer to a question in its chat format; null when the model is not ready
     * or has no chat format (a plain language model such as the demo model).
     */
    public Completion askChat(String question) {
        if (model.status().state() != ModelGateway.State.READY) {
            return null;
        }
        Completion c = run(question, (e, q) -> {
            String answer = e.chat(q, Math.max(32, config.model().answerTokens()));
            return answer == null ? NO_CHAT : answer;
        });
        return c.completion() == null || c.completion().equals(NO_CHAT) ? null : c;
    }

    private static final String NO_CHAT = "\u0000no chat format";

    private Completion run(String prompt, java.util.function.BiFunction<dev.concord.editor.KnowledgeEditor, String, String> work) {
        if (prompt == null || prompt.isBlank()) {
            throw ControllerException.badInput("prompt must be a non-empty string");
        }
        if (prompt.length() > config.limits().maxText()) {
            throw ControllerException.badInput("prompt must be at most " + config.limits().maxText()
                    + " characters, found " + prompt.length());
        }
        ModelGateway.Status s = model.status();
        switch (s.state()) {
            case DISABLED -> {
                return new Completion(null, prompt, null, "graph-only mode: no model is loaded");
            }
            case LOADING -> {
                return new Completion(null, prompt, null, "model loading");
            }
            case FAILED -> {
                return new Completion(null, prompt, null, s.message());
            }
            default -> {
            }
        }
        try {
            return model.submit(ed -> ed.map(e -> new Completion(e.modelName(), prompt,
                            work.apply(e, prompt).strip(), "READY"))
                            .orElseGet(() -> new Completion(null, prompt, null, model.status().message())))
                    .get(config.model().requestWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Completion(null, prompt, null, "the model is busy; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ControllerException.unavailable("interrupted while waiting for the model");
        } catch (ExecutionException e) {
            throw new ControllerException(ControllerException.Kind.INTERNAL, "the model could not complete the prompt: "
                    + Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse("unknown error"), e.getCause());
        }
    }
}
