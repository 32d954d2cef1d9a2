package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one edit lock: checking an edit and committing it to the graph, review, rollback, recovery
 * and schema changes all hold it, so no two of them decide on the same graph state. Fair: edits
 * are taken in the order they asked.
 */
@ApplicationScoped
public class EditLock {
    private final ReentrantLock lock = new ReentrantLock(true);

    /** Runs an action under the lock (a consistent snapshot with respect to edits). */
    public <T> T underLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }
}
