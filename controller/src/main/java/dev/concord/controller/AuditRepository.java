package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Finders over {@link AuditEvent}. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEvent, Long> {
    public List<AuditEvent> ofEdit(long editId) {
        return list("editId", Sort.ascending("id"), editId);
    }

    public List<AuditEvent> latest(int limit) {
        return findAll(Sort.descending("id")).range(0, limit - 1).list();
    }
}
