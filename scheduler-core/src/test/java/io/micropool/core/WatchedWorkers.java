package io.micropool.core;

import io.micropool.api.Fork;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workers of pools under fault injection: a thread factory that keeps every worker it makes and
 * whatever reaches a worker's uncaught-exception handler, and the check that a pool came through whole.
 */
final class WatchedWorkers {
    /** Workers made by {@link #pool}'s factory, in the order made, to check they are alive and take work. */
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** What reached a worker's uncaught-exception handler: nothing may. */
    final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    /** A builder whose workers are watched. */
    Builder pool(int workerCount) {
        return MicroPool.builder().workers(workerCount).threadFactory(r -> {
            Thread thread = new Thread(r, "fault-test-worker-" + threads.size());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            threads.add(thread);
            return thread;
        });
    }

    /** Waits until the first worker is parked (with no spin budget, an idle worker parks at once). */
    void awaitFirstParked() {
        Thread worker = threads.get(0);
        Waits.until(() -> worker.getState() == Thread.State.WAITING,
            () -> "the worker never parked: " + worker.getState());
    }

    /**
     * Runs {@code body} as the second half of a join whose first half waits until another thread took it:
     * with one worker, the worker runs it. {@code ranOn} receives the thread.
     */
    static void onWorker(MicroPool pool, AtomicReference<Thread> ranOn, Runnable body) {
        CountDownLatch taken = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        pool.join(() -> Waits.await(taken), () -> {
            ranOn.set(Thread.currentThread());
            taken.countDown();
            if (Thread.currentThread() == caller) {
                throw new AssertionError("the second half ran on the caller");
            }
            body.run();
        });
    }

    /**
     * The pool is whole: nothing held, every worker alive and nothing reached their uncaught-exception
     * handlers, later calls of every kind right, and the worker still takes part in a call.
     */
    void assertWhole(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
        for (Thread worker : threads) {
            assertTrue(worker.isAlive(), "a worker died: " + worker);
        }
        assertEquals(List.of(), uncaught, "nothing reaches a worker's uncaught-exception handler");
        assertEquals(6765, FibJoins.fib(pool, 20, new AtomicInteger()), "joins");
        assertEquals(4950, sumOf(pool, 100), "invoke");
        assertEquals(499_500, pool.range(0, 1000).asLongStream().sum(), "a stream");
        assertEquals(6765, pool.fork().joinLong(WatchedWorkers::fibFork, 18, 19, Long::sum), "Fork joins");
        assertEquals(42, pool.spawn(() -> 42).join(), "a task");
        // The worker still takes part: two units that must run at the same time complete.
        CyclicBarrier both = new CyclicBarrier(2);
        pool.invoke(2, i -> {
            try {
                both.await(10, SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a unit waited alone: no worker took part", e);
            }
        });
        MicroPoolStats after = pool.stats();
        assertEquals(0, after.jobSlotsInUse(), "job slots in use after the checks: " + after);
        assertEquals(0, after.scopesInUse(), "scopes in use after the checks: " + after);
        // A task its joiner ran stays queued until a worker polls and skips it: the worker must.
        Waits.until(() -> pool.stats().tasksQueued() == 0, () -> "tasks left queued: " + pool.stats());
    }

    private static long fibFork(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(WatchedWorkers::fibFork, n - 1, n - 2, Long::sum);
    }

    /** 0 + 1 + … + (count − 1), by {@code invoke}. */
    static long sumOf(MicroPool pool, int count) {
        AtomicLong sum = new AtomicLong();
        pool.invoke(count, i -> sum.addAndGet(i));
        return sum.get();
    }
}
