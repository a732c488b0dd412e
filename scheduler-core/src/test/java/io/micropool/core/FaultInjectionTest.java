package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static io.micropool.core.Waits.await;
import static io.micropool.core.WatchedWorkers.onWorker;
import static io.micropool.core.WatchedWorkers.sumOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Faults a long-running service meets, injected one at a time: a real stack overflow deep inside nested joins,
 * {@code invoke}s, streams and tasks (thrown wherever the stack runs out, the pool's own code included); an
 * {@code OutOfMemoryError} from a task; interrupts of a worker, a caller and a virtual-thread caller; a unit
 * that blocks while others go on; {@code close()} from inside a task, a failure handler and against many
 * callers; a thread factory that throws. After each, the pool must be whole: no job slot, scope or queue entry
 * held, every worker alive and still taking work, and later calls of every kind correct.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class FaultInjectionTest {
    private final WatchedWorkers watched = new WatchedWorkers();

    // ---- stack overflows, where the stack really runs out -----------------------------------------------

    /** Joins without end: the stack runs out somewhere in a join, the pool's code or the user's. */
    private static void joinForever(MicroPool pool) {
        pool.join(() -> joinForever(pool), () -> { });
    }

    private static void invokeForever(MicroPool pool) {
        pool.invoke(3, i -> {
            if (i == 2) {
                invokeForever(pool);
            }
        });
    }

    private static void streamForever(MicroPool pool) {
        pool.range(0, 3).forEach(i -> {
            if (i == 0) {
                streamForever(pool);
            }
        });
    }

    /**
     * Fork joins without end down the first half; the second half (-1) returns at once, because both
     * halves of a {@code Fork} join always run: an endless second half would rerun the whole descent at
     * every level the overflow unwinds through.
     */
    private static long forkForever(Fork fork, int n) {
        return n < 0 ? 0 : fork.joinLong(FaultInjectionTest::forkForever, n + 1, -1, Long::sum);
    }

    @Test
    void aStackOverflowInNestedJoinsOnTheCallerLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            for (int round = 0; round < 3; round++) {
                assertThrows(StackOverflowError.class, () -> joinForever(pool));
                watched.assertWhole(pool);
            }
        }
    }

    @Test
    void aStackOverflowInNestedJoinsOnAWorkerLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            for (int round = 0; round < 3; round++) {
                AtomicReference<Thread> ranOn = new AtomicReference<>();
                assertThrows(StackOverflowError.class, () -> onWorker(pool, ranOn, () -> joinForever(pool)));
                assertSame(watched.threads.get(0), ranOn.get(), "the overflow happened on the worker");
                watched.assertWhole(pool);
            }
        }
    }

    @Test
    void aStackOverflowInNestedInvokesLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            assertThrows(StackOverflowError.class, () -> invokeForever(pool));
            watched.assertWhole(pool);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            assertThrows(StackOverflowError.class, () -> onWorker(pool, ranOn, () -> invokeForever(pool)));
            watched.assertWhole(pool);
        }
    }

    @Test
    void aStackOverflowInNestedStreamsLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            assertThrows(StackOverflowError.class, () -> streamForever(pool));
            watched.assertWhole(pool);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            assertThrows(StackOverflowError.class, () -> onWorker(pool, ranOn, () -> streamForever(pool)));
            watched.assertWhole(pool);
        }
    }

    @Test
    void aStackOverflowInForkJoinsLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            assertThrows(StackOverflowError.class, () -> forkForever(pool.fork(), 0));
            watched.assertWhole(pool);
        }
    }

    @Test
    void aStackOverflowInATaskFailsTheTaskAndLeavesThePoolWhole() {
        try (MicroPool pool = watched.pool(1).build()) {
            // On the worker: the task recurses through joins until the worker's stack runs out.
            Task<Object> task = pool.spawn(() -> {
                joinForever(pool);
                return null;
            });
            CompletionException thrown = assertThrows(CompletionException.class, task::join);
            assertInstanceOf(StackOverflowError.class, thrown.getCause());
            watched.assertWhole(pool);
        }
    }

    // ---- out of memory ----------------------------------------------------------------------------------

    @Test
    void anOutOfMemoryErrorFromATaskReachesItsJoinerAndTheHandlerAndTheWorkerSurvives() throws Exception {
        ConcurrentLinkedQueue<Throwable> handled = new ConcurrentLinkedQueue<>();
        try (MicroPool pool = watched.pool(1).failureHandler((t, e) -> handled.add(e)).build()) {
            OutOfMemoryError joined = new OutOfMemoryError("joined");
            Task<Object> task = pool.spawn(() -> {
                throw joined;
            });
            CompletionException thrown = assertThrows(CompletionException.class, task::join);
            assertSame(joined, thrown.getCause());
            OutOfMemoryError unjoined = new OutOfMemoryError("unjoined");
            CountDownLatch ran = new CountDownLatch(1);
            pool.spawn(() -> {
                ran.countDown();
                throw unjoined;
            });
            await(ran);
            Waits.until(() -> handled.contains(unjoined), () -> "the unjoined failure never reached the handler");
            watched.assertWhole(pool);
        }
    }

    // ---- interrupts ---------------------------------------------------------------------------------------

    @Test
    void anInterruptedIdleWorkerNeitherDiesNorSpinsHotAndStillTakesWork() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported(), "per-thread CPU time");
        try (MicroPool pool = watched.pool(1).spinBudgetNanos(0).build()) {
            watched.awaitFirstParked();
            Thread worker = watched.threads.get(0);
            worker.interrupt();
            Thread.sleep(50);
            long before = threads.getThreadCpuTime(worker.getId());
            Thread.sleep(300);
            long used = threads.getThreadCpuTime(worker.getId()) - before;
            // A worker whose interrupt status stayed set would return from every park at once: 300 ms of CPU.
            assertTrue(used < TimeUnit.MILLISECONDS.toNanos(100),
                "an interrupted idle worker burnt " + used / 1_000_000 + " ms of CPU in 300 ms");
            watched.assertWhole(pool);
        }
    }

    @Test
    void aWorkerInterruptedWhileRunningAUnitFinishesItAndGoesOn() {
        // A spin budget longer than the test: the worker never parks (which clears a stray interrupt too),
        // so the next units it runs would see the interrupt if the pool left it set.
        try (MicroPool pool = watched.pool(1).spinBudgetNanos(SECONDS.toNanos(30)).build()) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicInteger sawInterrupt = new AtomicInteger();
            onWorker(pool, ranOn, () -> {
                Thread.currentThread().interrupt();
                // The unit sees its interrupt; the pool does not clear it under the unit's feet.
                sawInterrupt.set(Thread.currentThread().isInterrupted() ? 1 : 0);
                assertEquals(6, pool.fork().joinLong((fork, n) -> (long) n, 2, 4, Long::sum));
            });
            assertEquals(1, sawInterrupt.get());
            assertSame(watched.threads.get(0), ranOn.get());
            watched.assertWhole(pool);
        }
    }

    @Test
    void aCallerInterruptedWhileItRunsItsOwnUnitKeepsTheStatusAndTheCallCompletes() {
        try (MicroPool pool = watched.pool(1).build()) {
            AtomicInteger units = new AtomicInteger();
            Thread caller = Thread.currentThread();
            pool.invoke(16, i -> {
                if (Thread.currentThread() == caller && i == 15) {
                    caller.interrupt();
                }
                units.incrementAndGet();
            });
            assertEquals(16, units.get());
            assertTrue(Thread.interrupted(), "the interrupt status is kept (and cleared here)");
            watched.assertWhole(pool);
        }
    }

    /** Who waits, parked, in a join when it is interrupted. */
    enum Waiter { CALLER, VIRTUAL_CALLER, WORKER }

    @ParameterizedTest
    @EnumSource(Waiter.class)
    void aThreadInterruptedWhileParkedInAJoinWaitsForItAndKeepsTheStatus(Waiter waiter) throws Exception {
        assumeTrue(waiter != Waiter.VIRTUAL_CALLER || Runtime.version().feature() >= 21, "virtual threads: JDK 21");
        try (MicroPool pool = watched.pool(1).build()) {
            CountDownLatch taken = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> waiting = new AtomicReference<>();
            AtomicInteger outcome = new AtomicInteger();
            // The first half waits until another thread took the second, which blocks there; the waiter, done
            // with its first half, waits for the second: it spins, then parks. A worker's join is nested in a
            // unit of an outer call, whose caller takes the second half.
            Runnable call = () -> {
                pool.join(() -> {
                    await(taken);
                    waiting.set(Thread.currentThread());
                }, () -> {
                    taken.countDown();
                    await(release);
                });
                outcome.set(Thread.currentThread().isInterrupted() ? 2 : 1);
            };
            Thread started = switch (waiter) {
                case CALLER -> new Thread(call, "caller");
                case VIRTUAL_CALLER -> VirtualThreads.virtualThreadFactory().newThread(call);
                case WORKER -> new Thread(() -> onWorker(pool, new AtomicReference<>(), call), "outer-caller");
            };
            started.start();
            Waits.until(() -> waiting.get() != null && waiting.get().getState() == Thread.State.WAITING,
                () -> "the waiter never parked: " + waiting.get());
            waiting.get().interrupt();
            Thread.sleep(50);
            assertEquals(0, outcome.get(), "the interrupt does not cut the join short");
            release.countDown();
            started.join(SECONDS.toMillis(10));
            assertEquals(2, outcome.get(), "the join returned once the other half ended, interrupt status kept");
            watched.assertWhole(pool);
        }
    }

    // ---- a unit that blocks ---------------------------------------------------------------------------------

    /** A unit blocks on a lock or sleeps until released: only its own call waits for it. */
    @ParameterizedTest(name = "sleeps = {0}")
    @ValueSource(booleans = {false, true})
    void aBlockedUnitHoldsBackOnlyItsOwnCallItsSiblingsTasksAndOtherCallersGoOn(boolean sleeps) throws Exception {
        try (MicroPool pool = watched.pool(2).build()) {
            ReentrantLock lock = new ReentrantLock();
            lock.lock();
            CountDownLatch blocked = new CountDownLatch(1);
            AtomicInteger siblings = new AtomicInteger();
            Thread blockedCaller = new Thread(() -> pool.invoke(4, i -> {
                if (i != 0) {
                    siblings.incrementAndGet();
                    return;
                }
                blocked.countDown();
                while (sleeps && lock.isLocked()) {
                    Waits.sleepMillis(1);
                }
                lock.lock();
                lock.unlock();
            }), "blocked-caller");
            blockedCaller.start();
            try {
                await(blocked);
                // Another caller's calls all complete while that unit blocks (on this caller and the other worker).
                AtomicLong sum = new AtomicLong();
                for (int round = 0; round < 200; round++) {
                    pool.invoke(8, i -> sum.addAndGet(i));
                    assertEquals(28L * (round + 1), sum.get());
                }
                // A task runs on a worker that is not blocked, with nobody joining it.
                Task<Integer> task = pool.spawn(() -> 42);
                Waits.until(() -> task.isDone() && siblings.get() == 3,
                    () -> "siblings run " + siblings + ", task done " + task.isDone());
                assertTrue(blockedCaller.isAlive(), "the blocked call still waits for its unit");
            } finally {
                lock.unlock();
            }
            blockedCaller.join(SECONDS.toMillis(10));
            assertTrue(!blockedCaller.isAlive(), "the blocked call completed once its unit could go on");
            watched.assertWhole(pool);
        }
    }

    // ---- close from odd places ------------------------------------------------------------------------------

    @Test
    void closeFromInsideATaskShutsThePoolAndLosesNoAcceptedTask() throws Exception {
        MicroPool pool = watched.pool(1).build();
        AtomicInteger ran = new AtomicInteger();
        List<Task<Integer>> tasks = new ArrayList<>();
        Task<Object> closer = pool.spawn(() -> {
            pool.close();
            return null;
        });
        for (int i = 0; i < 20; i++) {
            try {
                tasks.add(pool.spawn(ran::incrementAndGet));
            } catch (java.util.concurrent.RejectedExecutionException rejected) {
                break;
            }
        }
        closer.join();
        assertTrue(pool.awaitTermination(10, SECONDS), "the pool terminated");
        for (Task<Integer> task : tasks) {
            assertTrue(task.join() > 0, "every accepted task ran");
        }
        assertEquals(tasks.size(), ran.get());
        assertEquals(0, pool.stats().jobSlotsInUse());
        assertEquals(List.of(), watched.uncaught);
    }

    /** The task that closes drains the tasks queued behind it on its own thread: tasks run inside a task. */
    @Test
    void closeFromATaskWithTasksQueuedBehindItRunsThemAndTerminates() throws Exception {
        MicroPool pool = watched.pool(1).build();
        CountDownLatch queued = new CountDownLatch(1);
        Task<Object> closer = pool.spawn(() -> {
            await(queued);
            pool.close();
            return null;
        });
        List<Task<Integer>> behind = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int value = i + 1;
            behind.add(pool.spawn(() -> value));
        }
        queued.countDown();
        assertTrue(pool.awaitTermination(10, SECONDS), "the pool terminated: the closing task ended");
        closer.join();
        for (int i = 0; i < behind.size(); i++) {
            assertEquals(i + 1, behind.get(i).join(), "the queued task ran");
        }
        assertEquals(List.of(), watched.uncaught);
    }

    @Test
    void closeFromAFailureHandlerShutsThePoolWithoutDeadlock() throws Exception {
        AtomicReference<MicroPool> self = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        MicroPool pool = watched.pool(1).failureHandler((t, e) -> {
            self.get().close();
            handled.countDown();
        }).build();
        self.set(pool);
        pool.spawn(() -> {
            throw new IllegalStateException("fails unjoined");
        });
        await(handled);
        assertTrue(pool.awaitTermination(10, SECONDS), "the pool terminated");
        assertEquals(10, sumOf(pool, 5), "foreground calls still work, inline");
        assertEquals(List.of(), watched.uncaught);
    }

    @Test
    void closeRacingAThousandVirtualCallersLosesNoCallAndNoSlot() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        ThreadFactory virtual = VirtualThreads.virtualThreadFactory();
        MicroPool pool = watched.pool(2).build();
        int callers = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger right = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread thread = virtual.newThread(() -> {
                try {
                    start.await();
                    long forked = pool.fork().joinLong((f, n) -> (long) n, 3, 4, Long::sum);
                    if (sumOf(pool, 8) == 28 && forked == 7) {
                        right.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        pool.close();
        for (Thread thread : threads) {
            thread.join(SECONDS.toMillis(30));
            assertTrue(!thread.isAlive(), "a caller never returned");
        }
        assertEquals(List.of(), failures);
        assertEquals(callers, right.get(), "every call, before or after the close, got its result");
        assertEquals(0, pool.stats().jobSlotsInUse());
        assertEquals(0, pool.stats().scopesInUse());
        assertTrue(pool.isTerminated());
    }

    // ---- hooks and factories that throw ---------------------------------------------------------------------

    @Test
    void aThreadFactoryThatThrowsFailsTheBuildAndLeavesNoWorkerRunning() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        IllegalStateException refused = new IllegalStateException("no more threads");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> MicroPool.builder().workers(3)
            .threadFactory(r -> {
                if (made.size() == 2) {
                    throw refused;
                }
                Thread thread = new Thread(r);
                thread.setDaemon(true);
                made.add(thread);
                return thread;
            }).build());
        assertSame(refused, thrown, "the factory's exception, as is: " + thrown);
        for (Thread thread : made) {
            thread.join(SECONDS.toMillis(10));
            assertTrue(!thread.isAlive() , "a worker made before the failure is running: " + thread.getState());
        }
    }
}
