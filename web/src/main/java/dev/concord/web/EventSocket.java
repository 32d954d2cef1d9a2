package dev.concord.web;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import jakarta.inject.Inject;

/** /ws/events: live audit events (edits, reviews, rollbacks, users) for logged-in users. */
@WebSocket(path = "/ws/events")
@Authenticated
public class EventSocket {
    @Inject
    SecurityIdentity identity;

    @OnOpen
    public String onOpen() {
        return "{\"kind\":\"hello\",\"actor\":\"" + identity.getPrincipal().getName().replace("\"", "") + "\"}";
    }
}
