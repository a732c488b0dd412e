package io.micropool.core.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which task each worker is running, so that {@code shutdownNow} can interrupt the running tasks without
 * the interrupt outliving them: a worker that ends its task while an interrupter is at work waits for it,
 * then clears its own interrupt status, so that the interrupt never reaches later work (a foreground unit
 * the worker helps with before it exits).
 *
 * <h2>Protocol of a worker's slot</h2>
 * <pre>
 *   worker:       null ──starting(task)──▶ task ──finished: CAS task → null──▶ null
 *   interrupter:                           task ──CAS → INTERRUPTING──▶ INTERRUPTING ──interrupt, then──▶ INTERRUPTED
 *   worker, its CAS lost: waits for INTERRUPTED, clears its interrupt status, then null
 * </pre>
 * Every access is volatile. The interrupter interrupts the worker's thread only after its CAS from the
 * task the worker published, and the worker's own CAS from that task fails once the interrupter's has
 * succeeded: so an interrupt is sent only while the worker is inside the task, and the worker does not
 * leave it before the interrupt is delivered and cleared ({@code RunningTasksStress}). A worker's thread
 * is registered once, before the worker starts ({@code Thread.start} publishes it).
 *
 * <h2>A task run inside a task</h2>
 * A worker's task may run other tasks on the same thread: one that calls {@code close()} drains the queue
 * on its thread. Only the outermost task takes the slot ({@link #starting} returns false for a nested
 * one, which then neither takes nor clears the slot): an interrupter that finds the outer task interrupts
 * the thread, and so the nested task running on it, and the worker clears the status once, when the
 * outermost task ends. The worker alone turns its slot from null to a task and back, so it reads the slot
 * as null exactly when it is inside no registered task.
 */
public final class RunningTasks {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    /** Slot value while an interrupter is interrupting the slot's worker. */
    private static final Object INTERRUPTING = new Object();
    /** Slot value once the interrupter has interrupted the slot's worker. */
    private static final Object INTERRUPTED = new Object();

    /** Per worker: null, the task it runs, {@link #INTERRUPTING} or {@link #INTERRUPTED}; see the class comment. */
    private final Object[] slots;
    /** Per worker: its thread, registered before it starts. */
    private final Thread[] threads;

    /** @param workers the number of workers */
    public RunningTasks(int workers) {
        this.slots = new Object[workers];
        this.threads = new Thread[workers];
    }

    /** Registers worker {@code worker}'s thread; before the thread starts. */
    public void register(int worker, Thread thread) {
        threads[worker] = thread;
    }

    /**
     * Worker {@code worker} is about to run {@code task}: takes the slot (volatile write: an interrupter
     * may now see it), unless the worker is inside a task already.
     *
     * @return true if the slot was taken, and {@link #finished} must be called when the task ends; false
     *         for a task run inside another, which the outer task's slot covers
     */
    public boolean starting(int worker, BackgroundTask<?> task) {
        // Only this worker makes its slot non-null, and only it makes it null again: its own writes,
        // so no race decides this read (the interrupter moves a non-null slot to another non-null value).
        if (SLOTS.getVolatile(slots, worker) != null) {
            return false;
        }
        SLOTS.setVolatile(slots, worker, task);
        return true;
    }

    /**
     * Worker {@code worker} has finished {@code task}, whose {@link #starting} took the slot: clears the
     * slot — after waiting, if an interrupter took it, until the interrupt is sent — then clears the worker's
     * interrupt status (the calling thread's). An interrupt is the task's business (a {@code shutdownNow},
     * a {@code Future.cancel(true)}), never the worker's: like a {@code ThreadPoolExecutor} worker's, the
     * status is cleared between tasks.
     */
    public void finished(int worker, BackgroundTask<?> task) {
        if (!SLOTS.compareAndSet(slots, worker, task, null)) {
            while (SLOTS.getVolatile(slots, worker) != INTERRUPTED) {
                Thread.onSpinWait();
            }
            SLOTS.setVolatile(slots, worker, null);
        }
        Thread.interrupted();
    }

    /**
     * Interrupts every worker that is running a task now.
     *
     * @return how many it interrupted
     */
    public int interruptAll() {
        int interrupted = 0;
        for (int w = 0; w < slots.length; w++) {
            Object running = SLOTS.getVolatile(slots, w);
            if (running instanceof BackgroundTask && SLOTS.compareAndSet(slots, w, running, INTERRUPTING)) {
                try {
                    threads[w].interrupt();
                    interrupted++;
                } finally {
                    SLOTS.setVolatile(slots, w, INTERRUPTED);
                }
            }
        }
        return interrupted;
    }
}
