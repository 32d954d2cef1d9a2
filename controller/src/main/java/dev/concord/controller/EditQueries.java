package dev.concord.controller;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** Reading edits: one, a filtered page, the review queue, an edit's audit history. */
@ApplicationScoped
public class EditQueries {
    @Inject
    EditRepository edits;
    @Inject
    AuditRepository auditEvents;

    public EditView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> find(id).view());
    }

    public List<EditView> list(EditStatus status, String author, int offset, int limit) {
        return QuarkusTransaction.requiringNew().call(() ->
                edits.search(status, author, offset, limit).stream().map(Edit::view).toList());
    }

    public List<EditView> reviews() {
        return QuarkusTransaction.requiringNew().call(() -> edits.pendingReview().stream().map(Edit::view).toList());
    }

    public List<AuditView> history(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            find(id);
            return auditEvents.ofEdit(id).stream().map(AuditEvent::view).toList();
        });
    }

    /** The edit, inside the caller's transaction; 404 when there is none. */
    Edit find(long id) {
        return edits.findByIdOptional(id).orElseThrow(() -> ControllerException.notFound("no edit with id " + id));
    }

}
