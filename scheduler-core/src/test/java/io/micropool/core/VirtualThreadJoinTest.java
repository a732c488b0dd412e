package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads that join a background task another thread runs park and unmount instead of holding
 * their carrier (a monitor wait pins the carrier on JDK 21–23), get the task's outcome, and keep the
 * join's interrupt semantics. Runs on JDK 21 and later (virtual threads are reached by reflection, so the
 * tests compile for 17); on 17 it is skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class VirtualThreadJoinTest {
    /** More joiners than any machine has carriers: pinned joiners would leave none for other threads. */
    private static final int JOINERS = 256;

    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    }

    @Test
    void joinersOfARunningTaskLeaveTheirCarriersFreeAndAllGetTheResult() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Task<Integer> running = pool.spawn(() -> {
                started.countDown();
                BackgroundTaskTest.await(release);
                return 42;
            });
            started.await();
            ConcurrentLinkedQueue<Integer> results = new ConcurrentLinkedQueue<>();
            CountDownLatch joined = new CountDownLatch(JOINERS);
            List<Thread> joiners = new ArrayList<>();
            for (int i = 0; i < JOINERS; i++) {
                joiners.add(startVirtual(() -> {
                    results.add(running.join());
                    joined.countDown();
                }));
            }
            awaitAllWaiting(joiners);
            // Every joiner is blocked in join(); a new virtual thread must still find a carrier.
            CountDownLatch ranMeanwhile = new CountDownLatch(1);
            startVirtual(ranMeanwhile::countDown);
            assertTrue(ranMeanwhile.await(20, TimeUnit.SECONDS),
                "a virtual thread could not run while " + JOINERS + " virtual threads were joining: carriers pinned");
            release.countDown();
            assertTrue(joined.await(20, TimeUnit.SECONDS), "every joiner returned");
            assertEquals(JOINERS, results.size());
            assertTrue(results.stream().allMatch(r -> r == 42), "every joiner got the result");
        }
    }

    @Test
    void virtualJoinersOfAFailingTaskGetTheFailureAndTheWorkerSurvives() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            IllegalStateException failure = new IllegalStateException("task failed");
            Task<Integer> failing = pool.spawn(() -> {
                started.countDown();
                BackgroundTaskTest.await(release);
                throw failure;
            });
            started.await();
            AtomicInteger sawFailure = new AtomicInteger();
            List<Thread> joiners = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                joiners.add(startVirtual(() -> {
                    try {
                        failing.join();
                    } catch (CompletionException e) {
                        if (e.getCause() == failure) {
                            sawFailure.incrementAndGet();
                        }
                    }
                }));
            }
            awaitAllWaiting(joiners);
            release.countDown();
            for (Thread joiner : joiners) {
                joiner.join(TimeUnit.SECONDS.toMillis(20));
            }
            assertEquals(16, sawFailure.get(), "every joiner saw the task's throwable");
            assertEquals(0, pool.stats().tasksFailedUnjoined(), "a joined failure is not reported as unjoined");
            assertEquals(7, pool.spawn(() -> 7).join(), "the worker is alive");
        }
    }

    @Test
    void anInterruptDoesNotCutAVirtualJoinShortAndIsKept() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            AtomicInteger outcome = new AtomicInteger();
            Thread joiner = startVirtual(() -> {
                blocker.join();
                outcome.set(Thread.currentThread().isInterrupted() ? 2 : 1);
            });
            awaitAllWaiting(List.of(joiner));
            joiner.interrupt();
            Thread.sleep(50);
            assertEquals(0, outcome.get(), "still joining after the interrupt");
            release.countDown();
            joiner.join(TimeUnit.SECONDS.toMillis(20));
            assertEquals(2, outcome.get(), "returned once the task finished, with the interrupt status kept");
        }
    }

    /** Waits until every thread is parked (WAITING), i.e. blocked in join after its spin. */
    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                if (!thread.isAlive()) {
                    throw new AssertionError(thread + " ended before it blocked");
                }
                Thread.sleep(1);
            }
        }
    }

    private static Thread startVirtual(Runnable body) throws Exception {
        Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        return (Thread) start.invoke(null, body);
    }
}
