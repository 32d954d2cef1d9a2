package dev.concord.controller;

import java.time.Instant;

/** An audit event as the API and /ws/events carry it. */
public record AuditView(Long id, Instant at, String actor, String kind, Long editId, String detail) {
}
