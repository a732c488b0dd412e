package io.micropool.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.Waits.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps a pool's worker busy and holds a job slot and a scope: another outside thread calls
 * {@code join(a, b)}, where {@code a}, on that thread, waits until {@code b} has started (so a worker took
 * {@code b}), and {@code b} blocks until this is closed. For a pool of one worker: then no worker is free.
 */
final class BlockedJoin implements AutoCloseable {
    private final CountDownLatch bStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<Thread> aThread = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread owner;

    /** Starts the join and returns once {@code b} runs on a thread whose name starts with {@code workerPrefix}. */
    BlockedJoin(MicroPool pool, String workerPrefix) {
        AtomicReference<Thread> bThread = new AtomicReference<>();
        owner = new Thread(() -> {
            try {
                pool.join(() -> {
                    aThread.set(Thread.currentThread());
                    await(bStarted);
                }, () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                    await(release);
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "blocked-join-owner");
        owner.start();
        await(bStarted);
        assertTrue(bThread.get().getName().startsWith(workerPrefix), "b must run on the worker: " + bThread.get());
    }

    /** Asserts that the join is still blocked, so it still holds the worker, its slot and its scope. */
    void assertStillBlocking() {
        assertTrue(owner.isAlive(), "the blocked join must still be running");
    }

    /** Releases {@code b}, waits for the join to return, asserts it returned normally with {@code a} on its caller. */
    @Override
    public void close() {
        release.countDown();
        try {
            owner.join(SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertFalse(owner.isAlive(), "the blocked join did not return once released");
        if (failure.get() != null) {
            throw new AssertionError("the blocked join failed", failure.get());
        }
        assertSame(owner, aThread.get(), "a must run on its caller");
    }
}
