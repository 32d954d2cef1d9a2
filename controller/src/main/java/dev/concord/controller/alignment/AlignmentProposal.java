package dev.concord.controller.alignment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A proposed alignment of two relations and what an admin decided (concord_alignment_proposal). */
@Entity
@Table(name = "concord_alignment_proposal")
public class AlignmentProposal extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "rel_a")
    public String a;

    @Column(name = "rel_b")
    public String b;

    public double phrasing;

    @Column(name = "shared_pairs")
    public int sharedPairs;

    public String reason;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public String note;

    /** What the API shows. */
    public record View(long id, String a, String b, double phrasing, int sharedPairs, String reason, String status,
                       Instant createdAt, String decidedBy, Instant decidedAt, String note) {
    }

    public View view() {
        return new View(id, a, b, phrasing, sharedPairs, reason, status, createdAt, decidedBy, decidedAt, note);
    }
}
