package io.micropool.core;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Bounded waits for the concurrent tests: a latch that is not released (or a barrier not reached) in
 * 10 s fails the test instead of hanging it, and an interrupt is kept for the caller to see.
 */
final class Waits {
    /** How long a test waits for a latch before it fails. */
    static final long LATCH_SECONDS = 10;

    private Waits() {
    }

    /** Waits for {@code latch}, failing with an {@link AssertionError} after 10 s or on interrupt. */
    static void await(CountDownLatch latch) {
        if (!awaitQuietly(latch)) {
            throw new AssertionError("latch not released within " + LATCH_SECONDS + " s");
        }
    }

    /** @return whether {@code latch} was released within 10 s (false on interrupt, which is kept) */
    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(LATCH_SECONDS, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits at {@code barrier} for the other units that must run at the same time, failing with an
     * {@link AssertionError} after 10 s, if the barrier breaks, or on interrupt (which is kept).
     */
    static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(LATCH_SECONDS, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("the units did not run at the same time", e);
        }
    }

    /**
     * Waits until every worker of {@code pool} has spun through a whole spin budget once, finding nothing:
     * each is then idle and asking for work (from its first search on, spinning and then parked), whatever
     * the machine's load made its start take. Fails with an {@link AssertionError} after 10 s.
     */
    static void awaitWorkersIdle(MicroPool pool) {
        until(() -> pool.stats().threads().stream()
                .filter(t -> t.role() == ThreadStats.Role.WORKER)
                .noneMatch(t -> t.get(Counter.SPIN_NANOS) == 0),
            () -> "the workers did not all go idle: " + pool.stats().threads());
    }

    /**
     * Polls {@code condition} about every millisecond until it holds, failing with an {@link AssertionError}
     * that says {@code what} is still wrong after 10 s. Leaves an interrupt alone (it only makes the polls
     * come faster).
     */
    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + SECONDS.toNanos(LATCH_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + LATCH_SECONDS + " s: " + what.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Sleeps, keeping an interrupt for the caller to see. */
    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
