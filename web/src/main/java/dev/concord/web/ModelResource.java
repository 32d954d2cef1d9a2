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

/** /api/model (which model is loaded, its edit log) and /api/llm/ask (the edited model's completion). */
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

    public record ModelInfoView(String state, String model, String message, String method, String device,
                                List<EditRecord> log) {
    }

    @GET
    @Path("/model")
    public ModelInfoView info() {
        ModelGateway.Status s = model.status();
        List<EditRecord> log = List.of();
        if (s.state() == ModelGateway.State.READY) {
            try {
                log = model.submit(ed -> ed.map(e -> e.log()).orElse(List.of())).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw ControllerException.unavailable("the model is busy; try again");
            }
        }
        return new ModelInfoView(s.state().name(), s.modelName(), s.message(), config.model().method(),
                config.model().device(), log);
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
