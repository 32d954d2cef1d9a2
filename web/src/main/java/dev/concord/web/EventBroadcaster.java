package dev.concord.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.controller.AuditView;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Pushes every committed audit event to the open /ws/events connections as JSON. */
@ApplicationScoped
public class EventBroadcaster {
    private static final Logger LOG = Logger.getLogger(EventBroadcaster.class);

    @Inject
    OpenConnections connections;
    @Inject
    ObjectMapper mapper;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditView event) {
        String json;
        try {
            json = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            LOG.warnf("Cannot write event %s: %s", event.id(), e.getMessage());
            return;
        }
        connections.forEach(c -> {
            if (c.isOpen()) {
                c.sendText(json).subscribe().with(ok -> { }, err -> LOG.debugf("Event not delivered: %s", err.getMessage()));
            }
        });
    }
}
