package dev.concord.interpreter.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterException;
import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.interpreter.linking.EntityLinker;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.rules.RuleInterpreter;
import dev.concord.interpreter.rules.SafetyGuard;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Interprets through a LangChain4j {@link ChatModel}: the model answers with the intent and
 * triples as JSON (see {@link LlmPrompt}); the answer then goes through the same linking as the
 * rules (relations must be the Lexicon's, entities are linked by label or given a new local name,
 * dates become literals) and is validated: a known relation, at most
 * {@link Interpretation#MAX_TRIPLES} triples, every part named in an EDIT or RETRACT, at most one
 * unknown part in a QUERY. On a timeout, an error or an invalid answer the rule interpreter
 * answers instead, and {@code interpreter} reads "rules (fallback: reason)" with the details in
 * the note. The {@link SafetyGuard} runs first: refused texts never reach the model.
 *
 * <p>Owns one worker thread per concurrent call (daemon threads); close it when done.
 */
public final class LlmInterpreter implements Interpreter, AutoCloseable {

    private static final List<String> EXAMPLE_RELATIONS = List.of("born_in", "mother", "spouse", "wife");

    private final ChatModel model;
    private final String name;
    private final Duration timeout;
    private final RuleInterpreter rules;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "concord-llm-interpreter");
        t.setDaemon(true);
        return t;
    });

    public LlmInterpreter(ChatModel model, String modelName, Lexicon lexicon, Duration timeout) {
        this.model = Objects.requireNonNull(model, "model");
        this.name = "llm:" + (modelName == null || modelName.isBlank() ? "model" : modelName);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.rules = new RuleInterpreter(Objects.requireNonNull(lexicon, "lexicon"));
    }

    @Override
    public Interpretation interpret(String text) {
        Optional<String> refusal = SafetyGuard.refusal(text);
        if (refusal.isPresent()) {
            return Interpretation.unknown(name, refusal.get());
        }
        String answer;
        try {
            answer = ask(text);
        } catch (TimeoutException e) {
            return fallback(text, "timeout", "no answer from the model within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return fallback(text, "error", "the model call failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback(text, "interrupted", "interrupted while waiting for the model");
        }
        try {
            return validate(answer);
        } catch (InvalidAnswer e) {
            return fallback(text, e.kind, e.getMessage());
        }
    }

    /** What the model made of a text without the rules' fallback: a result, or why there is none. */
    public record Attempt(Interpretation result, String failure) {
    }

    /** Asks the model only (no rule fallback); the safety guard still runs first. */
    public Attempt attempt(String text) {
        Optional<String> refusal = SafetyGuard.refusal(text);
        if (refusal.isPresent()) {
            return new Attempt(null, refusal.get());
        }
        try {
            return new Attempt(validate(ask(text)), null);
        } catch (TimeoutException e) {
            return new Attempt(null, "no answer from the model within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Attempt(null, "the model call failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, "interrupted while waiting for the model");
        } catch (InvalidAnswer e) {
            return new Attempt(null, e.getMessage());
        }
    }

    private String ask(String text) throws TimeoutException, ExecutionException, InterruptedException {
        var request = LlmPrompt.request(text, rules.lexicon(), EXAMPLE_RELATIONS, model.supportedCapabilities());
        Future<ChatResponse> call = calls.submit(() -> model.chat(request));
        try {
            ChatResponse response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response == null || response.aiMessage() == null || response.aiMessage().text() == null) {
                throw new ExecutionException(new InterpreterException("expected a text answer from the model but found none"));
            }
            return response.aiMessage().text();
        } finally {
            call.cancel(true);
        }
    }

    /** Parses, links and checks the model's JSON answer. */
    Interpretation validate(String answer) {
        JsonNode root;
        try {
            root = json.readTree(stripFences(answer));
        } catch (JsonProcessingException e) {
            throw new InvalidAnswer("invalid output", "expected JSON from the model but found '" + abbreviate(answer) + "'");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAnswer("invalid output", "expected a JSON object from the model but found '" + abbreviate(answer) + "'");
        }
        Intent intent;
        try {
            intent = Intent.valueOf(root.path("intent").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswer("invalid output", "expected intent EDIT, QUERY, RETRACT or UNKNOWN but found '" + root.path("intent").asText("") + "'");
        }
        JsonNode triples = root.path("triples");
        if (!triples.isMissingNode() && !triples.isNull() && !triples.isArray()) {
            throw new InvalidAnswer("invalid output", "expected \"triples\" to be an array but found " + triples.getNodeType());
        }
        if (intent == Intent.UNKNOWN) {
            return Interpretation.unknown(name, "the model did not find a fact or a question");
        }
        if (triples.size() > Interpretation.MAX_TRIPLES) {
            throw new InvalidAnswer("too many triples", "expected at most " + Interpretation.MAX_TRIPLES + " triples but the model gave " + triples.size());
        }
        if (triples.isEmpty()) {
            throw new InvalidAnswer("invalid output", "expected at least one triple with intent " + intent + " but found none");
        }
        RelationIndex index = rules.relationIndex();
        Set<ParsedTriple> out = new LinkedHashSet<>();
        for (JsonNode t : triples) {
            String relationText = t.path("relation").asText("");
            String relation = index.relation(relationText).orElseThrow(() ->
                    new InvalidAnswer("unknown relation", "expected one of the graph's relations but the model gave '" + relationText + "'"));
            Optional<EntityLinker.Linked> subject = part(t, "subject");
            Optional<EntityLinker.Linked> object = part(t, "object");
            int unknown = (subject.isEmpty() ? 1 : 0) + (object.isEmpty() ? 1 : 0);
            if (intent != Intent.QUERY && unknown > 0) {
                throw new InvalidAnswer("invalid output", "expected every part named in a " + intent + " triple but the model left "
                        + (subject.isEmpty() ? "the subject" : "the object") + " empty");
            }
            if (unknown > 1) {
                throw new InvalidAnswer("invalid output", "expected at most one unknown part in a question but the model left subject and object empty");
            }
            if (subject.isPresent() && subject.get().literal()) {
                throw new InvalidAnswer("invalid output", "expected an entity as subject but the model gave the literal '" + subject.get().value() + "'");
            }
            boolean literal = object.isPresent() && object.get().literal();
            out.add(new ParsedTriple(subject.map(EntityLinker.Linked::value).orElse(null),
                    literal ? index.forLiteralObject(relation) : relation,
                    object.map(EntityLinker.Linked::value).orElse(null), literal));
        }
        return new Interpretation(intent, new ArrayList<>(out), name, null);
    }

    private Optional<EntityLinker.Linked> part(JsonNode triple, String field) {
        JsonNode node = triple.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String text = node.asText("").trim();
        if (text.isEmpty() || text.equals("?") || text.equalsIgnoreCase("null")) {
            return Optional.empty();
        }
        if (text.equals("*") || text.equalsIgnoreCase("all") || text.equalsIgnoreCase("everything") || text.equalsIgnoreCase("any")) {
            throw new InvalidAnswer("invalid output", "expected a named " + field + " but the model gave the wildcard '" + text + "'");
        }
        return Optional.of(EntityLinker.link(text, rules.lexicon()).orElseThrow(() ->
                new InvalidAnswer("invalid output", "expected a name as " + field + " but the model gave '" + text + "'")));
    }

    private Interpretation fallback(String text, String kind, String detail) {
        Interpretation r = rules.interpret(text);
        String note = "LLM interpreter (" + name + ") failed: " + detail + "; answered by the rule interpreter"
                + (r.note() == null ? "" : "; " + r.note());
        return new Interpretation(r.intent(), r.triples(), RuleInterpreter.NAME + " (fallback: " + kind + ")", note);
    }

    private static String stripFences(String s) {
        String t = s.trim();
        if (t.startsWith("```")) {
            int firstNewline = t.indexOf('\n');
            int lastFence = t.lastIndexOf("```");
            if (firstNewline > 0 && lastFence > firstNewline) {
                return t.substring(firstNewline + 1, lastFence).trim();
            }
        }
        return t;
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /** The model's answer cannot be used; {@code kind} is the short reason shown in {@code interpreter}. */
    private static final class InvalidAnswer extends InterpreterException {
        private final String kind;

        InvalidAnswer(String kind, String message) {
            super(message);
            this.kind = kind;
        }
    }
}
