package io.micropool.core;

import io.micropool.core.UnitFailures.UnitCheckedException;
import io.micropool.core.UnitFailures.UnitError;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.UnitFailures.assertFailsWith;
import static io.micropool.core.UnitFailures.sneaky;
import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitBarrier;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What a call does when units throw: the first throwable is rethrown as the same instance (checked
 * exceptions and errors included), later ones are suppressed on it, the call waits for units still
 * running, failures of nested calls propagate, and the pool stays usable and leaks no slot or scope.
 * Skipping the units not yet started, and calls that fall back to running inline, are covered by
 * {@link InlineFailureTest}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class FailureTest {
    private static final String PREFIX = "failure-test-worker-";

    // ---- the first throwable, as is --------------------------------------------------------------------

    @Test
    void firstThrowableIsRethrownAsTheSameInstanceFromEveryKindOfCall() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 100; round++) {
                int failing = round % 16;
                RuntimeException boom = new IllegalStateException("boom " + round);
                AtomicInteger thrown = new AtomicInteger();

                assertFailsWith(boom, () -> pool.invoke(16, i -> {
                    if (i == failing) {
                        thrown.incrementAndGet();
                        throw boom;
                    }
                }));
                assertFailsWith(boom, () -> pool.invoke(16, boom, (b, i) -> {
                    if (i == failing) {
                        thrown.incrementAndGet();
                        throw b;
                    }
                }));
                assertFailsWith(boom, () -> pool.join(() -> {
                    thrown.incrementAndGet();
                    throw boom;
                }, () -> { }));
                assertFailsWith(boom, () -> pool.join(() -> { }, () -> {
                    thrown.incrementAndGet();
                    throw boom;
                }));
                Runnable[] jobs = new Runnable[5];
                Arrays.fill(jobs, (Runnable) () -> { });
                jobs[round % 5] = () -> {
                    thrown.incrementAndGet();
                    throw boom;
                };
                assertFailsWith(boom, () -> pool.joinAll(jobs));
                assertEquals(5, thrown.get(), "the failing unit runs exactly once per call");
                assertEquals(0, boom.getSuppressed().length);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void checkedExceptionThrownSneakilyIsRethrownAsTheSameInstance() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 50; round++) {
                UnitCheckedException checked = new UnitCheckedException("checked " + round);
                IOException io = new IOException("io " + round);
                int failing = round % 4;
                Throwable t1 = assertThrows(UnitCheckedException.class, () -> pool.invoke(4, i -> {
                    if (i == failing) {
                        throw sneaky(checked);
                    }
                }));
                assertSame(checked, t1);
                Throwable t2 = assertThrows(IOException.class, () -> pool.join(() -> { }, () -> {
                    throw sneaky(io);
                }));
                assertSame(io, t2);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void errorIsRethrownAsTheSameInstance() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 50; round++) {
                UnitError error = new UnitError("error " + round);
                int failing = round % 8;
                assertFailsWith(error, () -> pool.invoke(8, i -> {
                    if (i == failing) {
                        throw error;
                    }
                }));
                AssertionError assertion = new AssertionError("assertion " + round);
                assertFailsWith(assertion, () -> pool.join(() -> { }, () -> {
                    throw assertion;
                }));
                StackOverflowError overflow = new StackOverflowError("overflow " + round);
                assertFailsWith(overflow, () -> pool.joinAll(() -> { }, () -> {
                    throw overflow;
                }, () -> { }));
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void failureOfAUnitRunByTheWorkerIsRethrownToTheCaller() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 50; round++) {
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> bThread = new AtomicReference<>();
                RuntimeException boom = new RuntimeException("from the worker " + round);
                assertFailsWith(boom, () -> pool.join(() -> await(bStarted), () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                    throw boom;
                }));
                assertTrue(bThread.get().getName().startsWith(PREFIX), "b ran on " + bThread.get());
            }
            assertQuiescent(pool);
        }
    }

    // ---- later throwables suppressed -------------------------------------------------------------------

    @Test
    void throwablesOfUnitsRunningAtTheSameTimeAreSuppressedOnTheFirst() {
        try (MicroPool pool = pool(2)) {
            for (int round = 0; round < 30; round++) {
                // Two units: the caller and one worker, both past the barrier before either throws.
                CyclicBarrier two = new CyclicBarrier(2);
                RuntimeException[] pair = {new RuntimeException("pair 0"), new RuntimeException("pair 1")};
                Throwable thrown = assertThrows(Throwable.class, () -> pool.invoke(2, i -> {
                    awaitBarrier(two);
                    throw pair[i];
                }));
                assertOneRethrownOthersSuppressed(thrown, pair);

                // Three units: the caller and both workers.
                CyclicBarrier three = new CyclicBarrier(3);
                Throwable[] triple = {new UnitError("triple 0"), new IllegalStateException("triple 1"),
                    new UnitCheckedException("triple 2")};
                Throwable thrown3 = assertThrows(Throwable.class, () -> pool.invoke(3, i -> {
                    awaitBarrier(three);
                    throw sneaky(triple[i]);
                }));
                assertOneRethrownOthersSuppressed(thrown3, triple);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callWaitsForAUnitStillRunningAndSuppressesItsThrowable() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 10; round++) {
                CountDownLatch bStarted = new CountDownLatch(1);
                CountDownLatch aThrowing = new CountDownLatch(1);
                AtomicBoolean bFinished = new AtomicBoolean();
                RuntimeException fromA = new RuntimeException("a");
                RuntimeException fromB = new RuntimeException("b");
                Throwable thrown = assertThrows(Throwable.class, () -> pool.join(() -> {
                    await(bStarted);
                    aThrowing.countDown();
                    throw fromA;
                }, () -> {
                    bStarted.countDown();
                    await(aThrowing);
                    // Still running well after the first failure: the call must wait for this unit.
                    sleep(20);
                    bFinished.set(true);
                    throw fromB;
                }));
                assertTrue(bFinished.get(), "the call returned before a unit it had started finished");
                assertOneRethrownOthersSuppressed(thrown, new Throwable[] {fromA, fromB});
            }
            assertQuiescent(pool);
        }
    }

    // ---- the pool after failures -----------------------------------------------------------------------

    @Test
    void workersSurviveUserExceptionsAndThePoolStaysUsable() {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        try (MicroPool pool = MicroPool.builder().workers(1).threadFactory(r -> {
            Thread t = new Thread(r, PREFIX + workers.size());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
            workers.add(t);
            return t;
        }).build()) {
            List<Consumer<String>> throwers = List.of(
                m -> {
                    throw new RuntimeException(m);
                },
                m -> {
                    throw new UnitError(m);
                },
                m -> {
                    throw sneaky(new UnitCheckedException(m));
                },
                m -> {
                    throw new OutOfMemoryError(m);
                });
            for (int round = 0; round < 40; round++) {
                Consumer<String> thrower = throwers.get(round % throwers.size());
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> bThread = new AtomicReference<>();
                String message = "round " + round;
                Throwable thrown = assertThrows(Throwable.class, () -> pool.join(() -> await(bStarted), () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                    thrower.accept(message);
                }));
                assertEquals(message, thrown.getMessage());
                assertSame(workers.get(0), bThread.get(), "the failing unit must have run on the worker");
                assertTrue(workers.get(0).isAlive(), "the worker died after " + thrown);
            }
            assertEquals(1, workers.size(), "no worker may be replaced");
            assertEquals(List.of(), uncaught);

            // The worker still takes part: a job of two units that must run at the same time completes.
            for (int round = 0; round < 5; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                AtomicReference<Thread> other = new AtomicReference<>();
                Thread caller = Thread.currentThread();
                pool.invoke(2, i -> {
                    if (Thread.currentThread() != caller) {
                        other.set(Thread.currentThread());
                    }
                    awaitBarrier(barrier);
                });
                assertSame(workers.get(0), other.get());
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void noSlotOrScopeLeaksAfterManyFailures() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(4).maxScopes(2).threadNamePrefix(PREFIX).build()) {
            for (int round = 0; round < 2_000; round++) {
                int r = round;
                RuntimeException boom = new RuntimeException("round " + round);
                Throwable thrown = assertThrows(Throwable.class, () -> pool.invoke(4, i -> {
                    if (i == r % 4) {
                        pool.join(() -> {
                            if (r % 3 == 0) {
                                throw boom;
                            }
                        }, () -> {
                            if (r % 3 != 0) {
                                throw boom;
                            }
                        });
                    }
                }));
                assertSame(boom, thrown);
            }
            assertQuiescent(pool);
            // All four slots are free again: a chain of four nested jobs, one per level, needs all four and
            // runs without any inline fallback.
            MicroPoolStats before = pool.stats();
            AtomicInteger leaves = new AtomicInteger();
            pool.invoke(2, i -> {
                if (i == 1) {
                    pool.invoke(2, j -> {
                        if (j == 1) {
                            pool.invoke(2, k -> {
                                if (k == 1) {
                                    pool.invoke(2, l -> leaves.incrementAndGet());
                                }
                            });
                        }
                    });
                }
            });
            assertEquals(2, leaves.get());
            MicroPoolStats after = pool.stats();
            assertEquals(before.inlineNoFreeSlot(), after.inlineNoFreeSlot(), "a slot is missing: " + after);
            assertEquals(before.inlineNoFreeScope(), after.inlineNoFreeScope(), "a scope is missing: " + after);
            assertQuiescent(pool);
        }
    }

    // ---- nested failures -------------------------------------------------------------------------------

    @Test
    void failureInANestedJobPropagatesThroughTheOuterOneAsTheSameInstance() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 100; round++) {
                RuntimeException boom = new RuntimeException("nested " + round);
                AtomicReference<Throwable> seenByNestedCaller = new AtomicReference<>();
                int failing = round % 3;
                assertFailsWith(boom, () -> pool.invoke(4, i -> {
                    if (i == 1) {
                        try {
                            pool.invoke(3, j -> pool.join(() -> { }, () -> {
                                if (j == failing) {
                                    throw boom;
                                }
                            }));
                        } catch (Throwable t) {
                            seenByNestedCaller.set(t);
                            throw t;
                        }
                    }
                }));
                assertSame(boom, seenByNestedCaller.get(), "the nested call itself rethrows the same instance");
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void failureInANestedJobOfAUnitRunByTheWorkerPropagatesToTheOutermostCaller() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 50; round++) {
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> nestedCaller = new AtomicReference<>();
                UnitError error = new UnitError("deep " + round);
                assertFailsWith(error, () -> pool.join(() -> await(bStarted), () -> {
                    nestedCaller.set(Thread.currentThread());
                    bStarted.countDown();
                    pool.invoke(5, i -> pool.invoke(2, j -> {
                        if (i == 2 && j == 0) {
                            throw error;
                        }
                    }));
                }));
                assertTrue(nestedCaller.get().getName().startsWith(PREFIX));
            }
            assertQuiescent(pool);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }

    private static void assertOneRethrownOthersSuppressed(Throwable thrown, Throwable[] all) {
        Set<Throwable> expected = new HashSet<>(Arrays.asList(all));
        assertTrue(expected.contains(thrown), "rethrown: " + thrown);
        Set<Throwable> suppressed = new HashSet<>(Arrays.asList(thrown.getSuppressed()));
        assertEquals(all.length - 1, thrown.getSuppressed().length, "suppressed: " + suppressed);
        expected.remove(thrown);
        assertEquals(expected, suppressed);
        for (Throwable t : all) {
            if (t != thrown) {
                assertEquals(0, t.getSuppressed().length);
            }
        }
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
