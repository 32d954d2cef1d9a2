package dev.concord.web.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A real PostgreSQL 16 (zonky's embedded binaries) for the {@code pgtest} test profile, which
 * the web module's second surefire execution runs. In every other run it starts nothing.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedPostgres postgres;

    static boolean active() {
        String profiles = System.getProperty("quarkus.test.profile", "");
        return Arrays.asList(profiles.split(",")).contains("pgtest");
    }

    @Override
    public Map<String, String> start() {
        if (!active()) {
            return Map.of();
        }
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Registers the resource for every @QuarkusTest of the run. */
    @QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
    public static final class Registration {
    }
}
