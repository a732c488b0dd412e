package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads as callers: a call of three units or more runs on the caller and is published only
 * when an idle thread asks and the rest is worth a hand-over; a published call and every two-half call
 * borrow a seat, nested calls find the seat again, failures and interrupts behave as on a platform thread,
 * and many short-lived callers leave no state behind — the statistics keep one entry for all of them. Runs on JDK 21 and later (virtual threads are reached by reflection, so the tests compile for
 * 17); on 17 it is skipped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class VirtualThreadCallerTest {
    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    }

    @Test
    void aVirtualThreadKeepsItsCallWhenTheWorkerIsBusy() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
            AtomicReference<Thread> caller = new AtomicReference<>();
            onVirtualThread(() -> {
                caller.set(Thread.currentThread());
                pool.invoke(8, i -> {
                    ranOn.add(Thread.currentThread());
                    busyFor(TimeUnit.MICROSECONDS.toNanos(200));
                });
            });
            assertEquals(Set.of(caller.get()), ranOn, "the virtual thread ran all eight units itself");
            ThreadStats virtual = virtualEntry(pool);
            assertEquals(8, virtual.get(Counter.UNITS_RUN_OWN));
            assertEquals(8, virtual.get(Counter.UNITS_SUBMITTED));
            assertEquals(1, virtual.get(Counter.CALLS_KEPT), "nobody asked for work: the call was kept");
            assertEquals(0, virtual.get(Counter.JOBS_PUBLISHED));
            release.countDown();
            blocker.join();
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void shortVirtualCallsAreKeptEvenWithAnIdleWorker() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicLong sum = new AtomicLong();
            int calls = 1_000;
            // Warm-up: a cold first call can spend long enough in its first unit to look worth sharing.
            onVirtualThread(() -> {
                for (int c = 0; c < calls; c++) {
                    pool.invoke(64, i -> sum.addAndGet(i));
                }
            });
            ThreadStats before = virtualEntry(pool);
            onVirtualThread(() -> {
                for (int c = 0; c < calls; c++) {
                    pool.invoke(64, i -> sum.addAndGet(i));
                }
            });
            assertEquals(2L * calls * (63 * 64 / 2), sum.get());
            ThreadStats after = virtualEntry(pool);
            long kept = after.get(Counter.CALLS_KEPT) - before.get(Counter.CALLS_KEPT);
            long published = after.get(Counter.JOBS_PUBLISHED) - before.get(Counter.JOBS_PUBLISHED);
            assertEquals(calls, kept + published, after.toString());
            // A call is shared only when its carrier lost the CPU long enough mid-call to make it look long.
            assertTrue(kept >= calls * 9 / 10, "64 tiny units are not worth a wake-up: " + after);
        }
    }

    @Test
    void aLongVirtualCallIsSharedWithAnIdleWorkerAndItsLaterUnitsRunOnASeat() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            Waits.awaitWorkersIdle(pool);
            AtomicReference<Thread> caller = new AtomicReference<>();
            CountDownLatch helped = new CountDownLatch(1);
            String[] forks = new String[4];
            AtomicInteger timedOut = new AtomicInteger();
            onVirtualThread(() -> {
                caller.set(Thread.currentThread());
                pool.invoke(4, i -> {
                    if (Thread.currentThread() != caller.get()) {
                        helped.countDown();
                    } else {
                        forks[i] = pool.fork().toString();
                    }
                    if (i == 3) {
                        // The first unit: long enough that the three left are worth waking the worker.
                        busyFor(TimeUnit.MILLISECONDS.toNanos(2));
                    } else if (i == 2) {
                        // The caller's next unit waits for the worker to take one of the last two.
                        try {
                            if (!helped.await(30, TimeUnit.SECONDS)) {
                                timedOut.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            });
            assertEquals(0, timedOut.get(), "no unit of the shared call ran on the worker");
            assertTrue(forks[3].contains("outside a call"), "the first unit ran before the call was published: " + forks[3]);
            assertTrue(!forks[2].contains("outside a call"), "after publication the units run on a seat: " + forks[2]);
            ThreadStats virtual = virtualEntry(pool);
            assertEquals(0, virtual.get(Counter.CALLS_KEPT));
            assertEquals(1, virtual.get(Counter.JOBS_PUBLISHED));
            assertEquals(4, virtual.get(Counter.UNITS_SUBMITTED));
            assertEquals(4, pool.stats().total().get(Counter.UNITS_RUN_OWN) + pool.stats().total().get(Counter.UNITS_RUN_BY_IDLE_WORKER));
            assertEquals(0, pool.stats().scopesInUse(), "the seat's scope was given back");
        }
    }

    @Test
    void virtualCallersWaitingForTheirJobsLeaveTheirCarriers() throws Exception {
        int waiters = 2;
        try (MicroPool pool = MicroPool.builder().workers(waiters).spinBudgetNanos(0).build()) {
            CountDownLatch onWorkers = new CountDownLatch(waiters);
            CountDownLatch release = new CountDownLatch(1);
            ThreadFactory virtual = virtualThreadFactory();
            Thread[] callers = new Thread[waiters];
            AtomicInteger firstHalvesDone = new AtomicInteger();
            AtomicInteger joined = new AtomicInteger();
            for (int c = 0; c < waiters; c++) {
                // The second half is offered at once; a worker takes it and blocks until released, so the
                // caller, done with its first half, waits for its job in the pool (and parks: budget 0).
                callers[c] = virtual.newThread(() -> {
                    pool.join(() -> {
                        BackgroundTaskTest.await(onWorkers);
                        firstHalvesDone.incrementAndGet();
                    }, () -> {
                        onWorkers.countDown();
                        BackgroundTaskTest.await(release);
                    });
                    joined.incrementAndGet();
                });
                callers[c].start();
            }
            try {
                assertTrue(onWorkers.await(30, TimeUnit.SECONDS), "both second halves ran on the workers: "
                    + pool.stats());
                // Past their first halves the callers block nowhere but in the pool's wait: WAITING is parked.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (Thread caller : callers) {
                    while (firstHalvesDone.get() < waiters || caller.getState() != Thread.State.WAITING) {
                        assertTrue(System.nanoTime() < deadline, caller + " never parked: " + caller.getState()
                            + ", first halves done " + firstHalvesDone.get());
                        Thread.onSpinWait();
                    }
                }
                // On a machine with two carriers, two callers that held theirs while waiting would leave none
                // for the releasing thread: the test would hang, and fail on its timeout with a thread dump.
                Thread releaser = virtual.newThread(release::countDown);
                releaser.start();
                releaser.join();
            } finally {
                release.countDown();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            assertEquals(waiters, joined.get());
            assertTrue(virtualEntry(pool).get(Counter.PARKS) >= waiters, "the waiting callers parked: " + virtualEntry(pool));
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void nestedCallsInAVirtualThreadsUnitsFindItsSeat() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(2).build()) {
            AtomicLong sum = new AtomicLong();
            AtomicReference<String> innerFork = new AtomicReference<>();
            onVirtualThread(() -> {
                // A join borrows a seat at once; the joins nested in its halves find it again.
                pool.join(() -> {
                    sum.addAndGet(joinFib(pool, 16));
                    innerFork.set(pool.fork().toString());
                }, () -> sum.addAndGet(joinFib(pool, 16)));
            });
            assertEquals(2 * 987, sum.get());
            ThreadStats virtual = virtualEntry(pool);
            assertEquals(0, virtual.get(Counter.INLINE_NO_FREE_SCOPE),
                "nested joins used the seat (or a worker), never ran inline for lack of one");
            assertNotNull(innerFork.get());
            assertTrue(!innerFork.get().contains("outside a call"), "inside a call, fork() is a seat's: " + innerFork.get());
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void aForkFromAVirtualThreadOutsideACallBorrowsASeatPerJoin() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicLong result = new AtomicLong();
            AtomicReference<Fork> seatFork = new AtomicReference<>();
            AtomicReference<Throwable> staleUse = new AtomicReference<>();
            onVirtualThread(() -> {
                Fork outside = pool.fork();
                assertTrue(outside.toString().contains("outside a call"), outside.toString());
                result.set(outside.joinLong(VirtualThreadCallerTest::fib, 20, 19, Long::sum));
                outside.join((Fork f, int n) -> seatFork.set(f), 0, 0);
                // The seat's Fork is confined to the call it was given to.
                try {
                    seatFork.get().joinLong(VirtualThreadCallerTest::fib, 3, 2, Long::sum);
                } catch (Throwable t) {
                    staleUse.set(t);
                }
            });
            assertEquals(fib(21), result.get());
            assertTrue(staleUse.get() instanceof IllegalStateException, "a seat's Fork used after its call: " + staleUse.get());
            assertThrows(NullPointerException.class, () -> onVirtualThreadRethrowing(
                () -> pool.fork().joinLong(null, 1, 2, Long::sum)));
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void aFailureReachesTheVirtualCallerAndTheSeatIsGivenBack() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).build()) {
            Waits.awaitWorkersIdle(pool);
            IllegalStateException kept = new IllegalStateException("unit of a kept call failed");
            IllegalStateException shared = new IllegalStateException("unit of a shared call failed");
            AtomicReference<Throwable> seenKept = new AtomicReference<>();
            AtomicReference<Throwable> seenShared = new AtomicReference<>();
            AtomicReference<Throwable> seenPair = new AtomicReference<>();
            onVirtualThread(() -> {
                try {
                    pool.invoke(8, i -> {
                        if (i == 3) {
                            throw kept;
                        }
                    });
                } catch (Throwable t) {
                    seenKept.set(t);
                }
                try {
                    pool.invoke(8, i -> {
                        if (i == 7) {
                            busyFor(TimeUnit.MILLISECONDS.toNanos(2));
                        } else if (i == 1) {
                            throw shared;
                        }
                    });
                } catch (Throwable t) {
                    seenShared.set(t);
                }
                try {
                    pool.join(() -> { }, () -> {
                        throw kept;
                    });
                } catch (Throwable t) {
                    seenPair.set(t);
                }
            });
            assertSame(kept, seenKept.get());
            assertSame(shared, seenShared.get());
            assertSame(kept, seenPair.get());
            ThreadStats virtual = virtualEntry(pool);
            assertTrue(virtual.get(Counter.JOBS_PUBLISHED) - virtual.get(Counter.PAIRS_OFFERED) >= 1,
                "the long call was shared: " + virtual);
            // One seat: the next virtual caller gets it, so its join is not run inline.
            onVirtualThread(() -> pool.join(() -> { }, () -> { }));
            assertEquals(0, virtualEntry(pool).get(Counter.INLINE_NO_FREE_SCOPE));
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void anInterruptedVirtualCallerCompletesItsCallAndKeepsTheInterrupt() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            AtomicInteger units = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            onVirtualThread(() -> {
                Thread.currentThread().interrupt();
                pool.invoke(8, i -> units.incrementAndGet());
                interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
            assertEquals(8, units.get());
            assertEquals(1, interrupted.get(), "the interrupt status is kept");
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void withEverySeatLentAVirtualCallerRunsInlineAndIsCounted() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).build()) {
            Waits.awaitWorkersIdle(pool);
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ThreadFactory virtual = virtualThreadFactory();
            // A join borrows the only seat and keeps it: its second half, offered at once, runs on the worker
            // (the first half waits for that) and blocks there; the holder then waits for it in the pool,
            // parked and asking for work.
            AtomicReference<Thread> holderThread = new AtomicReference<>();
            Thread holder = virtual.newThread(() -> pool.join(() -> Waits.await(inCall), () -> {
                if (Thread.currentThread() != holderThread.get()) {
                    inCall.countDown();
                }
                BackgroundTaskTest.await(release);
            }));
            holderThread.set(holder);
            holder.start();
            Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
            AtomicReference<Thread> caller = new AtomicReference<>();
            IllegalStateException firstHalfFailure = new IllegalStateException("first half");
            AtomicBoolean secondHalfRan = new AtomicBoolean();
            AtomicReference<Throwable> forkJoinThrew = new AtomicReference<>();
            try {
                Waits.await(inCall);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (holder.getState() != Thread.State.WAITING || inCallWaiters(holder)) {
                    assertTrue(System.nanoTime() < deadline, "the holder never parked in the pool: " + holder.getState());
                    Thread.onSpinWait();
                }
                onVirtualThread(() -> {
                    caller.set(Thread.currentThread());
                    pool.join(() -> ranOn.add(Thread.currentThread()), () -> ranOn.add(Thread.currentThread()));
                    // Worth sharing (the holder or the worker asks for work), but no seat is free.
                    pool.invoke(8, i -> {
                        ranOn.add(Thread.currentThread());
                        if (i == 7) {
                            busyFor(TimeUnit.MILLISECONDS.toNanos(2));
                        }
                    });
                    // A Fork join run inline for lack of a seat still runs both halves when the first throws.
                    try {
                        pool.fork().joinLong((fork, half) -> {
                            ranOn.add(Thread.currentThread());
                            if (half == 1) {
                                throw firstHalfFailure;
                            }
                            secondHalfRan.set(true);
                            throw new IllegalArgumentException("second half");
                        }, 1, 2, Long::sum);
                    } catch (Throwable thrown) {
                        forkJoinThrew.set(thrown);
                    }
                });
                assertEquals(Set.of(caller.get()), ranOn, "ran inline on the caller");
                assertTrue(secondHalfRan.get(), "the second half ran after the first failed");
                assertSame(firstHalfFailure, forkJoinThrew.get(), "the first half's throwable, as is");
                assertEquals(1, firstHalfFailure.getSuppressed().length, "the second half's suppressed on it");
                ThreadStats entry = virtualEntry(pool);
                assertEquals(3, entry.get(Counter.INLINE_NO_FREE_SCOPE), "every call counted as inline: " + pool.stats());
                assertEquals(0, entry.get(Counter.CALLS_KEPT), pool.stats().toString());
            } finally {
                release.countDown();
            }
            holder.join();
            assertEquals(0, pool.stats().scopesInUse());
            ThreadStats total = pool.stats().total();
            assertEquals(total.get(Counter.UNITS_SUBMITTED), total.get(Counter.UNITS_RUN_OWN)
                + total.get(Counter.UNITS_RUN_HELPING) + total.get(Counter.UNITS_RUN_BY_IDLE_WORKER), total.toString());
        }
    }

    @Test
    void manyShortLivedVirtualCallersLeaveTheStatisticsTheSameSize() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            runRequests(pool, 2_000);
            List<ThreadStats> before = pool.stats().threads();
            long checksum = runRequests(pool, 50_000);
            assertEquals(50_000L * (28 + 89 + 89), checksum, "every request got its results");
            List<ThreadStats> after = pool.stats().threads();
            assertEquals(before.size(), after.size(), "one entry for every virtual thread: " + after);
            assertEquals(0, pool.stats().scopesInUse(), "every seat was given back");
            assertTrue(virtualEntry(pool).get(Counter.JOBS_PUBLISHED) > 0);
        }
    }

    @Test
    void liveVirtualCallersKeepNoEntryOfTheirOwn() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            int callers = 10_000;
            CountDownLatch called = new CountDownLatch(callers);
            CountDownLatch release = new CountDownLatch(1);
            ThreadFactory virtual = virtualThreadFactory();
            Thread[] threads = new Thread[callers];
            for (int t = 0; t < callers; t++) {
                threads[t] = virtual.newThread(() -> {
                    pool.invoke(8, i -> { });
                    pool.spawn(() -> 1).join();
                    called.countDown();
                    BackgroundTaskTest.await(release);
                });
                threads[t].start();
            }
            assertTrue(called.await(60, TimeUnit.SECONDS));
            // All alive, each has called the pool: one entry for all of them, none per thread.
            List<ThreadStats> threadsNow = pool.stats().threads();
            assertEquals(0, threadsNow.stream().filter(t -> t.role() == ThreadStats.Role.CALLER).count(), threadsNow.toString());
            assertEquals(2, threadsNow.size(), "the worker and the virtual threads: " + threadsNow);
            ThreadStats virtualThreads = virtualEntry(pool);
            assertEquals(callers, virtualThreads.get(Counter.TASKS_SUBMITTED), "spawns outside a seat are counted");
            release.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /**
     * {@code requests} virtual threads, at most 500 at once, each making an {@code invoke(8)}, a
     * {@code join} and a {@code Fork} join on {@code pool}.
     *
     * @return the sum of what they computed
     */
    private static long runRequests(MicroPool pool, int requests) throws Exception {
        ThreadFactory virtual = virtualThreadFactory();
        Semaphore inFlight = new Semaphore(500);
        CountDownLatch done = new CountDownLatch(requests);
        AtomicLong sum = new AtomicLong();
        for (int r = 0; r < requests; r++) {
            inFlight.acquire();
            virtual.newThread(() -> {
                try {
                    long[] parts = new long[8];
                    pool.invoke(8, i -> parts[i] = i);
                    long[] pair = new long[2];
                    pool.join(() -> pair[0] = fib(9), () -> pair[1] = fib(10));
                    sum.addAndGet(parts[0] + parts[1] + parts[2] + parts[3] + parts[4] + parts[5] + parts[6] + parts[7]
                        + pair[0] + pair[1] + pool.fork().joinLong(VirtualThreadCallerTest::fib, 10, 9, Long::sum));
                } finally {
                    inFlight.release();
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every request finished");
        return sum.get();
    }

    /** @return whether {@code thread} still waits in {@link Waits#await}, not yet in the pool's wait */
    private static boolean inCallWaiters(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(Waits.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Spins for {@code nanos}: a unit that takes time without blocking its carrier. */
    static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static long fib(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(VirtualThreadCallerTest::fib, n - 1, n - 2, Long::sum);
    }

    private static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** Fibonacci with a {@code join} of two capturing lambdas at every level, the natural form. */
    private static long joinFib(MicroPool pool, int n) {
        if (n < 2) {
            return n;
        }
        long[] halves = new long[2];
        pool.join(() -> halves[0] = joinFib(pool, n - 1), () -> halves[1] = joinFib(pool, n - 2));
        return halves[0] + halves[1];
    }

    private static ThreadStats virtualEntry(MicroPool pool) {
        return pool.stats().threads().stream().filter(t -> t.role() == ThreadStats.Role.VIRTUAL_THREADS).findFirst()
            .orElseThrow(() -> new AssertionError("no virtual-thread entry in " + pool.stats().threads()));
    }

    /** Runs {@code body} on a new virtual thread and waits for it; an assertion error in it fails the test. */
    private static void onVirtualThread(Runnable body) throws Exception {
        try {
            onVirtualThreadRethrowing(body);
        } catch (AssertionError | Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("the virtual thread failed", t);
        }
    }

    /** Runs {@code body} on a new virtual thread, waits for it (a minute at most) and rethrows what it threw. */
    private static void onVirtualThreadRethrowing(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = virtualThreadFactory().newThread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new AssertionError("the virtual thread did not finish within 60 s: " + thread);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static ThreadFactory virtualThreadFactory() throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
        return (ThreadFactory) factory.invoke(builder);
    }
}
