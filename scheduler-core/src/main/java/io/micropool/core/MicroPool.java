package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.api.IndexedJob;
import io.micropool.api.ParStreams;
import io.micropool.api.Scheduler;
import io.micropool.api.Task;
import io.micropool.core.iter.Streams;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.IdleCounts;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.stats.StatsRegistry;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.Tracer;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.PoolFuture;
import io.micropool.core.task.RunnableWork;
import io.micropool.core.foreground.DeferredCalls;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.PairPath;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Participants;
import io.micropool.core.foreground.Seats;
import io.micropool.core.foreground.UnitKind;
import io.micropool.core.foreground.UnitRunner;
import io.micropool.core.foreground.UnseatedFork;
import io.micropool.core.foreground.VirtualCallers;
import io.micropool.core.worker.Worker;
import io.micropool.core.worker.WorkerStart;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A low-latency work-stealing pool in which the calling thread takes part in its own work.
 *
 * <p>Create one with {@link #builder()}, or use the shared {@link #global()} pool. Every call blocks
 * until its work is done; see {@link Scheduler} for the contract. What this pool adds:
 * <ul>
 *   <li>The caller runs units of its own job first, so a call makes progress even when every worker is
 *       busy, and never pays a context switch to start.</li>
 *   <li>Once its own units are all claimed, a waiting caller helps only jobs of its own call tree.</li>
 *   <li>Workers spin for a configurable budget before they park; wake-ups are signalled, never polled.</li>
 *   <li>Calls with pre-built {@link Runnable}s or a non-capturing {@link IndexedJob} allocate nothing.</li>
 *   <li>When every job slot or scope is taken, a call runs its units inline: it never fails for lack of
 *       room (see {@link MicroPoolStats}).</li>
 *   <li>Parallel streams ({@link #range}, {@code of}, {@code zip}) run on this pool, not on the common
 *       {@code ForkJoinPool}; see {@link io.micropool.api.BaseParStream}.</li>
 * </ul>
 *
 * <p>Background tasks ({@link #spawn}) run on workers only when no foreground job is advertised; see
 * {@link Task}.
 *
 * <p>After {@link #close()} every foreground call still works; it runs inline on the calling thread.
 */
public final class MicroPool extends AbstractExecutorService implements Scheduler, AutoCloseable {

    /** The job of {@link #joinAll}: unit {@code i} runs element {@code i}. */
    private static final IndexedJob<Runnable[]> RUN_ELEMENT = (jobs, index) -> jobs[index].run();

    private final ForegroundScheduler foreground;
    private final BackgroundScheduler background;
    private final Sleepers sleepers;
    private final SpinPolicy spin;
    private final Thread[] workers;
    private final boolean shared;
    private final Participants participants;
    /** The outermost calls of virtual threads, which keep no participant of their own. */
    private final VirtualCallers virtualCallers;
    /** Deferred publication of outermost calls: every virtual thread's, and outside threads' if {@link #deferCalls}. */
    private final DeferredCalls deferred;
    /** {@link Builder#deferCalls}. */
    private final boolean deferCalls;
    /** The {@link Fork} of a virtual thread outside any call: each join borrows a seat for itself. */
    private final UnseatedFork unseated;
    private final StatsRegistry stats = new StatsRegistry();
    private final Tracer tracer = new Tracer();
    private final Streams streams;

    /** Shutdown, shutdown now, termination: the pool's {@code ExecutorService} lifecycle. */
    private final PoolLifecycle lifecycle;

    MicroPool(Builder builder, boolean shared) {
        this.shared = shared;
        this.spin = new SpinPolicy(builder.spinBudgetNanos, builder.spinAheadNanos, builder.spinStrategy);
        int workerCount = builder.workers;
        this.sleepers = new Sleepers(Math.max(1, workerCount));
        this.foreground = new ForegroundScheduler(
            new JobSlotTable(builder.maxJobs), new ScopeTable(builder.scopes(), builder.maxJobs), sleepers, tracer);
        ShutdownFlag closed = new ShutdownFlag();
        // Reads the flag alone, not this pool: a participant reaches this lambda (see ShutdownFlag).
        PairPath pairs = new PairPath(foreground, tracer, () -> workerCount == 0 || closed.isClosed());
        Seats seats = new Seats(builder.scopes(),
            seat -> new Participant(null, spin.newSpin(), -1, stats.registerSeat(), pairs, seat));
        this.participants = new Participants(
            thread -> new Participant(thread, spin.newSpin(), -1, stats.register(thread, false), pairs), seats);
        this.deferred = new DeferredCalls(foreground, sleepers.wakeLatency(), stats.shared());
        this.deferCalls = builder.deferCalls;
        this.virtualCallers = new VirtualCallers(participants, deferred, stats.shared());
        this.unseated = new UnseatedFork(participants, virtualCallers);
        this.background = new BackgroundScheduler(
            builder.backgroundQueueCapacity, workerCount, sleepers, spin, workerCount == 0, builder.failureHandler,
            participants, stats.shared(), tracer);
        this.workers = new Thread[workerCount];
        this.lifecycle = new PoolLifecycle(shared, closed, workers, background, sleepers, participants);
        this.streams = new Streams(this, workerCount + 1);
        ThreadFactory factory = builder.threadFactory();
        WorkerStart start = new WorkerStart(builder.onWorkerStart, workerCount);
        for (int i = 0; i < workerCount; i++) {
            Worker worker = new Worker(foreground, pairs, background, sleepers, spin, i, this::isClosed,
                participants::bind, start, builder.onWorkerExit);
            Thread thread = factory.newThread(worker.task());
            if (thread == null) {
                throw new IllegalStateException("the thread factory returned null");
            }
            workers[i] = thread;
            sleepers.register(i, thread);
            background.running().register(i, thread);
            worker.useCounters(stats.register(thread, true));
        }
        for (Thread thread : workers) {
            thread.start();
        }
        if (builder.onWorkerStart != null) {
            Throwable failure = start.await();
            if (failure != null) {
                close();
                throw new IllegalStateException("a worker's start hook failed; the pool is closed", failure);
            }
        }
    }

    /** {@return a builder of a new pool} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The pool shared by the whole process, created on first use: {@code availableProcessors() - 1}
     * daemon workers (at least 1), the default settings otherwise. {@link #close()} on it does nothing,
     * like {@code ForkJoinPool.commonPool()}.
     *
     * @return the shared pool
     */
    public static MicroPool global() {
        return GlobalHolder.POOL;
    }

    private static final class GlobalHolder {
        static final MicroPool POOL = new MicroPool(
            builder().workers(Math.max(1, Runtime.getRuntime().availableProcessors() - 1))
                .threadNamePrefix("micropool-global-"),
            true);
    }

    @Override
    public void join(Runnable a, Runnable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Participant self = participants.current();
        if (self != null) {
            self.joinRunnables(a, b);
        } else {
            virtualCallers.joinRunnables(a, b);
        }
    }

    @Override
    public void joinAll(Runnable... jobs) {
        Objects.requireNonNull(jobs, "jobs");
        for (int i = 0; i < jobs.length; i++) {
            if (jobs[i] == null) {
                throw new NullPointerException("jobs[" + i + "] is null");
            }
        }
        if (jobs.length == 1) {
            jobs[0].run();
        } else if (jobs.length == 2) {
            invokePair(jobs, RUN_ELEMENT);
        } else {
            submit(UnitKind.INDEXED, jobs.length, RUN_ELEMENT, jobs);
        }
    }

    @Override
    public void invoke(int count, IntConsumer body) {
        Objects.requireNonNull(body, "body");
        checkCount(count);
        if (count == 1) {
            body.accept(0);
        } else if (count == 2) {
            Participant self = participants.current();
            if (self != null) {
                self.invokePair(body);
            } else {
                virtualCallers.invokePair(body);
            }
        } else {
            submit(UnitKind.INT_CONSUMER, count, body, null);
        }
    }

    @Override
    public <C> void invoke(int count, C context, IndexedJob<C> job) {
        Objects.requireNonNull(job, "job");
        checkCount(count);
        if (count == 1) {
            job.run(context, 0);
        } else if (count == 2) {
            invokePair(context, job);
        } else {
            submit(UnitKind.INDEXED, count, job, context);
        }
    }

    /** {@code invoke(2, context, job)} on the calling thread's participant, or on a seat it borrows. */
    private <C> void invokePair(C context, IndexedJob<C> job) {
        Participant self = participants.current();
        if (self != null) {
            self.invokePair(context, job);
        } else {
            virtualCallers.invokePair(context, job);
        }
    }

    @Override
    public Fork fork() {
        Participant self = participants.current();
        return self != null ? self : unseated;
    }

    /**
     * {@inheritDoc} This pool's parallel streams run their terminal operations as {@code invoke}s of
     * this pool, cut into chunks for its workers and the caller.
     */
    @Override
    public ParStreams streams() {
        return streams;
    }

    @Override
    public <T> Task<T> spawn(Supplier<? extends T> work) {
        Objects.requireNonNull(work, "work");
        rejectIfClosed();
        return background.spawn(work);
    }

    /**
     * Once {@link #isClosed()} reads true, submissions are rejected; one that passed this check while
     * close() ran is still accepted or rejected by the queue's gate, and if accepted it runs.
     */
    private void rejectIfClosed() {
        if (isClosed()) {
            throw new RejectedExecutionException("the pool is closed");
        }
    }

    /** @return this pool: it is an {@link java.util.concurrent.ExecutorService} of background tasks */
    @Override
    public Executor asExecutor() {
        return this;
    }

    // ---- ExecutorService: background tasks, and the pool's lifecycle ----------------------------------

    /**
     * Runs {@code command} as a background task ({@link #spawn}): on a worker when no foreground work is
     * advertised, on the caller when the queue is full. What it throws goes to the failure handler.
     *
     * @throws NullPointerException       if {@code command} is null
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        rejectIfClosed();
        Task<Object> task = background.spawn(new RunnableWork(command));
        if (command instanceof PoolFuture) {
            ((PoolFuture<?>) command).runBy(task);
        }
    }

    /**
     * The futures of {@code submit}, {@code invokeAll} and {@code invokeAny}: {@link java.util.concurrent.FutureTask}s run as
     * background tasks, whose untimed {@code get()} runs a task that has not started on the caller.
     */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new PoolFuture<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new PoolFuture<>(runnable, value);
    }

    /**
     * Stops accepting tasks: {@code execute}, {@code submit}, {@code spawn} and {@code resubmit} throw
     * {@link RejectedExecutionException} from now on, while every task accepted before still runs. Does not
     * wait (see {@link #awaitTermination}, {@link #close}). Foreground calls made afterwards run inline on
     * their caller. Does nothing on the {@link #global()} pool.
     */
    @Override
    public void shutdown() {
        lifecycle.shutdown();
    }

    /**
     * Shuts down, takes the tasks that have not started off the queue, and interrupts the workers running a
     * task (the interrupt is cleared when the task ends, so it does not reach later work). Tasks running on
     * a joiner's thread (in {@code join}, {@code help} or a {@code Future.get()}) are not interrupted, and
     * foreground units are never interrupted. Does nothing on the {@link #global()} pool.
     *
     * @return the commands of the tasks taken back that were queued by {@code execute}, {@code submit} or
     *         {@code invokeAll}/{@code invokeAny} (a {@code submit}'s is its future: running it completes
     *         the future); tasks of {@code spawn} are cancelled instead, and not listed
     */
    @Override
    public List<Runnable> shutdownNow() {
        return lifecycle.shutdownNow();
    }

    /** @return whether the pool was shut down ({@link #shutdown}, {@link #shutdownNow} or {@link #close}) */
    @Override
    public boolean isShutdown() {
        return lifecycle.isClosed();
    }

    /** @return whether the pool was shut down, every worker has ended and no task is left */
    @Override
    public boolean isTerminated() {
        return lifecycle.isTerminated();
    }

    /**
     * Waits until the pool is terminated after a shutdown, or the timeout passes.
     *
     * @return whether the pool terminated (false if it was not shut down)
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return lifecycle.awaitTermination(timeout, unit);
    }

    private void submit(int kind, int count, Object body, Object context) {
        if (count == 0) {
            return;
        }
        if (workers.length == 0 || isClosed()) {
            UnitRunner.runInline(kind, count, body, context);
        } else {
            Participant self = participants.current();
            if (self == null) {
                virtualCallers.run(kind, count, body, context);
            } else if (deferCalls && !self.inScope() && !self.isWorker()) {
                deferred.run(self, null, kind, count, body, context);
            } else {
                foreground.run(self, kind, count, body, context);
            }
        }
    }

    private static void checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }

    @Override
    public int workerCount() {
        return workers.length;
    }

    /**
     * An estimate of the workers busy right now — running a foreground unit, a background task or a hook,
     * or searching for their next work after finding some — as opposed to spinning idle or parked: the
     * live workers minus the idle counts of the sleep protocol. For monitoring, like
     * {@code ForkJoinPool.getActiveThreadCount()}: the liveness of each worker and the idle counts are read
     * one after the other (volatile reads), not atomically together, so the figure may be off by the
     * workers that change state meanwhile; it stays in {@code [0, workerCount()]}, and is 0 once every
     * worker has ended. Allocates nothing.
     *
     * @return the workers neither spinning idle nor parked
     */
    public int activeWorkerCount() {
        int alive = 0;
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                alive++;
            }
        }
        long idle = sleepers.idleCounts();
        return Math.max(0, alive - IdleCounts.spinners(idle) - IdleCounts.sleepers(idle));
    }

    /** {@return whether the pool was shut down or closed (never true for the {@link #global()} pool)} */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /**
     * {@return a snapshot of the pool's counters, per thread and in total, and of the slots and scopes in
     * use right now (allocates; counting itself never does)}
     */
    public MicroPoolStats stats() {
        StatsRegistry.Snapshot counters = stats.snapshot();
        return new MicroPoolStats(
            workers.length,
            foreground.slots().capacity(),
            foreground.scopes().capacity(),
            foreground.slots().reservedCount(),
            foreground.scopes().inUse(),
            counters.total(),
            counters.threads(),
            background.queued(),
            sleepers.wakeLatency().nanos());
    }

    /**
     * Starts recording what the pool's threads run: one span per foreground unit and per background task,
     * into a buffer of {@code capacityPerThread} spans for each thread, allocated on the thread's first
     * span. Recording allocates nothing after that; a full buffer keeps its spans and counts the later
     * ones as {@linkplain Trace#dropped dropped}. Units of calls run inline for lack of a job slot or scope
     * are not recorded. While no trace runs, each unit and task pays one volatile read.
     *
     * @param capacityPerThread the most spans each thread keeps (32 bytes each)
     * @throws IllegalArgumentException if {@code capacityPerThread < 1}
     * @throws IllegalStateException    if a trace is already running
     */
    public void startTrace(int capacityPerThread) {
        tracer.start(capacityPerThread);
    }

    /**
     * Stops the trace and returns what it recorded. Spans that other threads were still recording when it
     * stopped may be missing from the end.
     *
     * @return the spans recorded since {@link #startTrace}, by start time, and the count of those dropped
     * @throws IllegalStateException if no trace is running
     */
    public Trace stopTrace() {
        return Trace.of(tracer.stop());
    }

    /** {@return the spin budget idle threads use before parking, in nanoseconds} */
    public long spinBudgetNanos() {
        return spin.budgetNanos();
    }

    /** {@return how long before an expected call an idle worker wakes to spin for it; 0 if spin-ahead is off} */
    public long spinAheadNanos() {
        return spin.aheadNanos();
    }

    /**
     * Closes the pool, as {@code ExecutorService.close} does from JDK 19: shuts it down ({@link #shutdown})
     * and waits until it is terminated — every task accepted before has run, the workers have finished the
     * units they run, helped the jobs still advertised and exited. If interrupted while waiting, it shuts
     * down now ({@link #shutdownNow}) once and goes on waiting, then restores the interrupt status.
     * Foreground calls made afterwards run inline on the caller. Idempotent; does nothing on the
     * {@link #global()} pool.
     *
     * <p>Waits for the workers to exit, except when called from a unit or a call of this pool (on a
     * worker or on any thread inside a {@code join}/{@code invoke} of this pool): a worker may then be
     * waiting for the very unit that calls {@code close()}, so waiting would deadlock. In that case it
     * returns once the pool is shut down, and the workers exit when their work is done.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    @Override
    public String toString() {
        return "MicroPool[workers=" + workers.length + ", closed=" + isClosed() + ", " + stats() + "]";
    }
}
