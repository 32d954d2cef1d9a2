package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Records audit events inside the caller's transaction and announces each one as a CDI event;
 * observers with {@code during = TransactionPhase.AFTER_SUCCESS} (the /ws/events socket) see it
 * only once it is committed.
 */
@ApplicationScoped
public class AuditService {
    @Inject
    AuditRepository repository;

    @Inject
    Event<AuditView> events;

    @Transactional(Transactional.TxType.MANDATORY)
    public AuditView record(String actor, String kind, Long editId, String detail) {
        AuditEvent e = new AuditEvent();
        e.at = Instant.now();
        e.actor = actor;
        e.kind = kind;
        e.editId = editId;
        e.detail = detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
        repository.persist(e);
        repository.flush();
        AuditView view = e.view();
        events.fire(view);
        return view;
    }
}
