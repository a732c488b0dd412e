package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.ThreeAtOnce.runThreeAtOnce;
import static io.micropool.core.Waits.await;
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
 * inside a unit without a deadlock), happens-before of the units' writes, and interrupts. The worker
 * threads and the global pool are covered by {@link WorkerThreadsTest}, running out of job slots and
 * scopes by {@link ExhaustionTest}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class LifecycleTest {
    @Test
    void aClosedPoolThatThisThreadCalledIsCollectedOnceDropped() throws InterruptedException {
        // Each platform thread that calls a pool keeps its participant in a ThreadLocal of that pool; the
        // participant must not reach the ThreadLocal, or the entry would keep the pool alive for as long as
        // the thread lives (a service thread that opens and closes pools would leak every one of them).
        java.lang.ref.WeakReference<MicroPool> dropped = callAndClose();
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (dropped.get() != null) {
            assertTrue(System.nanoTime() < deadline, "a dropped pool stayed reachable from this thread");
            System.gc();
            Thread.sleep(10);
        }
    }

    private static java.lang.ref.WeakReference<MicroPool> callAndClose() {
        MicroPool pool = MicroPool.builder().workers(1).build();
        AtomicInteger units = new AtomicInteger();
        pool.invoke(4, i -> units.incrementAndGet());
        pool.join(units::incrementAndGet, units::incrementAndGet);
        assertEquals(6, units.get());
        pool.close();
        return new java.lang.ref.WeakReference<>(pool);
    }

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

    /** A body that may throw anything. */
    private interface Body {
        void run() throws Throwable;
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

    private static void awaitClosed(MicroPool pool) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!pool.isClosed()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the pool was not closed within 10 s");
            }
            Thread.onSpinWait();
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

    private static void joinThread(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
