package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntPredicate;

import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitQuietly;
import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * {@link MicroPool#activeWorkerCount()}: idle workers (spinning or parked) are not active, workers running
 * background tasks are, and a closed pool or one without workers has none.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ActiveWorkerCountTest {
    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix("active-worker-").build();
    }

    @Test
    void idleWorkersAreNotActive() {
        try (MicroPool pool = pool(2)) {
            Waits.awaitWorkersIdle(pool);
            until(pool, active -> active == 0);
        }
    }

    @Test
    void workersRunningTasksAreActive() {
        try (MicroPool pool = pool(2)) {
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            // Each task holds its worker until released, so the two run at once, one on each worker.
            Task<Boolean> first = pool.spawn(() -> { started.countDown(); return awaitQuietly(release); });
            Task<Boolean> second = pool.spawn(() -> { started.countDown(); return awaitQuietly(release); });
            await(started);
            assertEquals(2, pool.activeWorkerCount());
            release.countDown();
            assertEquals(true, first.join());
            assertEquals(true, second.join());
            until(pool, active -> active == 0);
        }
    }

    @Test
    void aWorkerRunningATaskIsActiveWhileTheOtherIdles() {
        try (MicroPool pool = pool(2)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<Boolean> task = pool.spawn(() -> { started.countDown(); return awaitQuietly(release); });
            await(started);
            until(pool, active -> active == 1);
            release.countDown();
            assertEquals(true, task.join());
        }
    }

    @Test
    void aClosedPoolAndAPoolWithoutWorkersHaveNone() {
        MicroPool pool = pool(2);
        pool.invoke(8, i -> { });
        pool.close();
        assertEquals(0, pool.activeWorkerCount(), "close() returns once every worker has ended");
        try (MicroPool inline = pool(0)) {
            inline.invoke(8, i -> { });
            assertEquals(0, inline.activeWorkerCount());
        }
    }

    /** Waits until {@code pool.activeWorkerCount()} satisfies {@code expected}, failing after 10 s. */
    private static void until(MicroPool pool, IntPredicate expected) {
        long deadline = System.nanoTime() + SECONDS.toNanos(Waits.LATCH_SECONDS);
        while (true) {
            int active = pool.activeWorkerCount();
            if (expected.test(active)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("active workers stayed at " + active + ": " + pool.stats().threads());
            }
            sleepMillis(1);
        }
    }
}
