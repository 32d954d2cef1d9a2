package dev.concord.web.security;

import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.LongSupplier;

/**
 * Login throttling for the form and HTTP Basic. Failures are counted per (user, address) and per
 * address; after {@code userLimit} failures for a user from one address, or {@code addressLimit}
 * from one address for any users, further attempts from there are answered 429 with Retry-After
 * for a time that doubles with each further failure (30 s, 60 s, ... at most 15 minutes).
 *
 * <p>Why this shape: an attacker can keep failing for "admin" from their own address, but that
 * only blocks "admin" from that address, never from the admin's own machine, and every block ends
 * by itself; a successful login clears its (user, address) count. Counts older than the window
 * (15 minutes after the last failure) are forgotten. Kept in the workflow database
 * ({@link DatabaseSecurityStore}): every replica counts the same failures and honours the same blocks.
 */
@ApplicationScoped
public class LoginThrottle {
    static final long WINDOW_MILLIS = 15 * 60_000L;
    static final long MAX_BLOCK_MILLIS = 15 * 60_000L;
    static final long FIRST_BLOCK_MILLIS = 30_000L;
    /** Counts older than the window are deleted once every this many failures. */
    private static final int PURGE_EVERY = 64;

    private final SecurityStore store;
    private final LongSupplier clock;
    private final java.util.concurrent.atomic.AtomicInteger sincePurge = new java.util.concurrent.atomic.AtomicInteger();

    int userLimit = 5;
    int addressLimit = 20;

    @jakarta.inject.Inject
    public LoginThrottle(dev.concord.controller.ConcordConfig config, DatabaseSecurityStore store) {
        this(store, System::currentTimeMillis);
        this.userLimit = config.login().userLimit();
        this.addressLimit = config.login().addressLimit();
    }

    /** Counts in memory (one process), with a controlled clock for tests. */
    LoginThrottle(LongSupplier clock) {
        this(new SecurityStore.InMemory(), clock);
    }

    LoginThrottle(SecurityStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Seconds to wait before another attempt for this user (null: unknown yet) from this address; 0 when allowed. */
    public long retryAfterSeconds(String user, String address) {
        long now = clock.getAsLong();
        long until = store.blockedUntil(user == null ? java.util.List.of("a:" + address)
                : java.util.List.of("a:" + address, userKey(user, address)));
        return until <= now ? 0 : Math.max(1, (until - now + 999) / 1000);
    }

    /** Records a failed login; returns the seconds the next attempt must wait (0 when not blocked). */
    public long failed(String user, String address) {
        long now = clock.getAsLong();
        if (sincePurge.incrementAndGet() % PURGE_EVERY == 0) {
            store.purgeFailures(now - WINDOW_MILLIS);
        }
        fail(userKey(user, address), userLimit, now);
        fail("a:" + address, addressLimit, now);
        Metrics.counter("concord.login.failures.recorded").increment();
        return retryAfterSeconds(user, address);
    }

    /** A successful login clears the (user, address) count (not the address's). */
    public void succeeded(String user, String address) {
        store.removeFailures(userKey(user, address));
    }

    private void fail(String key, int limit, long now) {
        store.updateFailures(key, s -> {
            int failures = s == null || now - s.lastFailure() > WINDOW_MILLIS ? 1 : s.failures() + 1;
            long blocked = 0;
            if (failures >= limit) {
                int over = Math.min(failures - limit, 20);
                blocked = now + Math.min(MAX_BLOCK_MILLIS, FIRST_BLOCK_MILLIS << over);
            }
            return new SecurityStore.Failures(failures, now, blocked);
        });
    }

    private static String userKey(String user, String address) {
        return "u:" + (user == null ? "" : user.toLowerCase(java.util.Locale.ROOT)) + "|" + address;
    }
}
