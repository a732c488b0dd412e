package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The pool's life: close() (idempotent, waits for the workers, later calls run inline, callable from
 * inside a unit), the global pool, thread naming and factories, running out of job slots and scopes,
 * happens-before of the units' writes, and interrupts.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class LifecycleTest {
    private static final String PREFIX = "lifecycle-test-worker-";

    // ---- close -----------------------------------------------------------------------------------------

    @Test
    void closeIsIdempotentAndReturnsOnlyOnceEveryWorkerHasExited() {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        MicroPool pool = MicroPool.builder().workers(2).threadFactory(r -> {
            Thread t = new Thread(r, PREFIX + workers.size());
            t.setDaemon(true);
            workers.add(t);
            return t;
        }).build();
        try {
            assertEquals(2, workers.size());
            runThreeAtOnce(pool);
            assertFalse(pool.isClosed());
        } finally {
            pool.close();
        }
        assertTrue(pool.isClosed());
        for (Thread worker : workers) {
            assertFalse(worker.isAlive(), worker + " still alive after close() returned");
        }
        pool.close();
        pool.close();
        assertTrue(pool.isClosed());
        assertQuiescent(pool);
    }

    @Test
    @SuppressWarnings("try")
    void closeWaitsForAWorkerThatIsStillRunningAUnit() throws Exception {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        try (MicroPool pool = MicroPool.builder().workers(1).threadFactory(r -> {
            Thread t = new Thread(r, PREFIX + workers.size());
            t.setDaemon(true);
            workers.add(t);
            return t;
        }).build()) {
            CountDownLatch bStarted = new CountDownLatch(1);
            CountDownLatch closing = new CountDownLatch(1);
            AtomicBoolean bFinished = new AtomicBoolean();
            AtomicReference<Throwable> ownerFailure = new AtomicReference<>();
            Thread owner = new Thread(() -> {
                try {
                    pool.join(() -> await(bStarted), () -> {
                        bStarted.countDown();
                        await(closing);
                        awaitClosed(pool);
                        // Still running after close() began: close() must wait for this unit.
                        sleep(20);
                        bFinished.set(true);
                    });
                } catch (Throwable t) {
                    ownerFailure.set(t);
                }
            }, "owner");
            owner.start();
            await(bStarted);

            closing.countDown();
            pool.close();
            assertTrue(bFinished.get(), "close() returned while a worker was still running a unit");
            assertFalse(workers.get(0).isAlive(), "close() returned before the worker exited");

            owner.join(SECONDS.toMillis(10));
            assertFalse(owner.isAlive());
            assertNull(ownerFailure.get());
            assertQuiescent(pool);
        }
    }

    @Test
    void callsAfterCloseRunInlineOnTheCaller() {
        MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix(PREFIX).build();
        pool.close();
        assertTrue(pool.isClosed());
        assertEquals(2, pool.workerCount());
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 3; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            AtomicInteger offCaller = new AtomicInteger();
            pool.invoke(100, i -> {
                runs.incrementAndGet(i);
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
            });
            pool.invoke(100, runs, (r, i) -> {
                r.incrementAndGet(i);
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
            });
            AtomicReference<Thread> a = new AtomicReference<>();
            AtomicReference<Thread> b = new AtomicReference<>();
            pool.join(() -> a.set(Thread.currentThread()), () -> b.set(Thread.currentThread()));
            pool.joinAll(() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1), () -> runs.incrementAndGet(2));
            pool.invoke(3, i -> pool.join(() -> runs.incrementAndGet(10 + i), () -> pool.invoke(2, j -> {
                runs.incrementAndGet(20 + i * 2 + j);
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
            })));
            assertEquals(0, offCaller.get());
            assertSame(caller, a.get());
            assertSame(caller, b.get());
            for (int i = 0; i < 100; i++) {
                int expected = 2 + (i < 3 ? 1 : 0) + (i >= 10 && i < 13 ? 1 : 0) + (i >= 20 && i < 26 ? 1 : 0);
                assertEquals(expected, runs.get(i), "unit " + i);
            }
        }
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.inlineNoFreeSlot());
        assertEquals(0, stats.inlineNoFreeScope());
        assertQuiescent(pool);
    }

    @Test
    @SuppressWarnings("try")
    void closeFromAUnitRunByTheWorkerDoesNotDeadlock() {
        runWithin(10, () -> {
            List<Thread> workers = new CopyOnWriteArrayList<>();
            try (MicroPool pool = MicroPool.builder().workers(1).threadFactory(r -> {
                Thread t = new Thread(r, PREFIX + workers.size());
                t.setDaemon(true);
                workers.add(t);
                return t;
            }).build()) {
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> bThread = new AtomicReference<>();
                AtomicBoolean closeReturned = new AtomicBoolean();
                pool.join(() -> await(bStarted), () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                    pool.close();
                    closeReturned.set(true);
                });
                assertSame(workers.get(0), bThread.get());
                assertTrue(closeReturned.get());
                assertTrue(pool.isClosed());
                workers.get(0).join(SECONDS.toMillis(5));
                assertFalse(workers.get(0).isAlive(), "the worker must exit after closing the pool");
                assertCallRunsOnCaller(pool);
                assertQuiescent(pool);
            }
        });
    }

    @Test
    @SuppressWarnings("try")
    void closeFromAUnitRunByTheCallerDoesNotDeadlock() {
        runWithin(10, () -> {
            List<Thread> workers = new CopyOnWriteArrayList<>();
            try (MicroPool pool = MicroPool.builder().workers(1).threadFactory(r -> {
                Thread t = new Thread(r, PREFIX + workers.size());
                t.setDaemon(true);
                workers.add(t);
                return t;
            }).build()) {
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> bThread = new AtomicReference<>();
                pool.join(() -> {
                    await(bStarted);
                    // Inside a unit close() does not wait for the workers (one may wait for this unit).
                    pool.close();
                }, () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                });
                assertSame(workers.get(0), bThread.get());
                assertTrue(pool.isClosed());
                // The worker exits on its own once its work is done.
                joinThread(workers.get(0));
                assertFalse(workers.get(0).isAlive());
                assertCallRunsOnCaller(pool);
                assertQuiescent(pool);
            }
        });
    }

    /**
     * main calls {@code join(C, D)}; the worker takes D, which calls {@code join(E, F)} and runs E; main,
     * waiting for D, helps its tree and runs F (E waits until F has started, so the worker cannot take
     * F itself). F calls close(). The worker cannot exit before F completes (it waits for F as the owner
     * of {@code join(E, F)}), so close() must not wait for it there.
     */
    @Test
    @SuppressWarnings("try")
    void closeFromAUnitThatTheCallerTookFromAWorkersNestedJobDoesNotDeadlock() {
        runWithin(10, () -> {
            List<Thread> workers = new CopyOnWriteArrayList<>();
            try (MicroPool pool = MicroPool.builder().workers(1).threadFactory(r -> {
                Thread t = new Thread(r, PREFIX + workers.size());
                t.setDaemon(true);
                workers.add(t);
                return t;
            }).build()) {
                Thread main = Thread.currentThread();
                CountDownLatch eStarted = new CountDownLatch(1);
                CountDownLatch fStarted = new CountDownLatch(1);
                AtomicReference<Thread> fThread = new AtomicReference<>();
                AtomicBoolean closeReturned = new AtomicBoolean();
                pool.join(() -> await(eStarted), () -> pool.join(() -> {
                    eStarted.countDown();
                    await(fStarted);
                }, () -> {
                    fThread.set(Thread.currentThread());
                    fStarted.countDown();
                    pool.close();
                    closeReturned.set(true);
                }));
                assertSame(main, fThread.get());
                assertTrue(closeReturned.get());
                assertTrue(pool.isClosed());
                workers.get(0).join(SECONDS.toMillis(5));
                assertFalse(workers.get(0).isAlive());
                assertQuiescent(pool);
            }
        });
    }

    // ---- the global pool -------------------------------------------------------------------------------

    @Test
    void globalPoolHasDaemonWorkersAndIgnoresClose() {
        MicroPool global = MicroPool.global();
        assertSame(global, MicroPool.global());
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        assertEquals(expected, global.workerCount());
        assertEquals(expected, global.stats().workers());

        Set<Thread> threads = threadsNamed("micropool-global-");
        assertEquals(expected, threads.size(), "global worker threads: " + threads);
        for (Thread t : threads) {
            assertTrue(t.isDaemon(), t + " must be a daemon thread");
            assertTrue(t.isAlive());
        }

        global.close();
        global.close();
        assertFalse(global.isClosed(), "close() on the global pool must do nothing");
        for (Thread t : threads) {
            assertTrue(t.isAlive(), t + " must keep running after close() on the global pool");
        }
        // Still parallel, not inline: a two-unit job whose units must run at the same time completes.
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 5; round++) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(2);
            global.invoke(2, i -> {
                where.set(i, Thread.currentThread());
                awaitBarrier(barrier);
            });
            Thread other = where.get(0) == caller ? where.get(1) : where.get(0);
            assertTrue(threads.contains(other), "the other unit ran on " + other);
        }
        assertQuiescent(global);
    }

    // ---- threads ---------------------------------------------------------------------------------------

    @Test
    void threadNamePrefixNamesTheWorkersAndTheyAreDaemonsByDefault() {
        String prefix = "lifecycle-prefix-" + System.nanoTime() + "-";
        List<Thread> seen;
        try (MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix(prefix).build()) {
            Set<Thread> threads = threadsNamed(prefix);
            assertEquals(Set.of(prefix + "0", prefix + "1"),
                threads.stream().map(Thread::getName).collect(Collectors.toSet()));
            for (Thread t : threads) {
                assertTrue(t.isDaemon(), t + " must be a daemon thread");
            }
            seen = runThreeAtOnce(pool);
            assertEquals(threads, new HashSet<>(seen), "the other units must run on the named workers");
        }
        for (Thread t : seen) {
            assertFalse(t.isAlive());
        }
    }

    @Test
    void daemonFalseMakesNonDaemonWorkersThatCloseStops() {
        String prefix = "lifecycle-non-daemon-" + System.nanoTime() + "-";
        Set<Thread> threads;
        try (MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix(prefix).daemon(false).build()) {
            threads = threadsNamed(prefix);
            assertEquals(2, threads.size());
            for (Thread t : threads) {
                assertFalse(t.isDaemon(), t + " must not be a daemon thread");
            }
            runThreeAtOnce(pool);
        }
        for (Thread t : threads) {
            assertFalse(t.isAlive(), t + " must have exited with close()");
        }
    }

    @Test
    void customThreadFactoryMakesEveryWorkerAndOverridesPrefixAndDaemon() {
        List<Thread> created = new CopyOnWriteArrayList<>();
        String ignoredPrefix = "lifecycle-ignored-" + System.nanoTime() + "-";
        List<Thread> seen;
        try (MicroPool pool = MicroPool.builder()
            .workers(2)
            .threadNamePrefix(ignoredPrefix)
            .daemon(true)
            .threadFactory(r -> {
                Thread t = new Thread(r, "custom-factory-" + created.size());
                t.setDaemon(false);
                created.add(t);
                return t;
            })
            .build()) {
            assertEquals(2, created.size());
            for (Thread t : created) {
                assertTrue(t.isAlive(), "the pool must start the threads its factory made");
                assertFalse(t.isDaemon());
            }
            assertTrue(threadsNamed(ignoredPrefix).isEmpty(), "the prefix is ignored when a factory is set");
            seen = runThreeAtOnce(pool);
            assertEquals(new HashSet<>(created), new HashSet<>(seen));
        }
        for (Thread t : created) {
            assertFalse(t.isAlive());
        }
    }

    // ---- running out of slots and scopes --------------------------------------------------------------

    @Test
    void callWhileTheOnlyScopeIsTakenRunsInlineAndIsCounted() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).threadNamePrefix(PREFIX).build()) {
            assertEquals(1, pool.stats().scopes());
            try (Holder holder = new Holder(pool)) {
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
                holder.assertStillHolding();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callWhileTheOnlySlotIsTakenRunsInlineAndIsCounted() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(4).threadNamePrefix(PREFIX).build()) {
            try (Holder holder = new Holder(pool)) {
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
                holder.assertStillHolding();
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

    // ---- happens-before --------------------------------------------------------------------------------

    /** Plain fields, written by units and read by the caller after the call. */
    private static final class Plain {
        int a;
        int b;
        int[] data = new int[64];
        int[] input = new int[64];
    }

    @Test
    void plainWritesOfUnitsAreVisibleWhenTheCallReturns() {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix(PREFIX).build()) {
            Plain plain = new Plain();
            for (int round = 1; round <= 20_000; round++) {
                int r = round;
                for (int i = 0; i < 64; i++) {
                    plain.input[i] = r * 31 + i;
                }
                pool.invoke(64, plain, (p, i) -> p.data[i] = p.input[i] + 1);
                for (int i = 0; i < 64; i++) {
                    if (plain.data[i] != r * 31 + i + 1) {
                        fail("round " + r + ": data[" + i + "] = " + plain.data[i]);
                    }
                }
                pool.join(() -> plain.a = r, () -> plain.b = -r);
                if (plain.a != r || plain.b != -r) {
                    fail("round " + r + ": a = " + plain.a + ", b = " + plain.b);
                }
                if (round % 10 == 0) {
                    pool.invoke(4, i -> pool.invoke(16, j -> plain.data[i * 16 + j] = -r));
                    for (int i = 0; i < 64; i++) {
                        if (plain.data[i] != -r) {
                            fail("round " + r + ": nested data[" + i + "] = " + plain.data[i]);
                        }
                    }
                }
            }
            assertQuiescent(pool);
        }
    }

    // ---- interrupts ------------------------------------------------------------------------------------

    @Test
    void interruptDoesNotCutAWaitingCallShortAndIsKept() {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix(PREFIX).build()) {
            Thread caller = Thread.currentThread();
            CountDownLatch bStarted = new CountDownLatch(1);
            CountDownLatch aDone = new CountDownLatch(1);
            AtomicBoolean bFinished = new AtomicBoolean();
            pool.join(() -> {
                await(bStarted);
                aDone.countDown();
            }, () -> {
                bStarted.countDown();
                await(aDone);
                // The caller waits for this unit; it is interrupted meanwhile.
                sleep(20);
                caller.interrupt();
                sleep(20);
                bFinished.set(true);
            });
            assertTrue(bFinished.get(), "the call returned before its units were done");
            assertTrue(Thread.interrupted(), "the interrupt status must be kept");
            assertQuiescent(pool);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * Holds a job slot and a scope: another outside thread calls {@code join(a, b)}, with {@code b} taken
     * by the worker and blocked until closed.
     */
    private static final class Holder implements AutoCloseable {
        private final CountDownLatch bStarted = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread owner;

        Holder(MicroPool pool) {
            owner = new Thread(() -> {
                try {
                    pool.join(() -> await(bStarted), () -> {
                        bStarted.countDown();
                        await(release);
                    });
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "slot-and-scope-holder");
            owner.start();
            await(bStarted);
        }

        /** Asserts that the holder's job is still running, so it still holds its slot and scope. */
        void assertStillHolding() {
            assertTrue(owner.isAlive(), "the holder's job must still be running");
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

    /** A body that may throw anything. */
    private interface Body {
        void run() throws Throwable;
    }

    /** A body run by each of several threads, given the thread's index. */
    private interface IndexedBody {
        void run(int index) throws Throwable;
    }

    /**
     * Runs {@code body} on a new thread and fails, with a thread dump, if it does not finish within
     * {@code seconds}: a deadlock fails the test quickly and shows where every thread is.
     */
    private static void runWithin(int seconds, Body body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "scenario");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(SECONDS.toMillis(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (thread.isAlive()) {
            String dump = ThreadDumpOnTimeout.threadDump();
            fail("the scenario did not finish within " + seconds + " s (deadlock); thread dump:\n" + dump);
        }
        if (failure.get() != null) {
            throw new AssertionError("the scenario failed", failure.get());
        }
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

    /** Runs a job of three units that must all run at once; returns the two threads other than the caller. */
    private static List<Thread> runThreeAtOnce(MicroPool pool) {
        Thread caller = Thread.currentThread();
        CyclicBarrier barrier = new CyclicBarrier(3);
        List<Thread> others = new CopyOnWriteArrayList<>();
        pool.invoke(3, i -> {
            if (Thread.currentThread() != caller) {
                others.add(Thread.currentThread());
            }
            awaitBarrier(barrier);
        });
        assertEquals(2, others.size());
        assertEquals(2, new HashSet<>(others).size());
        return others;
    }

    private static void assertCallRunsOnCaller(MicroPool pool) {
        Thread caller = Thread.currentThread();
        AtomicInteger offCaller = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        pool.invoke(20, i -> {
            ran.incrementAndGet();
            if (Thread.currentThread() != caller) {
                offCaller.incrementAndGet();
            }
        });
        assertEquals(20, ran.get());
        assertEquals(0, offCaller.get());
    }

    private static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(prefix))
            .collect(Collectors.toSet());
    }

    private static void awaitClosed(MicroPool pool) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!pool.isClosed()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the pool was not closed within 10 s");
            }
            Thread.onSpinWait();
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

    private static void joinThread(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
