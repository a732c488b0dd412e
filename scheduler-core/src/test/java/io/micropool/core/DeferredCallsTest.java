package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Builder.deferCalls(true)}: an outside platform thread's outermost call of three units or more
 * runs on the caller and is published only when an idle thread asks and the units left look worth a
 * wake-up; nested calls, workers and pools built without it publish at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class DeferredCallsTest {
    @Test
    void aDeferredCallIsKeptWhenTheWorkerIsBusy() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).deferCalls(true).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
            pool.invoke(8, i -> {
                ranOn.add(Thread.currentThread());
                VirtualThreadCallerTest.busyFor(TimeUnit.MICROSECONDS.toNanos(200));
            });
            assertEquals(Set.of(Thread.currentThread()), ranOn);
            ThreadStats mine = own(pool);
            assertEquals(1, mine.get(Counter.CALLS_KEPT), mine.toString());
            assertEquals(0, mine.get(Counter.JOBS_PUBLISHED));
            assertEquals(8, mine.get(Counter.UNITS_SUBMITTED));
            assertEquals(8, mine.get(Counter.UNITS_RUN_OWN));
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void shortDeferredCallsWakeNobody() {
        try (MicroPool pool = MicroPool.builder().workers(1).deferCalls(true).build()) {
            AtomicLong sum = new AtomicLong();
            int calls = 1_000;
            for (int c = 0; c < 2 * calls; c++) {
                pool.invoke(16, i -> sum.addAndGet(i));
            }
            assertEquals(2L * calls * 120, sum.get());
            ThreadStats mine = own(pool);
            // Shared only when the thread lost its CPU mid-call long enough to make a call look long.
            assertTrue(mine.get(Counter.CALLS_KEPT) >= 2 * calls * 9 / 10, mine.toString());
            assertEquals(2 * calls, mine.get(Counter.CALLS_KEPT) + mine.get(Counter.JOBS_PUBLISHED), mine.toString());
        }
    }

    @Test
    void aLongDeferredCallIsSharedWithAnIdleWorker() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).deferCalls(true).build()) {
            Waits.awaitWorkersIdle(pool);
            Thread caller = Thread.currentThread();
            CountDownLatch helped = new CountDownLatch(1);
            AtomicInteger timedOut = new AtomicInteger();
            pool.invoke(4, i -> {
                if (Thread.currentThread() != caller) {
                    helped.countDown();
                }
                if (i == 3) {
                    // The first unit: long enough that the three left are worth waking the worker.
                    VirtualThreadCallerTest.busyFor(TimeUnit.MILLISECONDS.toNanos(2));
                } else if (i == 2) {
                    try {
                        if (!helped.await(30, TimeUnit.SECONDS)) {
                            timedOut.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertEquals(0, timedOut.get(), "no unit of the shared call ran on the worker");
            ThreadStats mine = own(pool);
            assertEquals(0, mine.get(Counter.CALLS_KEPT), mine.toString());
            assertEquals(1, mine.get(Counter.JOBS_PUBLISHED), mine.toString());
            assertEquals(4, mine.get(Counter.UNITS_SUBMITTED));
            ThreadStats total = pool.stats().total();
            assertEquals(4, total.get(Counter.UNITS_RUN_OWN) + total.get(Counter.UNITS_RUN_BY_IDLE_WORKER), total.toString());
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void aFailingUnitEndsADeferredCallLikeAnInlineOne() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).deferCalls(true).build()) {
            // The worker busy: nobody asks, so the call is kept whole, however long its first units look.
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            IllegalStateException failure = new IllegalStateException("unit failed");
            AtomicInteger ran = new AtomicInteger();
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.invoke(8, i -> {
                ran.incrementAndGet();
                if (i == 5) {
                    throw failure;
                }
            }));
            assertSame(failure, thrown);
            assertEquals(3, ran.get(), "units 7, 6 and 5 ran; the ones after the failure were skipped: " + own(pool));
            ThreadStats mine = own(pool);
            assertEquals(8, mine.get(Counter.UNITS_SUBMITTED));
            assertEquals(8, mine.get(Counter.UNITS_RUN_OWN), "run or skipped, as a call run inline counts them");
            assertEquals(1, mine.get(Counter.CALLS_KEPT));
            release.countDown();
            blocker.join();
            // The pool goes on: the next call runs every unit.
            AtomicInteger after = new AtomicInteger();
            pool.invoke(8, i -> after.incrementAndGet());
            assertEquals(8, after.get());
        }
    }

    @Test
    void withoutTheSettingAPlatformThreadsCallIsPublishedAtOnce() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            pool.invoke(8, i -> { });
            ThreadStats mine = own(pool);
            assertEquals(1, mine.get(Counter.JOBS_PUBLISHED), mine.toString());
            assertEquals(0, mine.get(Counter.CALLS_KEPT));
        }
    }

    @Test
    void callsNestedInAPublishedCallArePublishedAtOnce() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).deferCalls(true).build()) {
            Waits.awaitWorkersIdle(pool);
            AtomicLong inner = new AtomicLong();
            pool.invoke(3, i -> {
                if (i == 2) {
                    VirtualThreadCallerTest.busyFor(TimeUnit.MILLISECONDS.toNanos(2));
                } else {
                    // Runs inside the published call's scope: nested, so published as usual.
                    pool.invoke(4, k -> inner.incrementAndGet());
                }
            });
            assertEquals(8, inner.get());
            ThreadStats total = pool.stats().total();
            assertEquals(0, total.get(Counter.CALLS_KEPT), total.toString());
            assertEquals(3, total.get(Counter.JOBS_PUBLISHED), total.toString());
        }
    }

    @Test
    void theWakeUpLatencyIsMeasuredOnceAWorkerWasWoken() {
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(0).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.stats().wakeLatencyNanos() == 0 && System.nanoTime() < deadline) {
                pool.invoke(8, i -> VirtualThreadCallerTest.busyFor(TimeUnit.MICROSECONDS.toNanos(100)));
            }
            long latency = pool.stats().wakeLatencyNanos();
            assertTrue(latency > 0 && latency <= TimeUnit.MILLISECONDS.toNanos(1), "wake-up latency " + latency + " ns");
            assertTrue(pool.stats().total().get(Counter.WAKE_UPS_RECEIVED) > 0);
        }
    }

    /** @return the calling thread's entry in the pool's statistics */
    private static ThreadStats own(MicroPool pool) {
        String name = Thread.currentThread().getName();
        return pool.stats().threads().stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no entry for " + name + " in " + pool.stats().threads()));
    }
}
