package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ControllerException;
import dev.concord.controller.KgQueries;
import dev.concord.controller.LlmService;
import dev.concord.controller.ModelGateway;
import dev.concord.editor.EditRecord;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
    static final String EVALUATION_FILE = dev.concord.controller.ModelEvaluation.FILE;

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

    @GET
    @Path("/model/evaluation")
    public dev.concord.controller.ModelEvaluation.View evaluation() {
        ModelGateway.Status s = model.status();
        if (s.state() == ModelGateway.State.DISABLED) {
            throw ControllerException.notFound("no model is loaded (" + s.message()
                    + "), so there is no evaluation to show; enable the model, then run ./concord editor eval --model DIR");
        }
        return dev.concord.controller.ModelEvaluation.last(
                ModelLoading.folder(config, java.nio.file.Path.of(config.dataDir())), s.modelName());
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
