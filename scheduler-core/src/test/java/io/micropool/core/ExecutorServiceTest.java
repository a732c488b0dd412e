package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MicroPool} as an {@link ExecutorService}, method by method through the JSR-166 contract (the
 * checks of the JDK's {@code AbstractExecutorServiceTest} and {@code ThreadPoolExecutorTest}, written
 * anew): execution, futures as {@code FutureTask} reports them, {@code invokeAll}/{@code invokeAny} with
 * and without timeouts, shutdown, shutdown now, termination, {@code close()}, rejection and null checks —
 * and the one difference from {@code ThreadPoolExecutor}: an untimed {@code get()} of a task that has not
 * started runs it on the caller.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class ExecutorServiceTest {
    /** A task that says when it starts, then sleeps until it is interrupted and says that too. */
    private static final class Sleeper implements Runnable {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public void run() {
            running.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }
    }

    private static MicroPool pool() {
        return MicroPool.builder().workers(1).build();
    }

    // ---- execute and submit ----------------------------------------------------------------------------

    @Test
    void executeRunsTheCommandOnAWorker() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Thread> on = new AtomicReference<>();
            pool.execute(() -> {
                on.set(Thread.currentThread());
                ran.countDown();
            });
            Waits.await(ran);
            assertTrue(on.get().getName().contains("worker"), on.get().getName());
        }
    }

    @Test
    void submitReturnsFuturesThatCarryTheResult() throws Exception {
        try (MicroPool pool = pool()) {
            assertEquals(42, pool.submit(() -> 42).get());
            assertNull(pool.submit(() -> { }).get());
            assertEquals("done", pool.submit(() -> { }, "done").get());
            Future<Integer> future = pool.submit(() -> 7);
            assertEquals(7, future.get(10, TimeUnit.SECONDS));
            assertTrue(future.isDone());
            assertFalse(future.isCancelled());
        }
    }

    @Test
    void nullTasksAreRejectedWithNullPointerException() {
        try (MicroPool pool = pool()) {
            assertThrows(NullPointerException.class, () -> pool.execute(null));
            assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null));
            assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null, 1));
            assertThrows(NullPointerException.class, () -> pool.submit((Callable<Integer>) null));
            assertThrows(NullPointerException.class, () -> pool.invokeAll(null));
            assertThrows(NullPointerException.class, () -> pool.invokeAny(null));
            List<Callable<Integer>> withNull = new ArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            // The first task waits, so that invokeAny reaches the null element before any task completes
            // (invokeAny submits one task at a time, as the JDK's AbstractExecutorService does).
            withNull.add(() -> {
                Waits.await(release);
                return 1;
            });
            withNull.add(null);
            try {
                assertThrows(NullPointerException.class, () -> pool.invokeAll(withNull));
                assertThrows(NullPointerException.class, () -> pool.invokeAny(withNull));
            } finally {
                release.countDown();
            }
            assertThrows(NullPointerException.class, () -> pool.awaitTermination(1, null));
        }
    }

    @Test
    void aFailingTaskReportsItsThrowableThroughExecutionExceptionAsFutureTaskDoes() throws Exception {
        try (MicroPool pool = pool()) {
            IllegalStateException failure = new IllegalStateException("boom");
            Future<Object> future = pool.submit(() -> {
                throw failure;
            });
            ExecutionException thrown = assertThrows(ExecutionException.class, future::get);
            assertSame(failure, thrown.getCause());
            assertTrue(future.isDone());
            assertFalse(future.isCancelled());
            ExecutionException timed = assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
            assertSame(failure, timed.getCause());
            assertEquals(0, pool.stats().tasksFailedUnjoined(), "a future's failure is the future's, not the handler's");
        }
    }

    // ---- cancellation ----------------------------------------------------------------------------------

    @Test
    void aTaskCancelledBeforeItStartsNeverRuns() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            AtomicBoolean ran = new AtomicBoolean();
            Future<?> future = pool.submit(() -> ran.set(true));
            assertTrue(future.cancel(false));
            assertTrue(future.isCancelled());
            assertTrue(future.isDone());
            assertFalse(future.cancel(false), "a second cancel reports false, as FutureTask's");
            assertThrows(CancellationException.class, future::get);
            assertThrows(CancellationException.class, () -> future.get(1, TimeUnit.SECONDS));
            release.countDown();
            blocker.join();
            pool.submit(() -> { }).get(); // the queue is past the cancelled entry
            assertFalse(ran.get(), "the cancelled task never ran");
        }
    }

    @Test
    void cancelWithInterruptInterruptsTheRunningTaskAndTheWorkerGoesOn() throws Exception {
        try (MicroPool pool = pool()) {
            Sleeper sleeper = new Sleeper();
            Future<?> future = pool.submit(sleeper);
            Waits.await(sleeper.running);
            assertTrue(future.cancel(true));
            Waits.await(sleeper.interrupted);
            assertTrue(future.isCancelled());
            assertThrows(CancellationException.class, future::get);
            // The worker's interrupt status was cleared after the task: the next task sees none.
            assertFalse(pool.submit(() -> Thread.currentThread().isInterrupted()).get());
        }
    }

    @Test
    void cancelWithoutInterruptLetsTheRunningTaskFinishButReportsCancelled() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            Future<?> future = pool.submit(() -> {
                running.countDown();
                Waits.await(release);
                finished.countDown();
            });
            Waits.await(running);
            assertTrue(future.cancel(false));
            assertThrows(CancellationException.class, future::get);
            release.countDown();
            assertTrue(Waits.awaitQuietly(finished), "the task ran to its end");
        }
    }

    // ---- get() on a task nobody started: the caller runs it ------------------------------------------

    @Test
    void anUntimedGetOfATaskNobodyStartedRunsItOnTheCaller() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Future<Thread> future = pool.submit(Thread::currentThread);
            assertSame(Thread.currentThread(), future.get(), "ThreadPoolExecutor would wait for a worker here");
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void aTimedGetOnlyWaitsAndTimesOut() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Future<Thread> future = pool.submit(Thread::currentThread);
            assertThrows(TimeoutException.class, () -> future.get(20, TimeUnit.MILLISECONDS));
            assertFalse(future.isDone(), "a timed get does not run the task");
            release.countDown();
            blocker.join();
            assertTrue(future.get(10, TimeUnit.SECONDS).getName().contains("worker"));
        }
    }

    // ---- invokeAll and invokeAny -----------------------------------------------------------------------

    @Test
    void invokeAllReturnsEveryFutureDoneInTheOrderGiven() throws Exception {
        try (MicroPool pool = pool()) {
            IllegalArgumentException failure = new IllegalArgumentException("third");
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> {
                throw failure;
            }, () -> 4);
            List<Future<Integer>> futures = pool.invokeAll(tasks);
            assertEquals(4, futures.size());
            for (Future<Integer> f : futures) {
                assertTrue(f.isDone());
            }
            assertEquals(1, futures.get(0).get());
            assertEquals(2, futures.get(1).get());
            assertSame(failure, assertThrows(ExecutionException.class, () -> futures.get(2).get()).getCause());
            assertEquals(4, futures.get(3).get());
            assertTrue(pool.invokeAll(List.<Callable<Integer>>of()).isEmpty());
        }
    }

    @Test
    void invokeAllWithATimeoutCancelsWhatDidNotFinish() throws Exception {
        try (MicroPool pool = pool()) {
            CountDownLatch release = new CountDownLatch(1);
            List<Callable<String>> tasks = List.of(() -> "quick", () -> {
                Waits.await(release);
                return "slow";
            });
            List<Future<String>> futures = pool.invokeAll(tasks, 100, TimeUnit.MILLISECONDS);
            release.countDown();
            assertEquals("quick", futures.get(0).get());
            assertTrue(futures.get(1).isCancelled(), "the task still running at the timeout is cancelled");
        }
    }

    @Test
    void invokeAnyReturnsTheResultOfATaskThatSucceeded() throws Exception {
        try (MicroPool pool = pool()) {
            List<Callable<String>> tasks = List.of(() -> {
                throw new IllegalStateException("first fails");
            }, () -> "second");
            assertEquals("second", pool.invokeAny(tasks));
            assertEquals("second", pool.invokeAny(tasks, 10, TimeUnit.SECONDS));
        }
    }

    @Test
    void invokeAnyFailsWhenEveryTaskFailsOrNoneFinishesInTime() throws Exception {
        try (MicroPool pool = pool()) {
            IllegalStateException failure = new IllegalStateException("all fail");
            List<Callable<String>> failing = List.of(() -> {
                throw failure;
            }, () -> {
                throw failure;
            });
            assertSame(failure, assertThrows(ExecutionException.class, () -> pool.invokeAny(failing)).getCause());
            assertThrows(IllegalArgumentException.class, () -> pool.invokeAny(List.<Callable<String>>of()));
            CountDownLatch release = new CountDownLatch(1);
            List<Callable<String>> slow = List.of(() -> {
                Waits.await(release);
                return "late";
            });
            assertThrows(TimeoutException.class, () -> pool.invokeAny(slow, 50, TimeUnit.MILLISECONDS));
            release.countDown();
        }
    }

    // ---- shutdown, termination, close -----------------------------------------------------------------

    @Test
    void shutdownRejectsNewTasksAndRunsTheAcceptedOnes() throws Exception {
        MicroPool pool = pool();
        CountDownLatch release = new CountDownLatch(1);
        Task<Void> blocker = occupyWorker(pool, release);
        Future<Integer> queued = pool.submit(() -> 5);
        assertFalse(pool.isShutdown());
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertFalse(pool.isTerminated(), "a task still runs and one is queued");
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> pool.invokeAll(List.of(() -> 1)));
        assertThrows(RejectedExecutionException.class, () -> pool.spawn(() -> 1));
        assertFalse(pool.awaitTermination(20, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        assertEquals(5, queued.get(), "a task accepted before the shutdown still ran");
        blocker.join();
        // Foreground calls still work, inline.
        AtomicInteger units = new AtomicInteger();
        pool.invoke(8, i -> units.incrementAndGet());
        assertEquals(8, units.get());
        pool.shutdown(); // idempotent
        assertTrue(pool.isTerminated());
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStartedAndInterruptsTheRunningOne() throws Exception {
        MicroPool pool = pool();
        Sleeper sleeper = new Sleeper();
        pool.execute(sleeper);
        Waits.await(sleeper.running);
        AtomicInteger ran = new AtomicInteger();
        Runnable command = ran::incrementAndGet;
        pool.execute(command);
        Future<Integer> submitted = pool.submit(() -> 9);
        Task<Integer> spawned = pool.spawn(() -> 3);
        List<Runnable> neverStarted = pool.shutdownNow();
        assertEquals(2, neverStarted.size(), neverStarted.toString());
        assertSame(command, neverStarted.get(0));
        assertSame(submitted, neverStarted.get(1), "a submit's command is its future");
        Waits.await(sleeper.interrupted);
        assertTrue(spawned.isCancelled(), "a spawned task is cancelled, not returned");
        assertTrue(pool.isShutdown());
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, ran.get(), "the commands handed back did not run");
        assertFalse(submitted.isDone(), "as with ThreadPoolExecutor, a future handed back stays pending");
        neverStarted.forEach(Runnable::run);
        assertEquals(1, ran.get());
        assertEquals(9, submitted.get(), "running the handed-back future completes it");
    }

    @Test
    void awaitTerminationWithoutShutdownTimesOutAndAnInterruptThrows() throws Exception {
        try (MicroPool pool = pool()) {
            assertFalse(pool.awaitTermination(10, TimeUnit.MILLISECONDS));
            assertFalse(pool.isTerminated());
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> pool.awaitTermination(10, TimeUnit.SECONDS));
            assertFalse(Thread.interrupted(), "the interrupt was consumed by the exception");
        }
    }

    @Test
    void closeWaitsForTheAcceptedTasksAndIsIdempotent() throws Exception {
        MicroPool pool = pool();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> {
                Waits.sleepMillis(1);
                ran.incrementAndGet();
            });
        }
        pool.close();
        assertEquals(10, ran.get());
        assertTrue(pool.isTerminated());
        pool.close();
        assertTrue(pool.isShutdown());
    }

    @Test
    void closeInterruptedWhileWaitingShutsDownNowAndKeepsTheInterrupt() throws Exception {
        MicroPool pool = pool();
        Sleeper sleeper = new Sleeper();
        pool.execute(sleeper);
        Waits.await(sleeper.running);
        AtomicBoolean queuedRan = new AtomicBoolean();
        pool.execute(() -> queuedRan.set(true));
        Thread.currentThread().interrupt();
        pool.close();
        assertTrue(Thread.interrupted(), "close restores the interrupt status");
        assertTrue(Waits.awaitQuietly(sleeper.interrupted), "the running task was interrupted");
        assertTrue(pool.isTerminated());
        assertFalse(queuedRan.get(), "the queued task was taken back by the shutdown now");
    }

    @Test
    void theGlobalPoolCannotBeShutDown() {
        ExecutorService global = MicroPool.global();
        global.shutdown();
        assertTrue(global.shutdownNow().isEmpty());
        assertFalse(global.isShutdown());
        assertFalse(global.isTerminated());
    }

    @Test
    void manyConcurrentSubmittersGetEveryResult() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(2).build()) {
            int threads = 4;
            int each = 500;
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            List<Thread> submitters = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                Thread submitter = new Thread(() -> {
                    try {
                        List<Future<Integer>> futures = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            int value = base + i;
                            futures.add(pool.submit(() -> value));
                        }
                        for (Future<Integer> f : futures) {
                            seen.add(f.get());
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                submitters.add(submitter);
                submitter.start();
            }
            for (Thread submitter : submitters) {
                submitter.join();
            }
            assertNull(failure.get());
            assertEquals(threads * each, seen.size());
        }
    }

    @Test
    void aFutureTaskFromElsewhereRunsAsACommand() throws Exception {
        try (MicroPool pool = pool()) {
            FutureTask<String> task = new FutureTask<>(() -> "plain");
            pool.execute(task);
            assertEquals("plain", task.get(10, TimeUnit.SECONDS));
            Collection<Callable<Integer>> none = List.of();
            assertTrue(pool.invokeAll(none, 1, TimeUnit.SECONDS).isEmpty());
        }
    }
}
