package io.micropool.core.task;

import io.micropool.api.Task;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Participants;
import io.micropool.core.jfr.TaskEvent;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.Spin;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.Tracer;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
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
    /**
     * The threads' contexts: the calling thread's participant has its counters, its trace buffer and its
     * spin. Looked up once per operation, and passed on from there; a virtual thread outside any call has
     * none, and counts in {@link #shared}.
     */
    private final Participants participants;
    /** Where threads without a participant count. */
    private final SharedCounters shared;
    /** Whether the pool is tracing. */
    private final Tracer tracer;

    /**
     * @param capacity       queue capacity, rounded up to a power of two
     * @param workers        the number of workers, which run polled tasks
     * @param runOnSubmitter true when the pool has no worker: submitters run their tasks
     * @param failureHandler receives failures nobody was joining; null for the running thread's
     *                       uncaught-exception handler
     * @param participants   the threads' contexts, which count, trace and spin for the calling thread
     * @param shared         counts for threads without a participant (virtual threads outside a call)
     * @param tracer         whether the pool is tracing
     */
    public BackgroundScheduler(int capacity, int workers, Sleepers sleepers, SpinPolicy spin, boolean runOnSubmitter,
                               BiConsumer<? super Task<?>, ? super Throwable> failureHandler,
                               Participants participants, SharedCounters shared, Tracer tracer) {
        this.queue = new MpmcAtomicArrayQueue<>(capacity);
        this.running = new RunningTasks(workers);
        this.sleepers = sleepers;
        this.spin = spin;
        this.runOnSubmitter = runOnSubmitter;
        this.failureHandler = failureHandler;
        this.participants = participants;
        this.shared = shared;
        this.tracer = tracer;
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
        Participant self = participants.current();
        count(self, ThreadCounters.TASKS_SUBMITTED);
        if (!queued) {
            if (task.tryStart()) {
                count(self, ThreadCounters.TASKS_RUN_BY_SUBMITTER);
                run(self, task, false, TaskEvent.SUBMITTER, TraceBuffer.TASK_BY_SUBMITTER);
            }
            return;
        }
        // After the offer's volatile write: wake one sleeping worker unless one spins.
        if (sleepers.wakeOne()) {
            count(self, ThreadCounters.WAKE_UPS_SENT);
        }
    }

    /** @return the oldest entry of the queue, or null; for a worker that found no foreground work */
    public BackgroundTask<?> poll() {
        return queue.poll();
    }

    /**
     * Runs a polled entry if it is still queued; skips it if it was cancelled or run by a joiner.
     *
     * @param self the calling thread's participant; a worker's running task {@link #interruptRunning} may
     *             interrupt
     */
    public void runPolled(Participant self, BackgroundTask<?> task) {
        if (task.tryStart()) {
            count(self, ThreadCounters.TASKS_RUN_POLLED);
            int worker = self == null ? -1 : self.workerIndex();
            // Not a worker, or a worker inside a task already (one that closed the pool drains the queue
            // on its thread): no slot of its own to take; an outer task's slot covers a nested one.
            if (worker < 0 || !running.starting(worker, task)) {
                run(self, task, false, TaskEvent.POLLED, TraceBuffer.TASK_POLLED);
                return;
            }
            try {
                run(self, task, false, TaskEvent.POLLED, TraceBuffer.TASK_POLLED);
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
        Participant self = participants.current();
        for (BackgroundTask<?> task = queue.poll(); task != null; task = queue.poll()) {
            runPolled(self, task);
        }
    }

    /**
     * Spins with the calling thread's {@link Spin} for the pool's budget or until {@code task} is done (the
     * time is not counted as idle time: the thread is joining, not idle). A virtual thread outside any
     * call has no spin of its own and gets a new one (one allocation, on a join that has to wait).
     *
     * @return true if the task is done
     */
    boolean spinUntilDone(BackgroundTask<?> task) {
        Participant self = participants.current();
        Spin phase = self != null ? self.spin() : spin.newSpin();
        phase.begin();
        boolean done;
        while (!(done = task.isDone()) && phase.idle()) {
            // Spin: the condition is the loop's.
        }
        return done || task.isDone();
    }

    void reportUnjoinedFailure(Task<?> task, Throwable failure) {
        count(participants.current(), ThreadCounters.TASKS_FAILED_UNJOINED);
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

    /** Runs {@code task}, started by the calling thread in {@code join}, which reports a failure itself. */
    void runByJoiner(BackgroundTask<?> task) {
        runOnCaller(task, true);
    }

    /**
     * Runs {@code task}, started by the calling thread in {@code help}, which throws nothing: a failure
     * nobody is waiting for goes to the failure handler, as a worker's would.
     */
    void runByHelper(BackgroundTask<?> task) {
        runOnCaller(task, false);
    }

    private void runOnCaller(BackgroundTask<?> task, boolean joined) {
        Participant self = participants.current();
        count(self, ThreadCounters.TASKS_RUN_BY_JOINER);
        run(self, task, joined, TaskEvent.JOINER, TraceBuffer.TASK_BY_JOINER);
    }

    /**
     * Runs a started task, recorded as a {@link TaskEvent} when a recording wants it and as a span when
     * the pool is tracing ({@code traceHow} is the span's index).
     */
    private void run(Participant self, BackgroundTask<?> task, boolean joined, String how, int traceHow) {
        TraceBuffer trace = self == null ? null : self.traceBuffer(tracer);
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
        count(participants.current(), ThreadCounters.TASKS_CANCELLED);
    }

    /** Counts {@code counter} (a {@link ThreadCounters} index) for {@code self}, or in the shared counters. */
    private void count(Participant self, int counter) {
        if (self != null) {
            self.counters().increment(counter);
        } else {
            shared.increment(counter);
        }
    }
}
