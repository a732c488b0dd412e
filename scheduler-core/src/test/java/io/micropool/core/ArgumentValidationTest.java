package io.micropool.core;

import io.micropool.api.IndexedJob;
import io.micropool.core.sleep.IdleCounts;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Argument checks of the builder and of every call: rejected arguments throw at the call, before any
 * unit runs; count 0 does nothing, count 1 runs inline; a pool without workers runs everything on the
 * caller.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ArgumentValidationTest {

    // ---- builder ---------------------------------------------------------------------------------------

    @Test
    void builderRejectsNegativeWorkers() {
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().workers(-1));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().workers(Integer.MIN_VALUE));
    }

    @Test
    void builderRejectsMaxJobsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxJobs(0));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxJobs(-1));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxJobs(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxJobs((1 << 16) + 1));
    }

    @Test
    void builderRejectsMaxScopesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxScopes(0));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxScopes(-1));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxScopes(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().maxScopes((1 << 16) + 1));
    }

    @Test
    void builderRejectsNegativeSpinBudget() {
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().spinBudgetNanos(-1));
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().spinBudgetNanos(Long.MIN_VALUE));
    }

    @Test
    void builderRejectsNullSettings() {
        assertThrows(NullPointerException.class, () -> MicroPool.builder().threadNamePrefix(null));
        assertThrows(NullPointerException.class, () -> MicroPool.builder().threadFactory(null));
        assertThrows(NullPointerException.class, () -> MicroPool.builder().spinStrategy(null));
    }

    @Test
    void rejectedSettingLeavesTheBuilderAsItWas() {
        Builder builder = MicroPool.builder().workers(2).maxJobs(3).maxScopes(2).spinBudgetNanos(1_000);
        assertThrows(IllegalArgumentException.class, () -> builder.workers(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.workers(IdleCounts.MAX_COUNT + 1));
        assertThrows(IllegalArgumentException.class, () -> builder.maxJobs(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxScopes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.spinBudgetNanos(-5));
        try (MicroPool pool = builder.build()) {
            assertEquals(2, pool.workerCount());
            assertEquals(1_000, pool.spinBudgetNanos());
            MicroPoolStats stats = pool.stats();
            assertEquals(2, stats.workers());
            assertEquals(3, stats.jobSlots());
            assertEquals(2, stats.scopes());
        }
    }

    @Test
    void smallestValidSettingsBuildAWorkingPool() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(1).spinBudgetNanos(0).build()) {
            assertEquals(1, pool.workerCount());
            assertEquals(0, pool.spinBudgetNanos());
            assertEquals(1, pool.stats().jobSlots());
            assertEquals(1, pool.stats().scopes());
            AtomicIntegerArray runs = new AtomicIntegerArray(50);
            for (int round = 0; round < 20; round++) {
                pool.invoke(50, runs::incrementAndGet);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(20, runs.get(i), "unit " + i);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void maxScopesDefaultsToMaxJobsCappedAt256() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(5).build()) {
            assertEquals(5, pool.stats().jobSlots());
            assertEquals(5, pool.stats().scopes());
        }
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(300).build()) {
            assertEquals(300, pool.stats().jobSlots());
            assertEquals(256, pool.stats().scopes());
        }
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(300).maxScopes(299).build()) {
            assertEquals(299, pool.stats().scopes());
        }
    }

    @Test
    void threadFactoryReturningNullIsRejectedAtBuild() {
        assertThrows(IllegalStateException.class, () -> MicroPool.builder().workers(1).threadFactory(r -> null).build());
    }

    // ---- calls: null and negative arguments ------------------------------------------------------------

    @Test
    void joinRejectsNullsBeforeRunningAnything() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger ran = new AtomicInteger();
            Runnable unit = ran::incrementAndGet;
            assertThrows(NullPointerException.class, () -> pool.join(null, unit));
            assertThrows(NullPointerException.class, () -> pool.join(unit, null));
            assertThrows(NullPointerException.class, () -> pool.join(null, null));
            assertEquals(0, ran.get(), "no unit may run when an argument is null");
            assertQuiescent(pool);
            pool.join(unit, unit);
            assertEquals(2, ran.get());
        }
    }

    @Test
    void joinAllRejectsANullArrayOrAnyNullElementBeforeRunningAnything() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger ran = new AtomicInteger();
            Runnable unit = ran::incrementAndGet;
            assertThrows(NullPointerException.class, () -> pool.joinAll((Runnable[]) null));
            assertThrows(NullPointerException.class, () -> pool.joinAll(unit, null, unit));
            assertThrows(NullPointerException.class, () -> pool.joinAll(unit, unit, unit, unit, null, unit, unit, unit));
            assertThrows(NullPointerException.class, () -> pool.joinAll(null, unit, unit));
            assertThrows(NullPointerException.class, () -> pool.joinAll(unit, unit, null));
            assertThrows(NullPointerException.class, () -> pool.joinAll(new Runnable[] {null}));
            assertThrows(NullPointerException.class, () -> pool.joinAll(new Runnable[] {null, null}));
            assertEquals(0, ran.get(), "no element may run when one of them is null");
            assertQuiescent(pool);
            pool.joinAll(unit, unit, unit);
            assertEquals(3, ran.get());
        }
    }

    @Test
    void invokeRejectsANullBodyWhateverTheCount() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            for (int count : new int[] {0, 1, 2, 100}) {
                assertThrows(NullPointerException.class, () -> pool.invoke(count, (IntConsumer) null), "count " + count);
                assertThrows(NullPointerException.class, () -> pool.invoke(count, "context", null), "count " + count);
                assertThrows(NullPointerException.class, () -> pool.invoke(count, null, null), "count " + count);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void invokeRejectsANegativeCountBeforeRunningAnything() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger ran = new AtomicInteger();
            IntConsumer body = i -> ran.incrementAndGet();
            IndexedJob<AtomicInteger> job = (counter, i) -> counter.incrementAndGet();
            for (int count : new int[] {-1, -2, Integer.MIN_VALUE}) {
                assertThrows(IllegalArgumentException.class, () -> pool.invoke(count, body), "count " + count);
                assertThrows(IllegalArgumentException.class, () -> pool.invoke(count, ran, job), "count " + count);
            }
            assertEquals(0, ran.get(), "no unit may run when the count is negative");
            assertQuiescent(pool);
        }
    }

    @Test
    void nullArgumentOfANestedCallFailsTheEnclosingCallAndRunsNothingOfTheNestedJob() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger nestedRan = new AtomicInteger();
            AtomicIntegerArray outerRuns = new AtomicIntegerArray(4);
            Runnable nested = nestedRan::incrementAndGet;
            assertThrows(NullPointerException.class, () -> pool.invoke(4, i -> {
                outerRuns.incrementAndGet(i);
                if (i == 1) {
                    pool.joinAll(nested, null, nested);
                }
            }));
            assertEquals(0, nestedRan.get());
            for (int i = 0; i < 4; i++) {
                assertTrue(outerRuns.get(i) <= 1, "unit " + i + " ran " + outerRuns.get(i) + " times");
            }
            assertEquals(1, outerRuns.get(1));
            assertQuiescent(pool);
        }
    }

    // ---- count 0 and count 1 ---------------------------------------------------------------------------

    @Test
    void countZeroDoesNothing() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger ran = new AtomicInteger();
            pool.invoke(0, i -> ran.incrementAndGet());
            pool.invoke(0, ran, (counter, i) -> counter.incrementAndGet());
            pool.invoke(0, null, (Object counter, int i) -> ran.incrementAndGet());
            pool.joinAll();
            pool.joinAll(new Runnable[0]);
            assertEquals(0, ran.get());
            MicroPoolStats stats = pool.stats();
            assertEquals(0, stats.inlineNoFreeSlot());
            assertEquals(0, stats.inlineNoFreeScope());
            assertQuiescent(pool);
        }
    }

    @Test
    void countOneRunsInlineOnTheCaller() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            Thread caller = Thread.currentThread();
            List<String> runs = new CopyOnWriteArrayList<>();
            Object context = new Object();

            pool.invoke(1, i -> runs.add("intConsumer:" + i + ":" + (Thread.currentThread() == caller)));
            pool.invoke(1, context, (c, i) -> runs.add("indexed:" + i + ":" + (c == context) + ":"
                + (Thread.currentThread() == caller)));
            pool.joinAll(() -> runs.add("joinAll:" + (Thread.currentThread() == caller)));

            assertEquals(List.of("intConsumer:0:true", "indexed:0:true:true", "joinAll:true"), runs);
            assertQuiescent(pool);
        }
    }

    @Test
    void countOneRunsInlineEvenWhenNoScopeIsFree() throws Exception {
        // maxScopes(1): while another thread's call holds the only scope, a count-1 call must not be
        // counted as an inline fallback, because it never needs a scope.
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).build()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReferenceArray<Throwable> failure = new AtomicReferenceArray<>(1);
            Thread holder = new Thread(() -> {
                try {
                    pool.join(() -> {
                        holding.countDown();
                        await(release);
                    }, () -> { });
                } catch (Throwable t) {
                    failure.set(0, t);
                }
            }, "scope-holder");
            holder.start();
            await(holding);
            try {
                AtomicInteger ran = new AtomicInteger();
                pool.invoke(1, i -> ran.incrementAndGet());
                pool.invoke(1, ran, (c, i) -> c.incrementAndGet());
                pool.joinAll(ran::incrementAndGet);
                assertEquals(3, ran.get());
                assertEquals(0, pool.stats().inlineNoFreeScope());
                assertEquals(0, pool.stats().inlineNoFreeSlot());
            } finally {
                release.countDown();
                holder.join(SECONDS.toMillis(10));
            }
            assertNull(failure.get(0));
            assertQuiescent(pool);
        }
    }

    @Test
    void contextIsPassedAsIsToEveryUnitIncludingNull() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            Object context = new Object();
            AtomicReferenceArray<Object> seen = new AtomicReferenceArray<>(32);
            pool.invoke(32, context, (c, i) -> seen.set(i, c));
            for (int i = 0; i < 32; i++) {
                assertSame(context, seen.get(i), "unit " + i);
            }
            AtomicIntegerArray nullSeen = new AtomicIntegerArray(32);
            pool.invoke(32, null, (Object c, int i) -> {
                if (c == null) {
                    nullSeen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 32; i++) {
                assertEquals(1, nullSeen.get(i), "unit " + i);
            }
        }
    }

    // ---- workers(0) ------------------------------------------------------------------------------------

    @Test
    void poolWithoutWorkersRunsEverythingOnTheCaller() {
        List<Thread> created = new ArrayList<>();
        try (MicroPool pool = MicroPool.builder().workers(0).threadFactory(r -> {
            Thread t = new Thread(r);
            created.add(t);
            return t;
        }).build()) {
            assertEquals(0, pool.workerCount());
            Thread caller = Thread.currentThread();
            AtomicInteger offCaller = new AtomicInteger();
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            IntConsumer unit = i -> {
                runs.incrementAndGet(i);
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
            };

            pool.invoke(100, unit);
            pool.invoke(100, unit, IntConsumer::accept);
            pool.join(() -> unit.accept(0), () -> unit.accept(1));
            pool.joinAll(() -> unit.accept(2), () -> unit.accept(3), () -> unit.accept(4));
            // A nested tree: every level still runs on the caller.
            pool.invoke(4, i -> pool.join(() -> pool.invoke(3, j -> unit.accept(10 + i * 3 + j)),
                () -> unit.accept(50 + i)));

            assertEquals(0, offCaller.get(), "a pool without workers must run every unit on the caller");
            for (int i = 0; i < 100; i++) {
                int expected = 2 + (i <= 4 ? 1 : 0) + (i >= 10 && i < 22 ? 1 : 0) + (i >= 50 && i < 54 ? 1 : 0);
                assertEquals(expected, runs.get(i), "unit " + i);
            }
            assertTrue(created.isEmpty(), "no thread may be created: " + created);
            MicroPoolStats stats = pool.stats();
            assertEquals(0, stats.workers());
            assertEquals(0, stats.inlineNoFreeSlot());
            assertEquals(0, stats.inlineNoFreeScope());
            assertQuiescent(pool);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, SECONDS)) {
                throw new AssertionError("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
