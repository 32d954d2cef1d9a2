package dev.concord.controller;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edit lock on PostgreSQL is the database's: two locks with separate JVM locks over the same
 * database (two Concord processes) take turns. Runs in the PostgreSQL execution; on H2 the JVM lock
 * alone serves and this test is skipped.
 */
@QuarkusTest
class EditLockTest {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EditLock lock;

    private long advisoryLocks() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void twoProcessesSharingTheDatabaseTakeTurns() throws Exception {
        Assumptions.assumeTrue(lock.databaseOrdered(), "H2: one process, the JVM lock serves");
        EditLock first = new EditLock(dataSource, true);
        EditLock second = new EditLock(dataSource, true);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> first.underLock(() -> {
            held.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(held.await(10, TimeUnit.SECONDS));
        assertEquals(1, advisoryLocks(), "the database holds the lock");
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> second.underLock(() -> "second"));
        Thread.sleep(500);
        assertFalse(b.isDone(), "the other process waits for the database lock");
        release.countDown();
        assertEquals("second", b.get(10, TimeUnit.SECONDS));
        a.get(10, TimeUnit.SECONDS);
        assertEquals(0, advisoryLocks(), "released");
    }

    @Test
    void nestedUseTakesTheDatabaseLockOnce() throws Exception {
        Assumptions.assumeTrue(lock.databaseOrdered(), "H2: one process, the JVM lock serves");
        long inner = lock.underLock(() -> lock.underLock(() -> {
            try {
                return advisoryLocks();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals(1, inner);
        assertEquals(0, advisoryLocks());
    }
}
