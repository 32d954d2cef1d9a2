package dev.concord.controller.alignment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One alignment proposal run over the graph's relations (concord_alignment_run). */
@Entity
@Table(name = "concord_alignment_run")
public class AlignmentRun extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** SHA-256 of the sorted relation names the run compared. */
    @Column(name = "relations_hash")
    public String relationsHash;

    public int relations;

    public int created;

    public String actor;

    @Column(name = "ran_at")
    public Instant ranAt;
}
