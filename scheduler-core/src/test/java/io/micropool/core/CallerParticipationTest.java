package io.micropool.core;

import io.micropool.api.IndexedJob;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.Waits.await;
import static io.micropool.core.Waits.awaitBarrier;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The calling thread runs units of its own job: a call completes even when every worker is busy with
 * other work, {@code join(a, b)} runs {@code a} on the caller, the caller keeps the last index of an
 * indexed job, and with a free worker the caller and the worker run units at the same time.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class CallerParticipationTest {
    private static final String PREFIX = "caller-participation-worker-";

    @Test
    void callCompletesOnTheCallerWhileTheOnlyWorkerIsBlockedInAnotherThreadsJob() throws Exception {
        try (MicroPool pool = pool(1)) {
            try (BlockedJoin busy = new BlockedJoin(pool, PREFIX)) {
                Thread caller = Thread.currentThread();
                AtomicIntegerArray runs = new AtomicIntegerArray(100);
                AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(100);
                pool.invoke(100, i -> {
                    runs.incrementAndGet(i);
                    where.set(i, Thread.currentThread());
                });
                assertAllRanOnceOn(caller, runs, where);

                AtomicIntegerArray runs2 = new AtomicIntegerArray(100);
                AtomicReferenceArray<Thread> where2 = new AtomicReferenceArray<>(100);
                pool.invoke(100, runs2, (r, i) -> {
                    r.incrementAndGet(i);
                    where2.set(i, Thread.currentThread());
                });
                assertAllRanOnceOn(caller, runs2, where2);

                AtomicReference<Thread> a = new AtomicReference<>();
                AtomicReference<Thread> b = new AtomicReference<>();
                pool.join(() -> a.set(Thread.currentThread()), () -> b.set(Thread.currentThread()));
                assertSame(caller, a.get());
                assertSame(caller, b.get(), "with the worker blocked, b must be run by the caller");

                // The worker is still blocked: the calls above completed without it.
                busy.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void nestedCallsOfTheCallerCompleteOnTheCallerWhileTheOnlyWorkerIsBlocked() throws Exception {
        try (MicroPool pool = pool(1)) {
            try (BlockedJoin busy = new BlockedJoin(pool, PREFIX)) {
                Thread caller = Thread.currentThread();
                AtomicIntegerArray runs = new AtomicIntegerArray(4 * 8 * 2);
                AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(4 * 8 * 2);
                pool.invoke(4, i -> pool.invoke(8, j -> pool.join(
                    () -> record(runs, where, (i * 8 + j) * 2),
                    () -> record(runs, where, (i * 8 + j) * 2 + 1))));
                assertAllRanOnceOn(caller, runs, where);
                busy.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void joinRunsItsFirstRunnableOnTheCaller() {
        try (MicroPool pool = pool(1)) {
            Thread caller = Thread.currentThread();
            for (int round = 0; round < 500; round++) {
                AtomicReference<Thread> a = new AtomicReference<>();
                AtomicReference<Thread> b = new AtomicReference<>();
                pool.join(() -> a.set(Thread.currentThread()), () -> b.set(Thread.currentThread()));
                assertSame(caller, a.get(), "round " + round);
                assertNotNull(b.get(), "round " + round);
                assertTrue(b.get() == caller || b.get().getName().startsWith(PREFIX), "b ran on " + b.get());

                // b waits until a has run: were b run first by the caller, a would be left to the worker.
                CountDownLatch aRan = new CountDownLatch(1);
                AtomicReference<Thread> a2 = new AtomicReference<>();
                pool.join(() -> {
                    a2.set(Thread.currentThread());
                    aRan.countDown();
                }, () -> await(aRan));
                assertSame(caller, a2.get(), "round " + round);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void nestedJoinRunsItsFirstRunnableOnTheThreadThatCallsIt() {
        try (MicroPool pool = pool(1)) {
            for (int round = 0; round < 100; round++) {
                CountDownLatch bStarted = new CountDownLatch(1);
                AtomicReference<Thread> bThread = new AtomicReference<>();
                AtomicReference<Thread> nestedA = new AtomicReference<>();
                AtomicReference<Thread> nestedB = new AtomicReference<>();
                pool.join(() -> await(bStarted), () -> {
                    bThread.set(Thread.currentThread());
                    bStarted.countDown();
                    pool.join(() -> nestedA.set(Thread.currentThread()), () -> nestedB.set(Thread.currentThread()));
                });
                assertTrue(bThread.get().getName().startsWith(PREFIX), "b must have been taken by the worker");
                assertSame(bThread.get(), nestedA.get(), "the nested a must run on the thread calling the nested join");
                assertNotNull(nestedB.get());
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callerKeepsTheLastIndex() {
        try (MicroPool pool = pool(1)) {
            Thread caller = Thread.currentThread();
            for (int count = 2; count <= 12; count++) {
                for (int round = 0; round < 20; round++) {
                    int last = count - 1;
                    AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(count);
                    pool.invoke(count, i -> where.set(i, Thread.currentThread()));
                    assertSame(caller, where.get(last), "invoke(IntConsumer), count " + count);

                    AtomicReferenceArray<Thread> where2 = new AtomicReferenceArray<>(count);
                    pool.invoke(count, where2, (w, i) -> w.set(i, Thread.currentThread()));
                    assertSame(caller, where2.get(last), "invoke(IndexedJob), count " + count);

                    AtomicReferenceArray<Thread> where3 = new AtomicReferenceArray<>(count);
                    Runnable[] jobs = new Runnable[count];
                    for (int i = 0; i < count; i++) {
                        int index = i;
                        jobs[i] = () -> where3.set(index, Thread.currentThread());
                    }
                    pool.joinAll(jobs);
                    assertSame(caller, where3.get(last), "joinAll, count " + count);
                }
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callerAndWorkerRunTheTwoUnitsOfAJobAtTheSameTime() {
        try (MicroPool pool = pool(1)) {
            Thread caller = Thread.currentThread();
            for (int round = 0; round < 50; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(2);
                pool.invoke(2, i -> {
                    where.set(i, Thread.currentThread());
                    awaitBarrier(barrier);
                });
                assertBothTookPart(caller, where.get(0), where.get(1));

                CyclicBarrier barrier2 = new CyclicBarrier(2);
                AtomicReferenceArray<Thread> where2 = new AtomicReferenceArray<>(2);
                pool.join(() -> {
                    where2.set(0, Thread.currentThread());
                    awaitBarrier(barrier2);
                }, () -> {
                    where2.set(1, Thread.currentThread());
                    awaitBarrier(barrier2);
                });
                assertSame(caller, where2.get(0));
                assertBothTookPart(caller, where2.get(0), where2.get(1));

                CyclicBarrier barrier3 = new CyclicBarrier(2);
                AtomicReferenceArray<Thread> where3 = new AtomicReferenceArray<>(2);
                IndexedJob<CyclicBarrier> job = (b, i) -> {
                    where3.set(i, Thread.currentThread());
                    awaitBarrier(b);
                };
                pool.invoke(2, barrier3, job);
                assertBothTookPart(caller, where3.get(0), where3.get(1));
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void callerAndTwoWorkersRunThreeUnitsOfOneJobAtTheSameTime() {
        // A job whose units can only finish when three threads run them at once: the caller and both
        // workers.
        try (MicroPool pool = pool(2)) {
            Thread caller = Thread.currentThread();
            CyclicBarrier barrier = new CyclicBarrier(3);
            AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(3);
            pool.invoke(3, i -> {
                where.set(i, Thread.currentThread());
                awaitBarrier(barrier);
            });
            assertSame(caller, where.get(2));
            assertNotSame(where.get(0), where.get(1));
            assertTrue(where.get(0).getName().startsWith(PREFIX) && where.get(1).getName().startsWith(PREFIX),
                "units 0 and 1 must have run on the two workers: " + where);
            assertQuiescent(pool);
        }
    }

    @Test
    void workerThatParksAtOnceIsWokenForEveryJob() {
        // Spin budget 0: the worker parks as soon as it finds no work, so every one of these jobs, whose
        // two units must run at the same time, needs the wake-up that publishing the job sends.
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(0).threadNamePrefix(PREFIX).build()) {
            Thread caller = Thread.currentThread();
            for (int round = 0; round < 2_000; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(2);
                pool.invoke(2, i -> {
                    where.set(i, Thread.currentThread());
                    awaitBarrier(barrier);
                });
                assertBothTookPart(caller, where.get(0), where.get(1));
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void twoCallersOfJobsThatNeedAWorkerEachAlwaysGetOne() throws Exception {
        // Two outside threads, two workers that park at once: each job's two units must run at the same
        // time, so each call needs a worker to be woken (or to finish the other job and come over).
        try (MicroPool pool = MicroPool.builder().workers(2).spinBudgetNanos(0).threadNamePrefix(PREFIX).build()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicIntegerArray completed = new AtomicIntegerArray(2);
            Thread[] callers = new Thread[2];
            for (int c = 0; c < 2; c++) {
                int me = c;
                callers[c] = new Thread(() -> {
                    try {
                        Thread self = Thread.currentThread();
                        for (int round = 0; round < 1_000; round++) {
                            CyclicBarrier barrier = new CyclicBarrier(2);
                            AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(2);
                            pool.invoke(2, i -> {
                                where.set(i, Thread.currentThread());
                                awaitBarrier(barrier);
                            });
                            assertBothTookPart(self, where.get(0), where.get(1));
                            completed.incrementAndGet(me);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "barrier-caller-" + c);
                callers[c].start();
            }
            for (Thread caller : callers) {
                caller.join(SECONDS.toMillis(25));
                assertFalse(caller.isAlive(), caller.getName() + " did not finish");
            }
            if (failure.get() != null) {
                throw new AssertionError("a caller failed", failure.get());
            }
            assertEquals(1_000, completed.get(0));
            assertEquals(1_000, completed.get(1));
            assertQuiescent(pool);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }

    private static void record(AtomicIntegerArray runs, AtomicReferenceArray<Thread> where, int index) {
        runs.incrementAndGet(index);
        where.set(index, Thread.currentThread());
    }

    private static void assertAllRanOnceOn(Thread expected, AtomicIntegerArray runs, AtomicReferenceArray<Thread> where) {
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "unit " + i + " must run exactly once");
            assertSame(expected, where.get(i), "unit " + i + " ran on " + where.get(i));
        }
    }

    private static void assertBothTookPart(Thread caller, Thread first, Thread second) {
        assertNotNull(first);
        assertNotNull(second);
        assertNotSame(first, second, "the two units must run on two threads");
        assertTrue(first == caller || second == caller, "the caller must run one unit");
        Thread other = first == caller ? second : first;
        assertTrue(other.getName().startsWith(PREFIX), "the other unit must run on the worker: " + other);
    }
}
