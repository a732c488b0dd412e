package io.micropool.core.task;

import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A worker's running-task slot when a task runs other tasks on its thread (the task that closes a pool
 * drains the queue on its thread). The concurrent protocol, an interrupter against a task's end, is
 * {@code RunningTasksStress}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class RunningTasksTest {
    private final MicroPool pool = MicroPool.builder().workers(1).build();
    /** Tasks only as the identities the slot holds (the pool runs them; this {@code RunningTasks} is the test's own). */
    private final BackgroundTask<?> outer = (BackgroundTask<?>) pool.spawn(() -> null);
    private final BackgroundTask<?> inner = (BackgroundTask<?>) pool.spawn(() -> null);
    private final RunningTasks running = new RunningTasks(1);

    @AfterEach
    void closePool() {
        Thread.interrupted();
        pool.close();
    }

    @Test
    void aTaskRunInsideAnotherLeavesTheSlotToTheOuterOne() {
        running.register(0, Thread.currentThread());
        assertTrue(running.starting(0, outer), "the outer task takes the slot");
        assertFalse(running.starting(0, inner), "the nested task finds it taken and leaves it");
        running.finished(0, outer);
        assertEquals(0, running.interruptAll(), "the slot is free once the outer task ended");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptDuringANestedTaskReachesItAndEndsWithTheOuterTask() {
        running.register(0, Thread.currentThread());
        assertTrue(running.starting(0, outer));
        assertFalse(running.starting(0, inner));
        assertEquals(1, running.interruptAll(), "the outer task's slot makes the thread interruptible");
        assertTrue(Thread.currentThread().isInterrupted(), "the nested task, running on that thread, sees it");
        running.finished(0, outer);
        assertFalse(Thread.currentThread().isInterrupted(), "cleared when the outermost task ends");
        assertEquals(0, running.interruptAll(), "and the slot is free");
    }

    @Test
    void aTaskAfterAnotherTakesTheSlotAgain() {
        running.register(0, Thread.currentThread());
        assertTrue(running.starting(0, outer));
        running.finished(0, outer);
        assertTrue(running.starting(0, inner), "the next task on the worker takes the slot");
        assertEquals(1, running.interruptAll());
        running.finished(0, inner);
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
