package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static io.micropool.core.Waits.await;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What a call does when units throw: the first throwable is rethrown as the same instance (checked
 * exceptions and errors included), later ones are suppressed on it, units not started after the first
 * failure are skipped, the call waits for units still running, failures of nested calls propagate, and
 * the pool stays usable and leaks no slot or scope. Calls that fall back to running inline behave the same.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class FailureTest {
    private static final String PREFIX = "failure-test-worker-";

    /** An {@link Error} that only this test throws. */
    static final class UnitError extends Error {
        private static final long serialVersionUID = 1L;

        UnitError(String message) {
            super(message);
        }
    }

    /** A checked exception that only this test throws. */
    static final class UnitCheckedException extends Exception {
        private static final long serialVersionUID = 1L;

        UnitCheckedException(String message) {
            super(message);
        }
    }

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

    // ---- units not started after the failure are skipped ----------------------------------------------

    @Test
    void unitsNotStartedWhenTheFirstFailureIsRecordedAreSkipped() {
        try (MicroPool pool = pool(1)) {
            // Keep the only worker busy with another thread's job, so that the caller runs every unit
            // itself, one after the other: after the first unit throws, no other unit may start.
            try (BusyWorker busy = new BusyWorker(pool)) {
                for (int count : new int[] {2, 3, 100}) {
                    AtomicInteger started = new AtomicInteger();
                    RuntimeException boom = new RuntimeException("first unit of " + count);
                    assertFailsWith(boom, () -> pool.invoke(count, i -> {
                        if (started.getAndIncrement() == 0) {
                            throw boom;
                        }
                    }));
                    assertEquals(1, started.get(), "units started after the first failure, count " + count);

                    AtomicInteger started2 = new AtomicInteger();
                    assertFailsWith(boom, () -> pool.invoke(count, started2, (s, i) -> {
                        if (s.getAndIncrement() == 0) {
                            throw boom;
                        }
                    }));
                    assertEquals(1, started2.get());
                }
                AtomicInteger bRan = new AtomicInteger();
                RuntimeException boom = new RuntimeException("a");
                assertFailsWith(boom, () -> pool.join(() -> {
                    throw boom;
                }, bRan::incrementAndGet));
                assertEquals(0, bRan.get(), "b had not started when a failed: it must be skipped");
                busy.assertStillBlocking();
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

    // ---- inline fallbacks ------------------------------------------------------------------------------

    @Test
    void inlineCallsOfAPoolWithoutWorkersFailTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(0).build()) {
            assertInlineFailureSemantics(pool);
        }
    }

    @Test
    void inlineCallsOfAClosedPoolFailTheSameWay() {
        MicroPool pool = pool(1);
        pool.close();
        assertInlineFailureSemantics(pool);
    }

    @Test
    void callThatFindsNoFreeScopeFailsTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).threadNamePrefix(PREFIX).build()) {
            try (BusyWorker busy = new BusyWorker(pool)) {
                long before = pool.stats().inlineNoFreeScope();
                assertInlineFailureSemantics(pool);
                assertTrue(pool.stats().inlineNoFreeScope() > before, "the calls must have run inline: " + pool.stats());
                busy.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void nestedCallThatFindsNoFreeSlotFailsTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(2).threadNamePrefix(PREFIX).build()) {
            for (int round = 0; round < 20; round++) {
                long before = pool.stats().inlineNoFreeSlot();
                RuntimeException boom = new RuntimeException("inline nested " + round);
                AtomicInteger startedAfterFailure = new AtomicInteger();
                AtomicBoolean failed = new AtomicBoolean();
                // The outer job (three units: a published call) holds the only slot while its units run:
                // the nested call of unit 0 runs inline.
                assertFailsWith(boom, () -> pool.invoke(3, i -> {
                    if (i == 0) {
                        pool.invoke(10, j -> {
                            if (failed.get()) {
                                startedAfterFailure.incrementAndGet();
                            }
                            if (j == 5) {
                                failed.set(true);
                                throw boom;
                            }
                        });
                    }
                }));
                assertEquals(0, startedAfterFailure.get(), "inline units after the failure must be skipped");
                assertEquals(before + 1, pool.stats().inlineNoFreeSlot(), "the nested call must have run inline");
            }
            assertQuiescent(pool);
        }
    }

    private static void assertInlineFailureSemantics(MicroPool pool) {
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 10; round++) {
            RuntimeException boom = new RuntimeException("inline " + round);
            int failing = round % 10;
            List<Integer> ran = new ArrayList<>();
            AtomicInteger offCaller = new AtomicInteger();
            assertFailsWith(boom, () -> pool.invoke(10, i -> {
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
                synchronized (ran) {
                    ran.add(i);
                }
                if (i == failing) {
                    throw boom;
                }
            }));
            assertEquals(0, offCaller.get());
            synchronized (ran) {
                assertEquals(failing, (int) ran.get(ran.size() - 1), "no unit may start after the failure: " + ran);
                assertEquals(new HashSet<>(ran).size(), ran.size(), "a unit ran twice: " + ran);
            }

            UnitError error = new UnitError("inline indexed " + round);
            assertFailsWith(error, () -> pool.invoke(3, error, (e, i) -> {
                throw e;
            }));
            assertEquals(0, error.getSuppressed().length);

            AtomicInteger bRan = new AtomicInteger();
            assertFailsWith(boom, () -> pool.join(() -> {
                throw boom;
            }, bRan::incrementAndGet));
            assertEquals(0, bRan.get(), "b must be skipped after a failed inline");

            UnitCheckedException checked = new UnitCheckedException("count one");
            Throwable t = assertThrows(UnitCheckedException.class, () -> pool.invoke(1, i -> {
                throw sneaky(checked);
            }));
            assertSame(checked, t);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * Keeps the pool's only worker busy: another outside thread calls {@code join(a, b)} where {@code a}
     * waits until {@code b} has started (so the worker took {@code b}), and {@code b} blocks until closed.
     */
    private static final class BusyWorker implements AutoCloseable {
        private final CountDownLatch workerBlocked = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread owner;

        BusyWorker(MicroPool pool) {
            AtomicReference<Thread> bThread = new AtomicReference<>();
            owner = new Thread(() -> {
                try {
                    pool.join(() -> await(workerBlocked), () -> {
                        bThread.set(Thread.currentThread());
                        workerBlocked.countDown();
                        await(release);
                    });
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "busy-worker-owner");
            owner.start();
            await(workerBlocked);
            assertTrue(bThread.get().getName().startsWith(PREFIX), "b must run on the worker: " + bThread.get());
        }

        /** Asserts that the worker is still blocked in the other thread's job. */
        void assertStillBlocking() {
            assertTrue(owner.isAlive(), "the blocking job must still be running");
            assertEquals(1, release.getCount());
        }

        @Override
        public void close() {
            release.countDown();
            try {
                owner.join(SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            assertFalse(owner.isAlive());
            assertNull(failure.get());
        }
    }

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }

    private static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
    }

    private static void assertFailsWith(Throwable expected, org.junit.jupiter.api.function.Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        assertSame(expected, thrown, "the call must rethrow the unit's throwable as is");
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

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static void sleep(long millis) {
        try {
            MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(10, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("the units did not run at the same time", e);
        }
    }
}
