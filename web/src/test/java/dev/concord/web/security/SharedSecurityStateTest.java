package dev.concord.web.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions and login failures in the workflow database (issue 19): two registries and two throttles
 * over the same database stand for two Concord processes. Runs on H2 and in the PostgreSQL execution.
 */
@QuarkusTest
class SharedSecurityStateTest {
    @Inject
    DatabaseSecurityStore store;
    @Inject
    AgroalDataSource dataSource;

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aSessionStartedOnOneReplicaIsValidOnTheOtherAndLogoutEndsItEverywhere() throws Exception {
        SessionRegistry one = new SessionRegistry(store, now::get);
        SessionRegistry two = new SessionRegistry(store, now::get);
        SessionRegistry.Session s = one.create("shared-alice");
        assertTrue(two.use(s.id(), "shared-alice").isPresent(), "the other replica knows the session");
        assertTrue(SessionRegistry.csrfMatches(two.peek(s.id()).orElseThrow(), s.csrf()), "and its CSRF token");
        assertFalse(SessionRegistry.csrfMatches(two.peek(s.id()).orElseThrow(), s.csrf() + "x"));
        assertEquals(0, count("SELECT count(*) FROM concord_web_session WHERE id_hash = '" + s.id() + "'"),
                "the database holds no session id in the clear");
        one.end(s.id());
        assertTrue(two.use(s.id(), "shared-alice").isEmpty(), "logout on one replica ends it on the other");
        SessionRegistry.Session t = one.create("shared-alice");
        now.addAndGet(java.time.Duration.ofHours(3).toMillis());
        assertTrue(two.use(t.id(), "shared-alice").isEmpty(), "idle for three hours");
    }

    @Test
    void failuresCountAcrossReplicasAndConcurrentFailuresAreAllCounted() {
        LoginThrottle one = new LoginThrottle(store, now::get);
        LoginThrottle two = new LoginThrottle(store, now::get);
        String user = "shared-bob-" + System.nanoTime();
        one.failed(user, "10.9.0.1");
        one.failed(user, "10.9.0.1");
        two.failed(user, "10.9.0.1");
        two.failed(user, "10.9.0.1");
        assertEquals(30, one.failed(user, "10.9.0.1"), "the fifth failure, counted over both replicas, blocks");
        assertEquals(30, two.retryAfterSeconds(user, "10.9.0.1"), "and the other replica honours the block");
        two.succeeded(user, "10.9.0.1");
        assertEquals(0, one.retryAfterSeconds(user, "10.9.0.1"), "a success on one replica clears it for both");

        // 16 failures at once from two replicas: the row lock lets none be lost
        String racer = "shared-carol-" + System.nanoTime();
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            LoginThrottle t = i % 2 == 0 ? one : two;
            all.add(CompletableFuture.supplyAsync(() -> t.failed(racer, "10.9.0.2")));
        }
        all.forEach(CompletableFuture::join);
        assertEquals(16, store.failures("u:" + racer + "|10.9.0.2").orElseThrow().failures());
    }
}
