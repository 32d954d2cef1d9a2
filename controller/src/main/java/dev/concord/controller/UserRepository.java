package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Finders over {@link UserAccount}. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserAccount, Long> {
    public Optional<UserAccount> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public long countAdmins() {
        return count("role", UserAccount.ADMIN);
    }
}
