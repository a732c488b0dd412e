package io.micropool.core;

import io.micropool.api.IndexedJob;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitQuietly;
import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Nested two-unit calls keep their second unit on the calling thread's pending stack and offer it only
 * when it is the first split of a unit or when some thread asks for work: a spinning or sleeping worker,
 * or an owner of the same call tree waiting with nothing to help.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class LazyJoinTest {
    private static final String PREFIX = "lazy-join-worker-";

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }

    /** fib(n) with {@code invoke(2, context, job)} at every level. */
    private static final IndexedJob<long[]> FIB_UNIT = (frame, index) -> frame[1 + index] = fibByInvoke(frame[0] - 1 - index);

    private static MicroPool invokePool;

    private static long fibByInvoke(long n) {
        if (n < 2) {
            return n;
        }
        long[] frame = {n, 0, 0};
        invokePool.invoke(2, frame, FIB_UNIT);
        return frame[1] + frame[2];
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void deepRecursionIsRightAndOffersFewOfItsJoins(int workers) {
        try (MicroPool pool = pool(workers)) {
            for (int round = 0; round < 20; round++) {
                AtomicInteger joins = new AtomicInteger();
                long offeredBefore = pool.stats().pairsOffered();
                assertEquals(FibJoins.sequential(20), FibJoins.fib(pool, 20, joins));
                long offered = pool.stats().pairsOffered() - offeredBefore;
                // Only the outermost join publishes without being nested; every nested one is a pair.
                assertTrue(offered >= 1, "the first nested join of the caller's half is offered at once");
                assertTrue(offered <= joins.get() / 2, offered + " of " + joins + " joins were offered");
            }
            MicroPoolStats stats = pool.stats();
            assertEquals(0, stats.jobSlotsInUse(), stats.toString());
            assertEquals(0, stats.scopesInUse(), stats.toString());
        }
    }

    /** A chain of {@code depth} nested joins; each level counts its second half once it ran. */
    private static void chain(MicroPool pool, int depth, AtomicInteger seconds) {
        if (depth > 0) {
            pool.join(() -> chain(pool, depth - 1, seconds), seconds::incrementAndGet);
        }
    }

    @Test
    void nestingDeeperThanThePendingStackPublishesTheRest() {
        try (MicroPool pool = pool(1)) {
            AtomicInteger seconds = new AtomicInteger();
            // Deeper than the 128 frames of the stack: the levels beyond it take the published path.
            chain(pool, 400, seconds);
            assertEquals(400, seconds.get());
            MicroPoolStats stats = pool.stats();
            assertEquals(0, stats.jobSlotsInUse(), stats.toString());
            assertEquals(0, stats.scopesInUse(), stats.toString());
        }
    }

    @Test
    void invokeOfTwoUnitsTakesTheSamePath() {
        try (MicroPool pool = pool(1)) {
            invokePool = pool;
            for (int round = 0; round < 20; round++) {
                assertEquals(FibJoins.sequential(18), fibByInvoke(18));
            }
            assertEquals(0, pool.stats().jobSlotsInUse(), pool.stats().toString());
        } finally {
            invokePool = null;
        }
    }

    @Test
    void deepHalfStaysOnTheCallerWhileNobodyAsksForWork() throws Exception {
        try (MicroPool pool = pool(1)) {
            CountDownLatch workerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> deepHalf = new AtomicReference<>();
            AtomicReference<Long> offeredInside = new AtomicReference<>();
            Thread caller = Thread.currentThread();
            pool.join(
                () -> {
                    await(workerBusy);
                    long before = pool.stats().pairsOffered();
                    // First split of the caller's unit: offered at once; the worker is blocked, so the
                    // caller claims it back.
                    pool.join(
                        // Second level: nobody is idle and nobody waits, so nothing is offered.
                        () -> pool.join(() -> { }, () -> deepHalf.set(Thread.currentThread())),
                        () -> { });
                    offeredInside.set(pool.stats().pairsOffered() - before);
                    release.countDown();
                },
                () -> {
                    workerBusy.countDown();
                    await(release);
                });
            assertSame(caller, deepHalf.get());
            assertEquals(1L, offeredInside.get(), "offers made while the only worker was blocked");
        }
    }

    /**
     * The first split of a unit, whose other half (offered at once) is let run; then, after a pause in
     * which the other threads settle, a split one level deeper whose first half waits up to 10 s for its
     * second half to be taken by another thread — which can happen only if the second half was offered.
     */
    private static final class DeepSplit implements Runnable {
        final AtomicReference<Thread> taker = new AtomicReference<>();
        final AtomicBoolean timedOut = new AtomicBoolean();
        private final MicroPool pool;

        DeepSplit(MicroPool pool) {
            this.pool = pool;
        }

        @Override
        public void run() {
            CountDownLatch otherHalfRan = new CountDownLatch(1);
            CountDownLatch taken = new CountDownLatch(1);
            pool.join(
                () -> {
                    await(otherHalfRan);
                    sleepMillis(20);
                    pool.join(
                        () -> timedOut.set(!awaitQuietly(taken)),
                        () -> {
                            taker.set(Thread.currentThread());
                            taken.countDown();
                        });
                },
                otherHalfRan::countDown);
        }
    }

    @Test
    void deepHalfIsOfferedToAnIdleWorker() {
        try (MicroPool pool = pool(1)) {
            Thread caller = Thread.currentThread();
            DeepSplit deep = new DeepSplit(pool);
            // The caller splits deep while the worker, done with the trivial other half, is idle.
            pool.join(deep, () -> { });
            assertFalse(deep.timedOut.get(), "the deep half was never taken while the caller's half waited for it");
            assertTrue(deep.taker.get() != null && deep.taker.get() != caller, "taken by " + deep.taker.get());
        }
    }

    @Test
    void deepHalfIsOfferedToAWaitingOwnerOfTheSameTree() {
        try (MicroPool pool = pool(1)) {
            Thread caller = Thread.currentThread();
            CountDownLatch workerHasHalf = new CountDownLatch(1);
            DeepSplit deep = new DeepSplit(pool);
            pool.join(
                // The caller's half ends once the worker holds the other: the caller then waits for it
                // with nothing to help, and asks for work while the busy worker splits deep.
                () -> await(workerHasHalf),
                () -> {
                    workerHasHalf.countDown();
                    deep.run();
                });
            assertFalse(deep.timedOut.get(), "the deep half was never taken while the worker's half waited for it");
            assertSame(caller, deep.taker.get());
        }
    }

    @Test
    void failureOfTheFirstHalfSkipsAPendingSecondHalf() {
        try (MicroPool pool = pool(1)) {
            RuntimeException boom = new IllegalStateException("boom");
            CountDownLatch workerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean secondRan = new AtomicBoolean();
            AtomicReference<Throwable> caught = new AtomicReference<>();
            pool.join(
                () -> {
                    await(workerBusy);
                    pool.join(
                        () -> {
                            // Two levels deep, nobody asks for work: the second half stays pending.
                            try {
                                pool.join(() -> { throw boom; }, () -> secondRan.set(true));
                            } catch (Throwable t) {
                                caught.set(t);
                            }
                        },
                        () -> { });
                    release.countDown();
                },
                () -> {
                    workerBusy.countDown();
                    await(release);
                });
            assertSame(boom, caught.get());
            assertFalse(secondRan.get(), "the pending half ran after the first half failed");
            assertEquals(0, pool.stats().jobSlotsInUse(), pool.stats().toString());
        }
    }

    @Test
    void failuresOfBothHalvesOfAnOfferedPairComeBackAsOne() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 200; round++) {
                RuntimeException first = new IllegalStateException("a");
                RuntimeException second = new IllegalArgumentException("b");
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Throwable> caught = new AtomicReference<>();
                pool.join(
                    () -> {
                        try {
                            // First split of the unit: offered at once, so the worker may take b.
                            pool.join(() -> { awaitQuietly(bStarted); throw first; }, () -> { bStarted.countDown(); throw second; });
                        } catch (Throwable t) {
                            caught.set(t);
                        }
                    },
                    () -> { });
                Throwable t = caught.get();
                assertTrue(t == first || t == second, "caught " + t);
                Throwable other = t == first ? second : first;
                assertEquals(1, t.getSuppressed().length, "suppressed: " + t.getSuppressed().length);
                assertSame(other, t.getSuppressed()[0]);
            }
            assertEquals(0, pool.stats().jobSlotsInUse(), pool.stats().toString());
        }
    }
    @Test
    void aFinishedCallKeepsNoneOfItsJobsReachable() {
        try (MicroPool pool = pool(1)) {
            List<WeakReference<Object>> captured = new ArrayList<>();
            // Nested pairs, some of them several levels deep, all popped before the outermost join returns.
            runNested(pool, 4, captured);
            assertEquals(30, captured.size());
            for (int attempt = 0; attempt < 10 && captured.stream().anyMatch(ref -> ref.get() != null); attempt++) {
                System.gc();
                sleepMillis(10);
            }
            long reachable = captured.stream().filter(ref -> ref.get() != null).count();
            assertEquals(0, reachable, reachable + " objects captured by finished jobs are still reachable");
        }
    }

    /** A binary tree of joins {@code depth} levels deep whose every job captures an object of its own. */
    private static void runNested(MicroPool pool, int depth, List<WeakReference<Object>> captured) {
        if (depth == 0) {
            return;
        }
        Object first = new byte[1024];
        Object second = new byte[1024];
        synchronized (captured) {
            captured.add(new WeakReference<>(first));
            captured.add(new WeakReference<>(second));
        }
        pool.join(() -> runNested(pool, depth - 1, captured, first), () -> runNested(pool, depth - 1, captured, second));
    }

    private static void runNested(MicroPool pool, int depth, List<WeakReference<Object>> captured, Object own) {
        assertEquals(1024, ((byte[]) own).length);
        runNested(pool, depth, captured);
    }
}
