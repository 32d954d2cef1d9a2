package dev.concord.web.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side sessions: idle and absolute timeouts, logout, ownership, with a controlled clock. */
class SessionRegistryTest {
    private final AtomicLong now = new AtomicLong(0);
    private final SessionRegistry r = new SessionRegistry(now::get);

    @Test
    void aSessionEndsAfterTheIdleTimeoutUnlessUsed() {
        SessionRegistry.Session s = r.create("alice");
        now.addAndGet(Duration.ofMinutes(119).toMillis());
        assertTrue(r.use(s.id(), "alice").isPresent(), "used within two hours");
        now.addAndGet(Duration.ofMinutes(119).toMillis());
        assertTrue(r.use(s.id(), "alice").isPresent(), "each use restarts the idle clock");
        now.addAndGet(Duration.ofHours(2).toMillis());
        assertTrue(r.use(s.id(), "alice").isEmpty(), "two idle hours end it");
    }

    @Test
    void aSessionEndsAfterTheAbsoluteTimeoutHoweverActive() {
        SessionRegistry.Session s = r.create("alice");
        for (int i = 0; i < 11; i++) {
            now.addAndGet(Duration.ofHours(1).toMillis());
            assertTrue(r.use(s.id(), "alice").isPresent(), "hour " + (i + 1));
        }
        now.addAndGet(Duration.ofHours(1).toMillis());
        assertTrue(r.use(s.id(), "alice").isEmpty(), "twelve hours after login");
    }

    @Test
    void logoutEndsOneSessionAndIdsAreBoundToTheirUser() {
        SessionRegistry.Session a = r.create("alice");
        SessionRegistry.Session b = r.create("alice");
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.csrf(), b.csrf());
        assertTrue(r.use(a.id(), "mallory").isEmpty(), "another user's session id is no use");
        r.end(a.id());
        assertTrue(r.use(a.id(), "alice").isEmpty());
        assertTrue(r.use(b.id(), "alice").isPresent(), "the other session stays");
        r.endAll("alice");
        assertTrue(r.peek(b.id()).isEmpty());
        assertEquals(43, a.id().length(), "32 random bytes, base64url");
    }
}
