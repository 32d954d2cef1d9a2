package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ControllerException;
import dev.concord.controller.KgQueries;
import dev.concord.controller.LlmService;
import dev.concord.controller.ModelGateway;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditRecord;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * /api/model (which model is loaded, its edit log), /api/model/evaluation (the table of the last
 * {@code ./concord editor eval} run on that model) and /api/llm/ask (the edited model's completion).
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    @Inject
    ModelGateway model;
    @Inject
    LlmService llm;
    @Inject
    KgQueries queries;
    @Inject
    ConcordConfig config;

    /** Where the eval command leaves a copy of its eval.json, inside the model folder. */
    static final String EVALUATION_FILE = "evaluation/last.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record ModelInfoView(String state, String model, String message, String note, String method, String device,
                                List<EditRecord> log) {
    }

    @GET
    @Path("/model")
    public ModelInfoView info() {
        ModelGateway.Status s = model.status();
        List<EditRecord> log = List.of();
        String method = config.model().method();
        if (s.state() == ModelGateway.State.READY) {
            try {
                log = model.submit(ed -> ed.map(e -> e.log()).orElse(List.of())).get(30, TimeUnit.SECONDS);
                if (method.strip().equalsIgnoreCase("AUTO")) {
                    method = "AUTO: " + model.submit(ed -> ed.map(e -> e.defaultMethod().name()).orElse("none"))
                            .get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw ControllerException.unavailable("the model is busy; try again");
            }
        }
        return new ModelInfoView(s.state().name(), s.modelName(), s.message(), s.note(), method,
                config.model().device(), log);
    }

    /**
     * The last evaluation run: {@code model} as the eval command named it, the loaded model's name,
     * {@code ranAt} (the file's modification time) and {@code rows} exactly as the file has them
     * (method, T, batch, cases, reliability, generalisation, locality, portability,
     * greedy_exact_match, seconds_per_edit).
     */
    public record EvaluationView(String model, String loadedModel, String file, String ranAt, List<JsonNode> rows) {
    }

    @GET
    @Path("/model/evaluation")
    public EvaluationView evaluation() {
        ModelGateway.Status s = model.status();
        if (s.state() == ModelGateway.State.DISABLED) {
            throw ControllerException.notFound("no model is loaded (" + s.message()
                    + "), so there is no evaluation to show; enable the model, then run ./concord editor eval --model DIR");
        }
        java.nio.file.Path dir = ModelLoading.folder(config, java.nio.file.Path.of(config.dataDir()));
        java.nio.file.Path file = dir.resolve(EVALUATION_FILE);
        JsonNode root;
        String ranAt;
        try {
            ranAt = Files.getLastModifiedTime(file).toInstant().toString();
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw ControllerException.notFound("no evaluation has been run on this model yet: run ./concord editor eval --model "
                    + dir + " (it leaves " + EVALUATION_FILE + " in the model folder)");
        } catch (IOException e) {
            throw ControllerException.unavailable("the last evaluation (" + file + ") cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw ControllerException.unavailable("the last evaluation (" + file
                    + ") is not an evaluation: expected a JSON object with a rows array, found "
                    + (root == null ? "an empty file" : root.getNodeType().name().toLowerCase()));
        }
        List<JsonNode> rows = new ArrayList<>();
        root.get("rows").forEach(rows::add);
        JsonNode name = root.path("model");
        return new EvaluationView(name.isTextual() ? name.asText() : null, s.modelName(), EVALUATION_FILE, ranAt, rows);
    }

    @POST
    @Path("/llm/ask")
    @Consumes(MediaType.APPLICATION_JSON)
    public LlmService.Completion ask(Requests.AskBody body) {
        Requests.body(body);
        if (body.prompt() != null) {
            return llm.ask(body.prompt());
        }
        if (body.subject() == null || body.subject().isBlank() || body.relation() == null || body.relation().isBlank()) {
            throw ControllerException.badInput("give either {prompt} or {subject, relation}");
        }
        return llm.ask(queries.prompt(body.subject(), body.relation()));
    }
}
