package dev.concord.web.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttle's rules with a controlled clock. */
class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle t = new LoginThrottle(now::get);

    @Test
    void blocksAUserFromAnAddressAfterFiveFailuresForADoublingTimeThatEnds() {
        for (int i = 0; i < 4; i++) {
            assertEquals(0, t.failed("admin", "10.0.0.9"));
        }
        assertEquals(30, t.failed("admin", "10.0.0.9"));
        assertEquals(30, t.retryAfterSeconds("admin", "10.0.0.9"));
        // the admin on another machine signs in as usual
        assertEquals(0, t.retryAfterSeconds("admin", "10.0.0.1"));
        assertEquals(60, t.failed("admin", "10.0.0.9"));
        assertEquals(120, t.failed("admin", "10.0.0.9"));
        now.addAndGet(120_000);
        assertEquals(0, t.retryAfterSeconds("admin", "10.0.0.9"), "a block ends by itself");
    }

    @Test
    void neverBlocksLongerThanFifteenMinutes() {
        for (int i = 0; i < 40; i++) {
            t.failed("admin", "10.0.0.9");
        }
        assertEquals(900, t.retryAfterSeconds("admin", "10.0.0.9"));
    }

    @Test
    void anAddressTryingManyUsersIsBlockedForAll() {
        for (int i = 0; i < 20; i++) {
            t.failed("user" + i, "10.0.0.7");
        }
        assertTrue(t.retryAfterSeconds("someone-else", "10.0.0.7") > 0);
        assertTrue(t.retryAfterSeconds(null, "10.0.0.7") > 0, "the login form is blocked for the address too");
        assertEquals(0, t.retryAfterSeconds("someone-else", "10.0.0.8"));
    }

    @Test
    void successClearsTheCountAndOldFailuresAreForgotten() {
        for (int i = 0; i < 4; i++) {
            t.failed("bob", "10.0.0.5");
        }
        t.succeeded("bob", "10.0.0.5");
        assertEquals(0, t.failed("bob", "10.0.0.5"), "counting starts again after a success");
        for (int i = 0; i < 3; i++) {
            t.failed("bob", "10.0.0.5");
        }
        now.addAndGet(LoginThrottle.WINDOW_MILLIS + 1);
        assertEquals(0, t.failed("bob", "10.0.0.5"), "failures older than the window do not count");
    }
}
