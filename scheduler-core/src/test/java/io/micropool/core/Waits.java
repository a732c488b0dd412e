package io.micropool.core;

import java.util.concurrent.CountDownLatch;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Bounded waits for the concurrent tests: a latch that is not released in 10 s fails the test instead
 * of hanging it, and an interrupt is kept for the caller to see.
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

    /** Sleeps, keeping an interrupt for the caller to see. */
    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
