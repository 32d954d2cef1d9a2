package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A person who may edit ({@code editor}) or also review and administer ({@code admin}). */
@Entity
@Table(name = "concord_user")
public class UserAccount extends PanacheEntityBase {
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 64)
    public String username;

    /** bcrypt hash (Modular Crypt Format, $2a$...). */
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }
}
