package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static io.micropool.core.VirtualThreads.onVirtualThread;
import static io.micropool.core.VirtualThreads.virtualEntry;
import static io.micropool.core.VirtualThreads.virtualThreadFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads as callers: a call of three units or more runs on the caller and is published only
 * when an idle thread asks and the rest is worth a hand-over; callers waiting for their jobs leave their
 * carriers; failures and interrupts behave as on a platform thread; with every seat lent a virtual caller
 * runs its calls inline and they are counted. Seats found again by nested calls and borrowed by Fork
 * joins, and what many virtual callers leave behind, are covered by {@link VirtualThreadSeatTest}. Runs on
 * JDK 21 and later (virtual threads are reached by reflection, so the tests compile for 17); on 17 it is
 * skipped.
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
}
