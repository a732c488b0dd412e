package io.micropool.core.task;

import io.micropool.api.Task;
import io.micropool.core.jfr.TaskEvent;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The background tier: one bounded FIFO queue of {@link BackgroundTask}s shared by every producer and
 * every worker, behind a {@link SubmitGate}.
 *
 * <h2>Why one MPMC queue</h2>
 * Producers are any threads (callers, units, tasks); consumers are the workers, all equal. Per-worker
 * MPSC inboxes would need a producer to pick a worker, and a worker whose inbox fills while it runs a
 * long task would hold back tasks that another, idle worker could run; stealing between inboxes would
 * then bring back a multi-consumer queue anyway. A single JCTools {@code MpmcAtomicArrayQueue} keeps
 * global FIFO order, allocates nothing per {@code offer}/{@code poll}, and, as an {@code atomic}
 * variant, uses no {@code sun.misc.Unsafe} (no warning on JDK 24+). Its producer-index CAS is a
 * volatile write, the publisher's half of the Dekker pair with a falling-asleep worker's re-check
 * ({@link #isEmpty}); see {@code io.micropool.core.sleep}.
 *
 * <h2>Policies</h2>
 * <ul>
 *   <li>Full queue: the submitting thread runs the task itself before {@code spawn} returns. Nothing is
 *       lost and nothing blocks forever.</li>
 *   <li>No worker ({@code workers(0)}): the submitting thread runs every task at once.</li>
 *   <li>Cancelled tasks stay in the queue and are skipped when polled, so the others keep their order.</li>
 *   <li>A failure that nobody was joining when it happened goes to the failure handler.</li>
 * </ul>
 */
public final class BackgroundScheduler {
    private final MpmcAtomicArrayQueue<BackgroundTask<?>> queue;
    private final SubmitGate gate = new SubmitGate();
    private final Sleepers sleepers;
    private final SpinPolicy spin;
    private final boolean runOnSubmitter;
    private final BiConsumer<? super Task<?>, ? super Throwable> failureHandler;

    /** The task each worker runs now, for {@link #interruptRunning}. */
    private final RunningTasks running;
    /** Counts a {@link ThreadCounters} index for the calling thread, wherever its counters are. */
    private final IntConsumer counters;
    /** The calling thread's buffer in the trace being recorded, or null when the pool is not tracing. */
    private final Supplier<TraceBuffer> traces;

    /**
     * @param capacity       queue capacity, rounded up to a power of two
     * @param workers        the number of workers, which run polled tasks
     * @param runOnSubmitter true when the pool has no worker: submitters run their tasks
     * @param failureHandler receives failures nobody was joining; null for the running thread's
     *                       uncaught-exception handler
     * @param counters       counts one event (a {@link ThreadCounters} index) for the calling thread
     * @param traces         gives the calling thread's trace buffer, or null when the pool is not tracing
     */
    public BackgroundScheduler(int capacity, int workers, Sleepers sleepers, SpinPolicy spin, boolean runOnSubmitter,
                               BiConsumer<? super Task<?>, ? super Throwable> failureHandler,
                               IntConsumer counters, Supplier<TraceBuffer> traces) {
        this.queue = new MpmcAtomicArrayQueue<>(capacity);
        this.running = new RunningTasks(workers);
        this.sleepers = sleepers;
        this.spin = spin;
        this.runOnSubmitter = runOnSubmitter;
        this.failureHandler = failureHandler;
        this.counters = counters;
        this.traces = traces;
    }

    /**
     * Creates a task of {@code work} and queues it.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
     */
    public <T> Task<T> spawn(Supplier<? extends T> work) {
        Objects.requireNonNull(work, "work");
        BackgroundTask<T> task = new BackgroundTask<>(this, work);
        enqueue(task);
        return task;
    }

    /** Queues a task that is in QUEUED state, or runs it on the caller (full queue, no worker). */
    void enqueue(BackgroundTask<?> task) {
        gate.enter();
        boolean queued;
        try {
            queued = !runOnSubmitter && queue.offer(task);
        } finally {
            gate.leave();
        }
        counters.accept(ThreadCounters.TASKS_SUBMITTED);
        if (!queued) {
            if (task.tryStart()) {
                counters.accept(ThreadCounters.TASKS_RUN_BY_SUBMITTER);
                run(task, false, TaskEvent.SUBMITTER, TraceBuffer.TASK_BY_SUBMITTER);
            }
            return;
        }
        // After the offer's volatile write: wake one sleeping worker unless one spins.
        if (sleepers.wakeOne()) {
            counters.accept(ThreadCounters.WAKE_UPS_SENT);
        }
    }

    /** @return the oldest entry of the queue, or null; for a worker that found no foreground work */
    public BackgroundTask<?> poll() {
        return queue.poll();
    }

    /**
     * Runs a polled entry if it is still queued; skips it if it was cancelled or run by a joiner.
     *
     * @param worker the index of the calling worker, whose running task {@link #interruptRunning} may
     *               interrupt; -1 for a thread that is not a worker
     */
    public void runPolled(BackgroundTask<?> task, int worker) {
        if (task.tryStart()) {
            counters.accept(ThreadCounters.TASKS_RUN_POLLED);
            if (worker < 0) {
                run(task, false, TaskEvent.POLLED, TraceBuffer.TASK_POLLED);
                return;
            }
            running.starting(worker, task);
            try {
                run(task, false, TaskEvent.POLLED, TraceBuffer.TASK_POLLED);
            } finally {
                running.finished(worker, task);
            }
        }
    }

    /**
     * Takes every entry off the queue and cancels those still queued, for {@code shutdownNow}; call after
     * {@link #close}, so that no entry comes after.
     *
     * @return the tasks this call cancelled, oldest first: none of them ever started
     */
    public List<BackgroundTask<?>> cancelQueued() {
        List<BackgroundTask<?>> cancelled = new ArrayList<>();
        for (BackgroundTask<?> task = queue.poll(); task != null; task = queue.poll()) {
            if (task.cancel()) {
                cancelled.add(task);
            }
        }
        return cancelled;
    }

    /**
     * Interrupts every worker running a task now; the interrupt is cleared when its task ends
     * ({@link RunningTasks}).
     */
    public void interruptRunning() {
        running.interruptAll();
    }

    /** @return which task each worker runs, for the pool to register its workers' threads */
    public RunningTasks running() {
        return running;
    }

    /** @return whether the queue holds no entry (volatile reads of its indices) */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** @return the number of entries in the queue, cancelled ones included (racy) */
    public int queued() {
        return queue.size();
    }

    /** @return whether some entry is queued (volatile reads of the queue's indices; cancelled entries count) */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Stops accepting tasks, and waits until every accepted task is in the queue. */
    public void close() {
        gate.close();
    }

    /** @return whether the pool closed and every accepted task has been taken from the queue */
    public boolean isDrained() {
        return gate.isSealed() && queue.isEmpty();
    }

    /** Runs every task left in the queue on the calling thread (after close, when no worker is left). */
    public void drainOnCaller() {
        for (BackgroundTask<?> task = queue.poll(); task != null; task = queue.poll()) {
            runPolled(task, -1);
        }
    }

    /** Spins for the pool's spin budget or until {@code task} is done; true if it is done. */
    boolean spinUntilDone(BackgroundTask<?> task) {
        long start = spin.startNanos();
        for (int i = 1; ; i++) {
            if (task.isDone()) {
                return true;
            }
            if (spin.expired(start, i)) {
                return task.isDone();
            }
            Thread.onSpinWait();
        }
    }

    void reportUnjoinedFailure(Task<?> task, Throwable failure) {
        counters.accept(ThreadCounters.TASKS_FAILED_UNJOINED);
        try {
            if (failureHandler != null) {
                failureHandler.accept(task, failure);
            } else {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, failure);
            }
        } catch (Throwable ignored) {
            // A failing handler must not kill the thread that ran the task; nothing else can be told.
        }
    }

    /** Runs {@code task}, started by the calling thread in {@code join} or {@code help}. */
    void runByJoiner(BackgroundTask<?> task) {
        counters.accept(ThreadCounters.TASKS_RUN_BY_JOINER);
        run(task, true, TaskEvent.JOINER, TraceBuffer.TASK_BY_JOINER);
    }

    /**
     * Runs a started task, recorded as a {@link TaskEvent} when a recording wants it and as a span when
     * the pool is tracing ({@code traceHow} is the span's index).
     */
    private void run(BackgroundTask<?> task, boolean joined, String how, int traceHow) {
        TraceBuffer trace = traces.get();
        long start = trace == null ? 0 : System.nanoTime();
        TaskEvent event = null;
        if (TaskEvent.enabled()) {
            event = new TaskEvent();
            event.begin();
        }
        try {
            task.runStarted(joined);
        } finally {
            if (event != null) {
                event.how = how;
                event.commit();
            }
            if (trace != null) {
                trace.record(TraceBuffer.BACKGROUND, start, System.nanoTime(), -1, -1, traceHow);
            }
        }
    }

    void countCancelled() {
        counters.accept(ThreadCounters.TASKS_CANCELLED);
    }
}
