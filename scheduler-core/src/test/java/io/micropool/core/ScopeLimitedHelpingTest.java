package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitQuietly;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A caller waiting for its job helps only jobs of its own call tree: it never runs a unit of a job made
 * by an unrelated outermost call, while it does run units of nested jobs that a worker created on behalf
 * of its tree (the worker adopted the tree's scope).
 *
 * <p>Pools here spin for a long budget while waiting, so that a waiting caller keeps searching for work
 * the whole time instead of parking: a caller that helped the wrong jobs would be caught doing so.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ScopeLimitedHelpingTest {
    private static final String PREFIX = "scope-test-worker-";

    /** One worker; waiting threads spin (yielding) for up to 20 s before they park. */
    private static MicroPool searchingPool() {
        return MicroPool.builder()
            .workers(1)
            .threadNamePrefix(PREFIX)
            .spinBudgetNanos(SECONDS.toNanos(20))
            .spinStrategy(YieldingIdleStrategy::new)
            .build();
    }

    @Test
    void waitingCallerNeverRunsUnitsOfAnUnrelatedJob() throws Exception {
        try (MicroPool pool = searchingPool()) {
            CountDownLatch bStarted = new CountDownLatch(1);
            CountDownLatch t1Waiting = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> aThread = new AtomicReference<>();
            AtomicReference<Thread> bThread = new AtomicReference<>();
            AtomicReference<Throwable> t1Failure = new AtomicReference<>();

            // T1: join(a, b). b is taken by the worker and blocks; a returns once b has started, so T1
            // then waits for b, searching its own scope the whole time.
            Thread t1 = new Thread(() -> {
                try {
                    pool.join(() -> {
                        aThread.set(Thread.currentThread());
                        await(bStarted);
                        t1Waiting.countDown();
                    }, () -> {
                        bThread.set(Thread.currentThread());
                        bStarted.countDown();
                        await(release);
                    });
                } catch (Throwable t) {
                    t1Failure.set(t);
                }
            }, "T1");
            t1.start();
            try {
                await(t1Waiting);

                // T2 (this thread): a 50-unit job whose first unit run keeps the other 49 advertised for a
                // while. The worker is blocked in b, so only T2 may run them; T1 must not.
                Thread t2 = Thread.currentThread();
                AtomicIntegerArray runs = new AtomicIntegerArray(50);
                AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(50);
                AtomicBoolean first = new AtomicBoolean(true);
                pool.invoke(50, i -> {
                    runs.incrementAndGet(i);
                    where.set(i, Thread.currentThread());
                    if (first.compareAndSet(true, false)) {
                        sleep(200);
                    }
                });
                for (int i = 0; i < 50; i++) {
                    assertEquals(1, runs.get(i), "unit " + i);
                    assertNotSame(t1, where.get(i), "T1 ran unit " + i + " of an unrelated job while waiting");
                    assertSame(t2, where.get(i), "unit " + i + " ran on " + where.get(i));
                }
                assertTrue(t1.isAlive(), "T1 must still be waiting for its blocked unit");
            } finally {
                release.countDown();
                t1.join(SECONDS.toMillis(10));
            }
            assertFalse(t1.isAlive());
            assertNull(t1Failure.get());
            assertSame(t1, aThread.get());
            assertTrue(bThread.get().getName().startsWith(PREFIX), "b ran on " + bThread.get());
            assertQuiescent(pool);
        }
    }

    @Test
    void twoCallersNeverRunUnitsOfEachOthersTrees() throws Exception {
        // Two workers and two outside callers, each making trees of nested calls whose units take a few
        // microseconds: while a caller waits for units the workers took, the other caller's jobs are
        // advertised, and it must not take any of them.
        try (MicroPool pool = MicroPool.builder()
            .workers(2)
            .threadNamePrefix(PREFIX)
            .spinBudgetNanos(SECONDS.toNanos(20))
            .spinStrategy(YieldingIdleStrategy::new)
            .build()) {
            int rounds = 300;
            Thread[] roots = new Thread[2];
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger treesChecked = new AtomicInteger();
            for (int r = 0; r < 2; r++) {
                int me = r;
                roots[r] = new Thread(() -> {
                    try {
                        Thread other = roots[1 - me];
                        for (int round = 0; round < rounds; round++) {
                            // 4 inner units, each with a nested job of 3 leaves and a side leaf.
                            AtomicIntegerArray runs = new AtomicIntegerArray(16);
                            pool.invoke(4, i -> {
                                checkThread(other, violations, "inner " + i);
                                pool.join(
                                    () -> pool.invoke(3, j -> {
                                        checkThread(other, violations, "leaf " + i + "/" + j);
                                        work();
                                        runs.incrementAndGet(i * 4 + j);
                                    }),
                                    () -> {
                                        checkThread(other, violations, "side " + i);
                                        work();
                                        runs.incrementAndGet(i * 4 + 3);
                                    });
                            });
                            for (int k = 0; k < 16; k++) {
                                if (runs.get(k) != 1) {
                                    violations.add("root " + me + " round " + round + ": leaf " + k + " ran "
                                        + runs.get(k) + " times");
                                }
                            }
                            treesChecked.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "root-" + r);
            }
            roots[0].start();
            roots[1].start();
            for (Thread root : roots) {
                root.join(SECONDS.toMillis(25));
                assertFalse(root.isAlive(), root.getName() + " did not finish");
            }
            assertNull(failure.get());
            assertEquals(List.of(), violations);
            assertEquals(2 * rounds, treesChecked.get());
            assertQuiescent(pool);
        }
    }

    /** A few microseconds of computation, so that units stay advertised and running for a while. */
    private static void work() {
        long x = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    /**
     * The example of the documentation: main calls {@code join(C, D)} and runs C (~20 ms); D, usually taken
     * by the worker meanwhile, calls {@code join(E, F)} and runs E (~200 ms) itself; F is offered and may be run by main, which
     * helps its own tree, or by the worker after E. Meanwhile another outside thread keeps making unrelated
     * calls: main must never run any of their units.
     */
    @Test
    void documentedExampleFRunsOnMainOrOnTheWorkerAndMainStaysInItsTree() throws Exception {
        try (MicroPool pool = searchingPool()) {
            Thread main = Thread.currentThread();
            AtomicBoolean stop = new AtomicBoolean();
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> unrelatedFailure = new AtomicReference<>();
            AtomicInteger unrelatedCalls = new AtomicInteger();
            Thread unrelated = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        pool.invoke(8, i -> {
                            if (Thread.currentThread() == main) {
                                violations.add("main ran unit " + i + " of an unrelated call");
                            }
                        });
                        unrelatedCalls.incrementAndGet();
                    }
                } catch (Throwable t) {
                    unrelatedFailure.set(t);
                }
            }, "unrelated-caller");
            unrelated.start();
            int fOnMain = 0;
            try {
                for (int round = 0; round < 5; round++) {
                    Map<String, Thread> ranOn = new ConcurrentHashMap<>();
                    AtomicInteger units = new AtomicInteger();
                    Runnable c = () -> {
                        units.incrementAndGet();
                        ranOn.put("C", Thread.currentThread());
                        sleep(20);
                    };
                    Runnable e = () -> {
                        units.incrementAndGet();
                        ranOn.put("E", Thread.currentThread());
                        sleep(200);
                    };
                    Runnable f = () -> {
                        units.incrementAndGet();
                        ranOn.put("F", Thread.currentThread());
                    };
                    Runnable d = () -> {
                        units.incrementAndGet();
                        ranOn.put("D", Thread.currentThread());
                        pool.join(e, f);
                    };
                    pool.join(c, d);

                    assertEquals(4, units.get(), "every unit runs exactly once");
                    assertSame(main, ranOn.get("C"), "C runs on the caller of join(C, D)");
                    assertSame(ranOn.get("D"), ranOn.get("E"), "E runs on the thread that called join(E, F)");
                    Thread fThread = ranOn.get("F");
                    assertTrue(fThread == main || fThread.getName().startsWith(PREFIX), "F ran on " + fThread);
                    if (fThread == main) {
                        fOnMain++;
                    }
                }
            } finally {
                stop.set(true);
                unrelated.join(SECONDS.toMillis(10));
            }
            assertFalse(unrelated.isAlive());
            assertNull(unrelatedFailure.get());
            assertTrue(unrelatedCalls.get() > 0);
            assertEquals(List.of(), violations);
            System.out.println("documented example: F ran on main in " + fOnMain + " of 5 rounds");
            assertQuiescent(pool);
        }
    }

    /**
     * The documented example made deterministic. C waits until E has started, so D was taken by the worker
     * and F was published in main's tree before main starts waiting; E then waits until F has run. The
     * worker is inside E, so only main can run F: main must steal a unit of a job the worker created.
     * An unrelated call, whose units are advertised the whole time and that nobody else can run, must
     * not be touched by main.
     */
    @Test
    void mainRunsTheNestedUnitOfItsTreeButNoUnitOfAnUnrelatedJob() throws Exception {
        for (int round = 0; round < 20; round++) {
            try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix(PREFIX).build()) {
                runDeterministicExample(pool, round);
                assertQuiescent(pool);
            }
        }
    }

    private static void runDeterministicExample(MicroPool pool, int round) throws Exception {
        Thread main = Thread.currentThread();
        CountDownLatch eStarted = new CountDownLatch(1);
        CountDownLatch fRan = new CountDownLatch(1);
        CountDownLatch unrelatedAdvertised = new CountDownLatch(1);
        CountDownLatch mainDone = new CountDownLatch(1);
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        AtomicIntegerArray unrelatedRuns = new AtomicIntegerArray(8);
        AtomicReferenceArray<Thread> unrelatedWhere = new AtomicReferenceArray<>(8);
        AtomicReference<Throwable> unrelatedFailure = new AtomicReference<>();

        Thread unrelated = new Thread(() -> {
            try {
                await(eStarted);
                pool.invoke(8, i -> {
                    unrelatedRuns.incrementAndGet(i);
                    unrelatedWhere.set(i, Thread.currentThread());
                    if (i == 7) {
                        // The caller's own unit: units 0..6 stay advertised until main's call returned.
                        unrelatedAdvertised.countDown();
                        await(mainDone);
                    }
                });
            } catch (Throwable t) {
                unrelatedFailure.set(t);
            }
        }, "unrelated-caller");
        unrelated.start();

        try {
            pool.join(() -> {
                ranOn.put("C", Thread.currentThread());
                await(eStarted);
                await(unrelatedAdvertised);
            }, () -> {
                ranOn.put("D", Thread.currentThread());
                pool.join(() -> {
                    ranOn.put("E", Thread.currentThread());
                    eStarted.countDown();
                    if (!awaitQuietly(fRan)) {
                        throw new AssertionError("F was not run by the waiting caller");
                    }
                }, () -> {
                    ranOn.put("F", Thread.currentThread());
                    fRan.countDown();
                });
            });
        } finally {
            mainDone.countDown();
            unrelated.join(SECONDS.toMillis(10));
        }
        assertFalse(unrelated.isAlive());
        assertNull(unrelatedFailure.get());
        assertSame(main, ranOn.get("C"), "round " + round);
        Thread worker = ranOn.get("D");
        assertTrue(worker.getName().startsWith(PREFIX), "D ran on " + worker);
        assertSame(worker, ranOn.get("E"), "round " + round);
        assertSame(main, ranOn.get("F"), "round " + round + ": F must be run by main, which helps its tree");
        for (int i = 0; i < 8; i++) {
            assertEquals(1, unrelatedRuns.get(i), "unrelated unit " + i);
            assertNotSame(main, unrelatedWhere.get(i), "round " + round + ": main ran unrelated unit " + i);
        }
        assertSame(unrelated, unrelatedWhere.get(7));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void checkThread(Thread forbidden, List<String> violations, String unit) {
        if (Thread.currentThread() == forbidden) {
            violations.add(forbidden.getName() + " ran " + unit + " of the other root's tree");
        }
    }

    private static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
    }

    private static void sleep(long millis) {
        try {
            MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
