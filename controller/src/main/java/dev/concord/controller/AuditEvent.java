package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One state change: who, when, what (kind and detail), and the edit it concerns if any. */
@Entity
@Table(name = "concord_audit")
public class AuditEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false, length = 64)
    public String actor;

    @Column(nullable = false, length = 40)
    public String kind;

    @Column(name = "edit_id")
    public Long editId;

    @Column(length = 4000)
    public String detail;

    public AuditView view() {
        return new AuditView(id, at, actor, kind, editId, detail);
    }
}
