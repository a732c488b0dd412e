package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitQuietly;
import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * {@link MicroPool#stats()}: the per-thread counters add up after deterministic workloads, each thread is
 * reported with its role, threads that end keep their counts in the totals, and parks, wake-ups and spin
 * time are counted.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class StatsTest {
    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix("stats-worker-").build();
    }

    @Test
    void unitsRunAddUpToUnitsSubmittedAndEveryNestedPairIsKeptOrOffered() {
        try (MicroPool pool = pool(1)) {
            AtomicInteger joins = new AtomicInteger();
            long expectedUnits = 0;
            int invokes = 0;
            for (int round = 0; round < 20; round++) {
                assertEquals(610, FibJoins.fib(pool, 15, joins));
                pool.invoke(64, i -> { });
                expectedUnits += 64;
                invokes++;
            }
            expectedUnits += 2 * joins.get();

            ThreadStats total = pool.stats().total();
            assertEquals(expectedUnits, total.get(Counter.UNITS_SUBMITTED), total.toString());
            assertEquals(expectedUnits, total.unitsRun(), total.toString());
            // Every join is a pair, kept on its thread or offered; the outermost ones are offered at once.
            assertEquals(joins.get(), total.get(Counter.PAIRS_KEPT) + total.get(Counter.PAIRS_OFFERED), total.toString());
            assertTrue(total.get(Counter.PAIRS_OFFERED) >= 20, total.toString());
            // The invokes of 64 are published calls; every other published job is an offered half.
            assertEquals(invokes + total.get(Counter.PAIRS_OFFERED), total.get(Counter.JOBS_PUBLISHED), total.toString());
            assertEquals(0, total.get(Counter.INLINE_NO_FREE_SLOT));
            assertEquals(0, total.get(Counter.INLINE_NO_FREE_SCOPE));
        }
    }

    @Test
    void eachWorkerAndCallerIsReportedAndTheTotalsAreTheirSums() {
        try (MicroPool pool = pool(2)) {
            pool.invoke(1000, i -> { });
            MicroPoolStats stats = pool.stats();
            List<ThreadStats> threads = stats.threads();
            assertEquals(2, threads.stream().filter(t -> t.role() == ThreadStats.Role.WORKER).count(), threads.toString());
            ThreadStats caller = only(threads, t -> t.role() == ThreadStats.Role.CALLER);
            assertEquals(Thread.currentThread().getName(), caller.name());
            assertEquals(1000, caller.get(Counter.UNITS_SUBMITTED));
            assertEquals(1, caller.get(Counter.JOBS_PUBLISHED));
            for (Counter counter : Counter.values()) {
                long sum = threads.stream().mapToLong(t -> t.get(counter)).sum();
                assertEquals(sum, stats.total().get(counter), counter.name());
            }
            for (ThreadStats thread : threads) {
                assertEquals(0, thread.get(Counter.UNITS_RUN_BY_IDLE_WORKER) * (thread.role() == ThreadStats.Role.CALLER ? 1 : 0),
                    "an outside thread is never an idle worker: " + thread);
                assertTrue(thread.role() == ThreadStats.Role.WORKER ? thread.busyNanos() >= 0 : thread.busyNanos() == -1,
                    thread.toString());
            }
        }
    }

    @Test
    void countsOfAThreadThatEndedStayInTheTotals() throws InterruptedException {
        try (MicroPool pool = pool(1)) {
            Thread caller = new Thread(() -> pool.invoke(10, i -> { }), "short-lived-caller");
            caller.start();
            caller.join();
            MicroPoolStats stats = pool.stats();
            assertFalse(stats.threads().stream().anyMatch(t -> t.name().equals("short-lived-caller")), stats.threads().toString());
            ThreadStats ended = only(stats.threads(), t -> t.role() == ThreadStats.Role.ENDED);
            assertEquals(10, ended.get(Counter.UNITS_SUBMITTED));
            assertEquals(10, stats.total().get(Counter.UNITS_SUBMITTED));
        }
    }

    @Test
    void aWorkerThatSleepsAndIsWokenCountsItsSpinItsParkAndTheWakeUp() {
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(20_000).build()) {
            // Let the worker spend its budget and fall asleep, then give it work: the call wakes it.
            sleepMillis(50);
            ThreadStats worker = until(pool, t -> t.role() == ThreadStats.Role.WORKER && t.get(Counter.SPIN_NANOS) > 0);
            assertTrue(worker.get(Counter.SPIN_NANOS) >= 20_000, "the budget was spun before parking: " + worker);
            long wakeUpsSent = pool.stats().total().get(Counter.WAKE_UPS_SENT);
            pool.invoke(2, i -> sleepMillis(5));
            worker = until(pool, t -> t.role() == ThreadStats.Role.WORKER && t.get(Counter.PARKS) >= 1);
            assertTrue(worker.get(Counter.WAKE_UPS_RECEIVED) >= 1, worker.toString());
            assertTrue(worker.get(Counter.PARK_NANOS) >= 1_000_000, "parked for most of the 50 ms: " + worker);
            assertTrue(pool.stats().total().get(Counter.WAKE_UPS_SENT) > wakeUpsSent, pool.stats().toString());
            // Foreground and background work, 2 ms apart so that the worker falls asleep in between.
            for (int frame = 0; frame < 20; frame++) {
                pool.spawn(() -> 1).join();
                sleepMillis(2);
                pool.invoke(8, i -> { });
                sleepMillis(2);
            }
            // Every wake-up sent is received once the woken thread's park has ended.
            untilTotal(pool, t -> t.get(Counter.WAKE_UPS_SENT) == t.get(Counter.WAKE_UPS_RECEIVED));
        }
    }

    @Test
    void callsRunInlineForLackOfAScopeAreCountedOnTheCallingThread() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).build()) {
            pool.join(() -> {
                // The only scope is this tree's: another outermost call from a new thread runs inline.
                Thread other = new Thread(() -> pool.invoke(4, i -> { }), "scopeless");
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, () -> { });
            MicroPoolStats stats = pool.stats();
            assertEquals(1, stats.inlineNoFreeScope(), stats.toString());
            ThreadStats ended = only(stats.threads(), t -> t.role() == ThreadStats.Role.ENDED);
            assertEquals(1, ended.get(Counter.INLINE_NO_FREE_SCOPE));
            assertEquals(4, ended.get(Counter.UNITS_RUN_OWN));
        }
    }

    @Test
    void everyBackgroundTaskSubmittedIsCountedOnceAsRunOrCancelledOnTheThreadThatDidIt() {
        try (MicroPool pool = MicroPool.builder().workers(1).backgroundQueueCapacity(2).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<Integer> blocker = pool.spawn(() -> {
                started.countDown();
                awaitQuietly(release);
                return 0;
            });
            await(started);
            // The worker is busy: two tasks fill the queue, the third runs on this thread at once.
            Task<Integer> joined = pool.spawn(() -> 1);
            Task<Integer> cancelled = pool.spawn(() -> 2);
            Task<Integer> overflow = pool.spawn(() -> 3);
            assertTrue(overflow.isDone(), "a full queue runs the task on its submitter");
            assertTrue(cancelled.cancel());
            assertEquals(1, joined.join(), "run by the joiner");
            release.countDown();
            assertEquals(0, blocker.join());

            MicroPoolStats stats = pool.stats();
            ThreadStats mine = only(stats.threads(), t -> t.role() == ThreadStats.Role.CALLER);
            assertEquals(4, mine.get(Counter.TASKS_SUBMITTED), mine.toString());
            assertEquals(1, mine.get(Counter.TASKS_RUN_BY_SUBMITTER), mine.toString());
            assertEquals(1, mine.get(Counter.TASKS_RUN_BY_JOINER), mine.toString());
            assertEquals(1, mine.get(Counter.TASKS_CANCELLED), mine.toString());
            ThreadStats worker = only(stats.threads(), t -> t.role() == ThreadStats.Role.WORKER);
            assertEquals(1, worker.get(Counter.TASKS_RUN_POLLED), worker.toString());
            ThreadStats total = stats.total();
            assertEquals(total.get(Counter.TASKS_SUBMITTED), total.get(Counter.TASKS_RUN_POLLED)
                + total.get(Counter.TASKS_RUN_BY_JOINER) + total.get(Counter.TASKS_RUN_BY_SUBMITTER)
                + total.get(Counter.TASKS_CANCELLED), total.toString());
            assertEquals(1, stats.tasksRunByWorkers());
        }
    }

    @Test
    void theSummaryIsOneLine() {
        try (MicroPool pool = pool(1)) {
            pool.join(() -> { }, () -> { });
            String line = pool.stats().toString();
            assertFalse(line.contains("\n"), line);
            assertTrue(line.contains("units run"), line);
        }
    }

    private static ThreadStats only(List<ThreadStats> threads, Predicate<ThreadStats> which) {
        List<ThreadStats> found = threads.stream().filter(which).toList();
        assertEquals(1, found.size(), threads.toString());
        return found.get(0);
    }

    /** Polls the pool's stats until their total matches. */
    private static void untilTotal(MicroPool pool, Predicate<ThreadStats> which) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!which.test(pool.stats().total())) {
            if (System.nanoTime() > deadline) {
                fail("the totals never matched: " + pool.stats());
            }
            sleepMillis(1);
        }
    }

    /** Polls the pool's stats until one thread matches (counters of a running worker lag behind). */
    private static ThreadStats until(MicroPool pool, Predicate<ThreadStats> which) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (ThreadStats thread : pool.stats().threads()) {
                if (which.test(thread)) {
                    return thread;
                }
            }
            sleepMillis(1);
        }
        return fail("no thread matched: " + pool.stats().threads());
    }
}
