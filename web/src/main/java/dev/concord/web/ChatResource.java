package dev.concord.web;

import dev.concord.controller.ChatService;
import dev.concord.interpreter.Interpretation;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** /api/interpret and /api/chat. */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {
    @Inject
    ChatService chat;
    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/interpret")
    public Interpretation interpret(Requests.TextBody body) {
        Requests.body(body);
        return chat.interpret(body.text());
    }

    @POST
    @Path("/chat")
    public ChatService.ChatReply chat(Requests.ChatBody body) {
        Requests.body(body);
        return chat.chat(identity.getPrincipal().getName(), body.message());
    }
}
