package io.micropool.core;

import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.Waits.sleepMillis;
import static io.micropool.core.BackgroundTaskTest.await;
import static io.micropool.core.BackgroundTaskTest.awaitBarrier;
import static io.micropool.core.BackgroundTaskTest.occupyWorker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Foreground work always goes before background tasks, and a waiting caller never runs a task. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackgroundPriorityTest {
    /**
     * The README scheduling example: A; spawn B; join(C, D) with D doing join(E, F). main never runs
     * B, main takes part (it runs C), and F may run on main.
     */
    @RepeatedTest(5)
    void schedulingExampleProperties() {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("example-worker-").build()) {
            Thread main = Thread.currentThread();
            ConcurrentHashMap<String, Thread> ranOn = new ConcurrentHashMap<>();
            CountDownLatch dStarted = new CountDownLatch(1);
            ranOn.put("A", Thread.currentThread());
            Task<Void> b = pool.spawn(() -> {
                ranOn.put("B", Thread.currentThread());
                return null;
            });
            pool.join(() -> {
                await(dStarted);
                ranOn.put("C", Thread.currentThread());
            }, () -> {
                ranOn.put("D", Thread.currentThread());
                dStarted.countDown();
                pool.join(() -> {
                    sleepMillis(50);
                    ranOn.put("E", Thread.currentThread());
                }, () -> ranOn.put("F", Thread.currentThread()));
            });
            // Waits without joining: a join would let main run a still-queued B, which join is allowed to do.
            while (!b.isDone()) {
                Thread.onSpinWait();
            }
            assertSame(main, ranOn.get("C"), "main takes part");
            assertNotSame(main, ranOn.get("D"), "the worker took D while main held C");
            assertSame(ranOn.get("D"), ranOn.get("E"), "D's thread runs E itself");
            assertTrue(ranOn.get("F") == main || ranOn.get("F") == ranOn.get("D"), "F ran in the tree");
            assertNotSame(main, ranOn.get("B"), "main never runs the background task");
        }
    }

    @Test
    void callsCompleteOnTheCallerWhileTheOnlyWorkerIsBusyWithATask() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Void> blocker = occupyWorker(pool, release);
            Thread main = Thread.currentThread();
            AtomicIntegerArray offCaller = new AtomicIntegerArray(1);
            pool.invoke(100, i -> {
                if (Thread.currentThread() != main) {
                    offCaller.incrementAndGet(0);
                }
            });
            AtomicReference<Thread> b = new AtomicReference<>();
            pool.join(() -> { }, () -> b.set(Thread.currentThread()));
            assertEquals(0, offCaller.get(0));
            assertSame(main, b.get());
            Task<Thread> queued = pool.spawn(Thread::currentThread);
            assertSame(main, queued.join(), "a queued task is run by its joiner");
            release.countDown();
            blocker.join();
        }
    }

    /**
     * A two-unit job whose units must run at the same time completes while 20 tasks are queued: after
     * its current task, the worker takes the foreground unit before any queued task.
     */
    @RepeatedTest(5)
    void foregroundUnitGoesBeforeQueuedTasks() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            occupyWorker(pool, release);
            AtomicInteger tasksRun = new AtomicInteger();
            List<Task<Void>> queued = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queued.add(pool.spawn(() -> {
                    tasksRun.incrementAndGet();
                    return null;
                }));
            }
            CyclicBarrier together = new CyclicBarrier(2);
            AtomicIntegerArray tasksBeforeUnit = new AtomicIntegerArray(2);
            pool.invoke(2, i -> {
                if (i == 1) {
                    // The caller's own unit runs after the job is published: free the worker now.
                    release.countDown();
                }
                tasksBeforeUnit.set(i, tasksRun.get());
                awaitBarrier(together);
            });
            assertEquals(0, tasksBeforeUnit.get(0), "no queued task ran before the worker's foreground unit");
            for (Task<Void> task : queued) {
                task.join();
            }
            assertEquals(20, tasksRun.get());
        }
    }

    @RepeatedTest(3)
    void aWaitingCallerNeverRunsBackgroundTasks() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            Thread main = Thread.currentThread();
            List<Task<Thread>> tasks = new ArrayList<>();
            CountDownLatch queuedAll = new CountDownLatch(1);
            pool.join(() -> {
                for (int i = 0; i < 10; i++) {
                    tasks.add(pool.spawn(Thread::currentThread));
                }
                queuedAll.countDown();
            }, () -> {
                // The worker holds b until the tasks are queued, then a while more: main waits meanwhile.
                await(queuedAll);
                sleepMillis(20);
            });
            for (Task<Thread> task : tasks) {
                // getNow: a join here would run a still-queued task on main, which is allowed.
                while (!task.isDone()) {
                    Thread.onSpinWait();
                }
                assertNotSame(main, task.getNow(null), "main ran a task while it waited in join");
            }
        }
    }
}
