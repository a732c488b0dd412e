package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.Waits.awaitBarrier;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Running out of job slots and scopes: a call that finds the only scope taken, or the only job slot
 * taken, runs inline on its caller and is counted ({@code inlineNoFreeScope}, {@code inlineNoFreeSlot});
 * so do nested calls that find no free slot and calls of concurrent callers that find none; every unit
 * still runs exactly once and every slot and scope is given back.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ExhaustionTest {
    private static final String PREFIX = "exhaustion-test-worker-";

    // ---- running out of slots and scopes --------------------------------------------------------------

    @Test
    void callWhileTheOnlyScopeIsTakenRunsInlineAndIsCounted() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).threadNamePrefix(PREFIX).build()) {
            assertEquals(1, pool.stats().scopes());
            try (BlockedJoin holder = new BlockedJoin(pool, PREFIX)) {
                assertEquals(1, pool.stats().scopesInUse());
                Thread caller = Thread.currentThread();
                AtomicInteger offCaller = new AtomicInteger();
                AtomicIntegerArray runs = new AtomicIntegerArray(10);
                pool.invoke(10, i -> {
                    runs.incrementAndGet(i);
                    if (Thread.currentThread() != caller) {
                        offCaller.incrementAndGet();
                    }
                });
                assertEquals(1, pool.stats().inlineNoFreeScope());
                pool.invoke(10, runs, (r, i) -> r.incrementAndGet(i));
                assertEquals(2, pool.stats().inlineNoFreeScope());
                pool.join(() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1));
                assertEquals(3, pool.stats().inlineNoFreeScope());
                pool.joinAll(() -> runs.incrementAndGet(2), () -> runs.incrementAndGet(3), () -> runs.incrementAndGet(4));
                assertEquals(4, pool.stats().inlineNoFreeScope());
                assertEquals(0, pool.stats().inlineNoFreeSlot());
                assertEquals(0, offCaller.get());
                for (int i = 0; i < 10; i++) {
                    assertEquals(i < 5 ? 3 : 2, runs.get(i), "unit " + i);
                }
                holder.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callWhileTheOnlySlotIsTakenRunsInlineAndIsCounted() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(4).threadNamePrefix(PREFIX).build()) {
            try (BlockedJoin holder = new BlockedJoin(pool, PREFIX)) {
                assertEquals(1, pool.stats().jobSlotsInUse());
                Thread caller = Thread.currentThread();
                AtomicInteger offCaller = new AtomicInteger();
                AtomicInteger scopeNotHeld = new AtomicInteger();
                AtomicIntegerArray runs = new AtomicIntegerArray(10);
                pool.invoke(10, i -> {
                    runs.incrementAndGet(i);
                    if (Thread.currentThread() != caller) {
                        offCaller.incrementAndGet();
                    }
                    // The call took a scope of its own, then found no slot.
                    if (pool.stats().scopesInUse() != 2) {
                        scopeNotHeld.incrementAndGet();
                    }
                });
                assertEquals(1, pool.stats().inlineNoFreeSlot());
                assertEquals(0, pool.stats().inlineNoFreeScope());
                assertEquals(0, offCaller.get());
                assertEquals(0, scopeNotHeld.get());
                for (int i = 0; i < 10; i++) {
                    assertEquals(1, runs.get(i));
                }
                assertEquals(1, pool.stats().scopesInUse(), "the inline call must have released its scope");
                holder.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void nestedCallsFindingNoFreeSlotRunInlineAndAreCounted() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).threadNamePrefix(PREFIX).build()) {
            for (int round = 1; round <= 20; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(15);
                // A published call (three units) holds the only slot until its last unit is done.
                pool.invoke(3, i -> pool.invoke(5, j -> runs.incrementAndGet(i * 5 + j)));
                for (int k = 0; k < 15; k++) {
                    assertEquals(1, runs.get(k));
                }
                assertEquals(3L * round, pool.stats().inlineNoFreeSlot(), "every nested call runs inline");
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void concurrentCallersWithOneSlotAndOneScopeAllCompleteAndAreCounted() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(1).threadNamePrefix(PREFIX).build()) {
            int threads = 3;
            int rounds = 50;
            // Phase 1: in every round the three callers are inside their calls at the same time (their
            // units meet at a barrier), so exactly one holds the scope and the two others run inline.
            CyclicBarrier barrier = new CyclicBarrier(threads);
            AtomicIntegerArray runs = new AtomicIntegerArray(threads * rounds * 2);
            runConcurrently(threads, t -> {
                for (int round = 0; round < rounds; round++) {
                    int base = (t * rounds + round) * 2;
                    pool.invoke(2, i -> {
                        runs.incrementAndGet(base + i);
                        if (i == 1) {
                            awaitBarrier(barrier);
                        }
                    });
                }
            });
            for (int k = 0; k < runs.length(); k++) {
                assertEquals(1, runs.get(k), "unit " + k);
            }
            assertEquals(2L * rounds, pool.stats().inlineNoFreeScope(), pool.stats().toString());
            assertEquals(0, pool.stats().inlineNoFreeSlot(), pool.stats().toString());

            // Phase 2: free-running nested calls; every unit still runs exactly once.
            int calls = 500;
            AtomicIntegerArray runs2 = new AtomicIntegerArray(threads * calls * 8);
            runConcurrently(threads, t -> {
                for (int c = 0; c < calls; c++) {
                    int base = (t * calls + c) * 8;
                    pool.invoke(2, i -> pool.invoke(4, j -> runs2.incrementAndGet(base + i * 4 + j)));
                }
            });
            for (int k = 0; k < runs2.length(); k++) {
                assertEquals(1, runs2.get(k), "unit " + k);
            }
            assertTrue(pool.stats().inlineNoFreeSlot() > 0, "nested calls find the only slot taken: " + pool.stats());
            assertQuiescent(pool);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A body run by each of several threads, given the thread's index. */
    private interface IndexedBody {
        void run(int index) throws Throwable;
    }

    private static void runConcurrently(int threads, IndexedBody body) throws InterruptedException {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] started = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            started[t] = new Thread(() -> {
                try {
                    body.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "concurrent-caller-" + t);
            started[t].start();
        }
        for (Thread thread : started) {
            thread.join(SECONDS.toMillis(20));
            assertFalse(thread.isAlive(), thread.getName() + " did not finish");
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a caller failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
