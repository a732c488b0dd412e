package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The background tier through its public API: results, failures, cancel, help, resubmit, close. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackgroundTaskTest {
    @Test
    void spawnRunsOnAWorkerAndJoinReturnsTheResult() {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("bg-worker-").build()) {
            Task<String> task = pool.spawn(() -> Thread.currentThread().getName());
            String ranOn = task.join();
            assertTrue(ranOn.startsWith("bg-worker-") || ranOn.equals(Thread.currentThread().getName()));
            assertTrue(task.isDone());
            assertFalse(task.isCancelled());
            assertEquals(ranOn, task.getNow("fallback"));
            assertEquals(ranOn, task.join(), "joinable again");
        }
    }

    @Test
    void argumentsAreCheckedAtTheCall() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            assertThrows(NullPointerException.class, () -> pool.spawn(null));
            assertThrows(NullPointerException.class, () -> pool.asExecutor().execute(null));
            assertEquals(0, pool.stats().tasksQueued());
        }
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().backgroundQueueCapacity(1));
        assertThrows(NullPointerException.class, () -> MicroPool.builder().failureHandler(null));
    }

    @Test
    void joinOfAQueuedTaskRunsItOnTheJoiner() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Task<Thread> queued = pool.spawn(Thread::currentThread);
            assertNull(queued.getNow(null), "not run while the only worker is busy");
            assertSame(Thread.currentThread(), queued.join(), "the joiner ran it");
            assertEquals(1, pool.stats().tasksRunByJoiners());
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void failureIsThrownAsCompletionExceptionWithTheOriginalCause() {
        List<Throwable> handled = new ArrayList<>();
        try (MicroPool pool = MicroPool.builder().workers(1).failureHandler((t, e) -> {
            synchronized (handled) {
                handled.add(e);
            }
        }).build()) {
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Object> task = pool.spawn(() -> {
                throw boom;
            });
            CompletionException thrown = assertThrows(CompletionException.class, task::join);
            assertSame(boom, thrown.getCause());
            CompletionException again = assertThrows(CompletionException.class, () -> task.getNow(null));
            assertSame(boom, again.getCause());
            assertTrue(task.isDone());
            // The worker survived: the next task still runs.
            assertEquals(42, pool.spawn(() -> 42).join());
        }
    }

    @Test
    void unjoinedFailuresReachTheHandlerAndTheWorkerSurvives() throws Exception {
        ConcurrentLinkedQueue<Throwable> handled = new ConcurrentLinkedQueue<>();
        CountDownLatch reported = new CountDownLatch(3);
        try (MicroPool pool = MicroPool.builder().workers(1).failureHandler((t, e) -> {
            handled.add(e);
            reported.countDown();
            throw new IllegalStateException("a failing handler is ignored");
        }).build()) {
            Error error = new AssertionError("error");
            RuntimeException runtime = new RuntimeException("runtime");
            pool.spawn(() -> {
                throw error;
            });
            pool.spawn(() -> {
                throw runtime;
            });
            pool.asExecutor().execute(() -> {
                throw runtime;
            });
            assertTrue(reported.await(20, TimeUnit.SECONDS));
            assertTrue(handled.contains(error));
            assertTrue(handled.contains(runtime));
            assertEquals(3, pool.stats().tasksFailedUnjoined());
            assertEquals(7, pool.spawn(() -> 7).join(), "the worker is alive");
        }
    }

    @Test
    void aFailureOfATaskRunByHelpReachesTheHandlerAndLaterJoins() throws Exception {
        ConcurrentLinkedQueue<Throwable> handled = new ConcurrentLinkedQueue<>();
        try (MicroPool pool = MicroPool.builder().workers(1).failureHandler((t, e) -> handled.add(e)).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Object> task = pool.spawn(() -> {
                throw boom;
            });
            try {
                task.help();
                assertTrue(task.isDone(), "help ran it on the caller");
                assertEquals(List.of(boom), List.copyOf(handled), "nobody was joining: the handler has it");
                CompletionException thrown = assertThrows(CompletionException.class, task::join);
                assertSame(boom, thrown.getCause(), "and a later join reports it too");
            } finally {
                release.countDown();
            }
            blocker.join();
        }
    }

    @Test
    void cancelPreventsTheRunKeepsFifoOrderAndJoinThrows() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            occupyWorker(pool, release);
            ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
            CountDownLatch ran = new CountDownLatch(4);
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                tasks.add(pool.spawn(() -> {
                    order.add(id);
                    ran.countDown();
                    return null;
                }));
            }
            assertTrue(tasks.get(2).cancel());
            assertFalse(tasks.get(2).cancel(), "only the first cancel prevents the run");
            assertTrue(tasks.get(4).cancel());
            release.countDown();
            // Waits without joining: a join runs a task that has not started on the joining thread, which
            // would race the worker and make the order of the rest a race too.
            assertTrue(ran.await(20, TimeUnit.SECONDS), "the four tasks not cancelled ran");
            for (int i : new int[] {0, 1, 3, 5}) {
                tasks.get(i).join();
            }
            assertEquals(List.of(0, 1, 3, 5), new ArrayList<>(order), "FIFO order of the rest");
            assertTrue(tasks.get(2).isCancelled());
            assertTrue(tasks.get(2).isDone());
            assertThrows(CancellationException.class, () -> tasks.get(2).join());
            assertThrows(CancellationException.class, () -> tasks.get(2).getNow(null));
            assertFalse(tasks.get(0).cancel(), "a finished task cannot be cancelled");
            assertEquals(2, pool.stats().tasksCancelled());
        }
    }

    @Test
    void helpRunsANotStartedTaskAndReturnsAtOnceOtherwise() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            blocker.help();
            assertFalse(blocker.isDone(), "help returns at once on a running task");
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            Task<Void> queued = pool.spawn(() -> {
                ranOn.set(Thread.currentThread());
                return null;
            });
            queued.help();
            assertSame(Thread.currentThread(), ranOn.get());
            assertTrue(queued.isDone());
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void severalThreadsJoinARunningTaskAndAllSeeTheResult() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(0).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<String> task = pool.spawn(() -> {
                running.countDown();
                await(release);
                return "result";
            });
            running.await();
            int joiners = 3;
            CountDownLatch joined = new CountDownLatch(joiners);
            AtomicInteger seen = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < joiners; i++) {
                Thread thread = new Thread(() -> {
                    if ("result".equals(task.join())) {
                        seen.incrementAndGet();
                    }
                    joined.countDown();
                });
                threads.add(thread);
                thread.start();
            }
            // Joiners block (budget 0) until the task completes; none of them may return early.
            assertFalse(joined.await(100, TimeUnit.MILLISECONDS));
            release.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(joiners, seen.get());
        }
    }

    @Test
    void resubmitRunsTheSameWorkAgainAndRejectsWhileQueuedOrRunning() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicInteger runs = new AtomicInteger();
            Task<Integer> task = pool.spawn(runs::incrementAndGet);
            assertEquals(1, task.join());
            for (int round = 2; round <= 100; round++) {
                task.resubmit();
                assertEquals(round, task.join());
            }
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            assertThrows(IllegalStateException.class, blocker::resubmit, "running");
            task.resubmit();
            assertThrows(IllegalStateException.class, task::resubmit, "queued");
            assertTrue(task.cancel());
            task.resubmit();
            release.countDown();
            assertEquals(101, task.join(), "a cancelled task can be resubmitted and runs once");
            blocker.join();
        }
    }

    @Test
    void closeRunsEveryAcceptedTaskThenRejects() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        List<Task<Void>> tasks = new ArrayList<>();
        MicroPool pool = MicroPool.builder().workers(1).build();
        CountDownLatch release = new CountDownLatch(1);
        occupyWorker(pool, release);
        for (int i = 0; i < 50; i++) {
            tasks.add(pool.spawn(() -> {
                ran.incrementAndGet();
                return null;
            }));
        }
        Thread closer = new Thread(pool::close);
        closer.start();
        while (!pool.isClosed()) {
            Thread.onSpinWait();
        }
        assertThrows(RejectedExecutionException.class, () -> pool.spawn(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> pool.asExecutor().execute(() -> { }));
        release.countDown();
        closer.join();
        assertEquals(50, ran.get(), "every task accepted before close ran");
        for (Task<Void> task : tasks) {
            assertTrue(task.isDone());
        }
        assertEquals(0, pool.stats().tasksQueued());
        pool.close();
        assertThrows(RejectedExecutionException.class, () -> tasks.get(0).resubmit());
        assertTrue(tasks.get(0).isCancelled(), "a rejected resubmission leaves the task cancelled, not queued");
    }

    @Test
    void spawnersRacingCloseLoseNoAcceptedTask() throws Exception {
        for (int round = 0; round < 50; round++) {
            MicroPool pool = MicroPool.builder().workers(1).build();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(3);
            Runnable spawner = () -> {
                awaitBarrier(start);
                for (int i = 0; i < 200; i++) {
                    try {
                        pool.spawn(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    } catch (RejectedExecutionException rejected) {
                        return;
                    }
                }
            };
            Thread first = new Thread(spawner);
            Thread second = new Thread(spawner);
            first.start();
            second.start();
            awaitBarrier(start);
            pool.close();
            first.join();
            second.join();
            assertEquals(accepted.get(), ran.get(), "every task accepted before close ran, round " + round);
            assertEquals(0, pool.stats().tasksQueued());
        }
    }

    @Test
    void fullQueueRunsTheTaskOnTheSubmitter() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).backgroundQueueCapacity(2).build()) {
            CountDownLatch release = new CountDownLatch(1);
            occupyWorker(pool, release);
            pool.spawn(() -> null);
            pool.spawn(() -> null);
            Task<Thread> overflow = pool.spawn(Thread::currentThread);
            assertTrue(overflow.isDone(), "ran before spawn returned");
            assertSame(Thread.currentThread(), overflow.join());
            assertEquals(1, pool.stats().tasksRunBySubmitters());
            release.countDown();
        }
    }

    @Test
    void withoutWorkersSpawnRunsOnTheCaller() {
        try (MicroPool pool = MicroPool.builder().workers(0).build()) {
            Task<Thread> task = pool.spawn(Thread::currentThread);
            assertTrue(task.isDone());
            assertSame(Thread.currentThread(), task.join());
        }
    }

    @Test
    void asExecutorPlugsIntoCompletableFuture() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("cf-worker-").build()) {
            CompletableFuture<String> future = CompletableFuture.supplyAsync(
                () -> Thread.currentThread().getName(), pool.asExecutor());
            assertTrue(future.get(20, TimeUnit.SECONDS).startsWith("cf-worker-"));
            CompletableFuture<Integer> chained = CompletableFuture.supplyAsync(() -> 20, pool.asExecutor())
                .thenApplyAsync(x -> x + 1, pool.asExecutor())
                .thenCombineAsync(CompletableFuture.supplyAsync(() -> 21, pool.asExecutor()), Integer::sum, pool.asExecutor());
            assertEquals(42, chained.get(20, TimeUnit.SECONDS));
            IllegalStateException boom = new IllegalStateException();
            CompletableFuture<Object> failing = CompletableFuture.supplyAsync(() -> {
                throw boom;
            }, pool.asExecutor());
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> failing.get(20, TimeUnit.SECONDS));
            assertSame(boom, thrown.getCause());
        }
    }

    @Test
    void thousandRoundsOfSpawnTwoAndJoin() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            for (int round = 0; round < 1_000; round++) {
                int base = round;
                Task<Integer> a = pool.spawn(() -> base);
                Task<Integer> b = pool.spawn(() -> base + 1);
                assertEquals(2 * base + 1, b.join() + a.join());
            }
            // Entries of tasks the joiner ran stay queued until the worker polls and skips them.
            while (pool.stats().tasksQueued() != 0) {
                Thread.onSpinWait();
            }
            MicroPoolStats stats = pool.stats();
            assertEquals(2_000, stats.tasksRunByWorkers() + stats.tasksRunByJoiners(), "each task ran once");
        }
    }

    @Test
    void cancelRacingWithRunnersHasExactlyOneWinner() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(0).build()) {
            for (int round = 0; round < 2_000; round++) {
                AtomicInteger runs = new AtomicInteger();
                Task<Integer> task = pool.spawn(runs::incrementAndGet);
                CyclicBarrier start = new CyclicBarrier(2);
                AtomicInteger helperOutcome = new AtomicInteger();
                Thread helper = new Thread(() -> {
                    awaitBarrier(start);
                    if (round(task)) {
                        helperOutcome.set(1);
                    }
                });
                helper.start();
                awaitBarrier(start);
                boolean cancelled = task.cancel();
                helper.join();
                int ran = runs.get();
                if (cancelled) {
                    assertEquals(0, ran, "a successful cancel prevented every run");
                    assertThrows(CancellationException.class, task::join);
                } else {
                    assertEquals(1, task.join(), "ran once");
                    assertEquals(1, runs.get());
                }
            }
        }
    }

    /** Alternates help() and join() from the racing thread; true if it saw a result. */
    private static boolean round(Task<Integer> task) {
        try {
            task.help();
            return task.join() == 1;
        } catch (CancellationException cancelled) {
            return false;
        }
    }

    /**
     * Spawns a task that holds a worker until {@code release} opens, and returns once it runs: with one
     * worker, the pool's only worker is then busy.
     */
    static Task<Void> occupyWorker(MicroPool pool, CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Task<Void> blocker = pool.spawn(() -> {
            running.countDown();
            await(release);
            return null;
        });
        running.await();
        return blocker;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
