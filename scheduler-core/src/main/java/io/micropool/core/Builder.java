package io.micropool.core;

import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.IdleCounts;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.api.Task;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Settings of a new {@link MicroPool}; get one from {@link MicroPool#builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #workers}</td><td>{@code availableProcessors() - 1}, at least 1</td>
 *       <td>worker threads; the calling thread is the extra one. 0: every call runs inline.</td></tr>
 *   <tr><td>{@link #maxJobs}</td><td>{@code 8 × availableProcessors()}</td>
 *       <td>job slots: foreground jobs that can be published at once; beyond, calls run inline</td></tr>
 *   <tr><td>{@link #maxScopes}</td><td>{@code min(maxJobs, 256)}</td>
 *       <td>outermost calls that can be in flight at once; beyond, calls run inline</td></tr>
 *   <tr><td>{@link #spinBudgetNanos}</td><td>50 µs</td>
 *       <td>how long an idle thread spins before it parks</td></tr>
 *   <tr><td>{@link #spinAheadNanos}</td><td>0 (off)</td>
 *       <td>how long before the next call of a steady cadence an idle worker wakes by itself to spin for it</td></tr>
 *   <tr><td>{@link #deferCalls}</td><td>false</td>
 *       <td>whether outside threads' calls of three units or more wait to be published until an idle
 *       thread asks and the rest looks worth a wake-up (virtual threads' always do)</td></tr>
 *   <tr><td>{@link #spinStrategy}</td><td>{@link BusySpinIdleStrategy}</td>
 *       <td>what a spinning thread does between two looks for work</td></tr>
 *   <tr><td>{@link #backgroundQueueCapacity}</td><td>4096</td>
 *       <td>queued background tasks; when full, the submitter runs its task itself</td></tr>
 *   <tr><td>{@link #failureHandler}</td><td>the running thread's uncaught-exception handler</td>
 *       <td>receives background failures nobody was joining</td></tr>
 *   <tr><td>{@link #threadNamePrefix} / {@link #threadFactory}</td><td>{@code micropool-N-worker-}, daemon</td>
 *       <td>how worker threads are made</td></tr>
 *   <tr><td>{@link #onWorkerStart} / {@link #onWorkerExit}</td><td>none</td>
 *       <td>called on each worker thread with its index when it starts and before it ends</td></tr>
 * </table>
 */
public final class Builder {
    /** Default spin budget: about one park/unpark round trip on a typical machine. */
    public static final long DEFAULT_SPIN_BUDGET_NANOS = 50_000;

    /**
     * Cap of the default scope count. Each scope holds an advertise mask as wide as the slot table, so
     * scopes cost {@code maxScopes × maxJobs / 8} bytes (rounded up to 128 per scope).
     */
    public static final int DEFAULT_MAX_SCOPES = 256;

    /** Default capacity of the background queue. */
    public static final int DEFAULT_BACKGROUND_QUEUE_CAPACITY = 4096;
    /** Largest capacity of the background queue. */
    public static final int MAX_BACKGROUND_QUEUE_CAPACITY = 1 << 24;

    private static final AtomicLong POOL_NUMBER = new AtomicLong();

    int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    int maxJobs = Math.min(JobSlotTable.MAX_SLOTS, 8 * Runtime.getRuntime().availableProcessors());
    int maxScopes = -1;
    long spinBudgetNanos = DEFAULT_SPIN_BUDGET_NANOS;
    boolean deferCalls;
    long spinAheadNanos;
    int backgroundQueueCapacity = DEFAULT_BACKGROUND_QUEUE_CAPACITY;
    BiConsumer<? super Task<?>, ? super Throwable> failureHandler;
    Supplier<? extends IdleStrategy> spinStrategy = BusySpinIdleStrategy::new;
    IntConsumer onWorkerStart;
    IntConsumer onWorkerExit;
    private String threadNamePrefix;
    private ThreadFactory threadFactory;
    private boolean daemon = true;

    Builder() {
    }

    /**
     * Sets the number of worker threads (default {@code availableProcessors() - 1}, at least 1); the calling
     * thread is the extra one.
     *
     * @param workers the number of worker threads, at most {@value IdleCounts#MAX_COUNT}; 0 makes every
     *                call run inline on its caller
     * @return this builder
     * @throws IllegalArgumentException if {@code workers} is negative or too large
     */
    public Builder workers(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative: " + workers);
        }
        if (workers > IdleCounts.MAX_COUNT) {
            throw new IllegalArgumentException("workers must be at most " + IdleCounts.MAX_COUNT + ": " + workers);
        }
        this.workers = workers;
        return this;
    }

    /**
     * Sets the number of job slots (default {@code 8 × availableProcessors()}); beyond, calls run inline.
     *
     * @param maxJobs how many foreground jobs can be published at once, in {@code [1, 65536]}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxJobs(int maxJobs) {
        if (maxJobs < 1 || maxJobs > JobSlotTable.MAX_SLOTS) {
            throw new IllegalArgumentException("maxJobs must be in [1, " + JobSlotTable.MAX_SLOTS + "]: " + maxJobs);
        }
        this.maxJobs = maxJobs;
        return this;
    }

    /**
     * Sets how many outermost calls can be in flight at once (default {@code min(maxJobs, 256)}); beyond,
     * calls run inline.
     *
     * @param maxScopes how many outermost calls can publish work at once, in {@code [1, 65536]}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxScopes(int maxScopes) {
        if (maxScopes < 1 || maxScopes > ScopeTable.MAX_SCOPES) {
            throw new IllegalArgumentException("maxScopes must be in [1, " + ScopeTable.MAX_SCOPES + "]: " + maxScopes);
        }
        this.maxScopes = maxScopes;
        return this;
    }

    /**
     * Sets how long an idle thread spins before it parks (default {@value #DEFAULT_SPIN_BUDGET_NANOS} ns).
     *
     * @param nanos how long an idle worker, or a caller waiting for its job, spins before it parks; 0
     *              parks at once. Longer budgets cut wake-up latency and cost CPU while idle.
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder spinBudgetNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("spin budget must not be negative: " + nanos);
        }
        this.spinBudgetNanos = nanos;
        return this;
    }

    /**
     * Deferred calls, for services whose many request threads call the pool: an outside thread's outermost
     * call of three units or more ({@code invoke}, {@code joinAll}, a parallel stream) then runs on the
     * caller and is published only once an idle thread asks for work and the units left, at the pace of
     * those run so far, look longer than two wake-ups of a parked worker (the workers measure the wake-up
     * latency: some 100 µs on an idle 2-core virtual machine; the bar is 50 µs at least). Short calls, and
     * calls made while every core is busy with other requests, cost no hand-over and wake nobody; long ones
     * are shared after a few of their units. Virtual threads' calls are always deferred this way, at twice
     * that bar.
     *
     * <p>Off by default: a game loop or another lone caller wants its call published at once, so that an
     * idle worker starts while the caller runs its first unit. Two-half calls and {@code Fork} joins are
     * not affected (they share on request already).
     *
     * @param defer whether outside threads' calls are deferred
     * @return this builder
     */
    public Builder deferCalls(boolean defer) {
        this.deferCalls = defer;
        return this;
    }

    /**
     * Spin-ahead, for callers that come at a steady cadence — a game or audio loop, a timer-driven tick —
     * with idle gaps longer than the spin budget. Waking a parked worker costs the caller the
     * {@code unpark} (12–18 µs at the median on a 2-vCPU KVM guest) and then the worker's wake-up
     * latency (42–56 µs there) before it helps; and the operating system may place the woken worker on
     * the caller's own core. With spin-ahead on, a worker that has seen the last three gaps between
     * arrivals of work agree to within a quarter of their mean sleeps, after its spin budget, until
     * {@code nanos} before the next arrival is due, then spins until a spin budget after it: the call finds it
     * spinning, wakes nobody and gets help at once. An arrival that comes earlier wakes it as usual; one
     * that does not come leaves the expectation in the past, and the worker sleeps untimed until calls
     * come at a steady cadence again (three steady gaps), so a pool whose calls stop spends one extra spin.
     *
     * <p>The cost: per period, up to {@code nanos} plus the timer's lateness plus one spin budget of
     * spinning, on top of the spin budget after the work; make {@code nanos} cover the lateness of a timed
     * park on the machine ({@code parkNanos} wakes about 0.1 ms late at the median on such guests, which
     * is why a timed sleep alone is not enough). Off by default.
     *
     * @param nanos how long before an expected arrival an idle worker wakes; 0 turns spin-ahead off
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder spinAheadNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("spin-ahead time must not be negative: " + nanos);
        }
        this.spinAheadNanos = nanos;
        return this;
    }

    /**
     * Sets what a spinning thread does between two looks for work (default {@link BusySpinIdleStrategy}).
     *
     * @param strategies makes the Agrona {@link IdleStrategy} each thread calls between two looks for work
     *                   while it spins (one instance per thread, as strategies may keep state); for example
     *                   {@code BusySpinIdleStrategy::new}, {@code YieldingIdleStrategy::new}, or
     *                   {@code () -> new BackoffIdleStrategy(10, 5, 1_000, 100_000)}
     * @return this builder
     */
    public Builder spinStrategy(Supplier<? extends IdleStrategy> strategies) {
        this.spinStrategy = Objects.requireNonNull(strategies, "strategies");
        return this;
    }

    /**
     * Sets the capacity of the background queue (default {@value #DEFAULT_BACKGROUND_QUEUE_CAPACITY}).
     *
     * @param capacity how many background tasks can wait in the queue, in {@code [2, 2^24]}, rounded up
     *                 to a power of two. When the queue is full, {@code spawn} runs the task on the
     *                 calling thread: nothing is lost, nothing blocks.
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder backgroundQueueCapacity(int capacity) {
        if (capacity < 2 || capacity > MAX_BACKGROUND_QUEUE_CAPACITY) {
            throw new IllegalArgumentException(
                "background queue capacity must be in [2, " + MAX_BACKGROUND_QUEUE_CAPACITY + "]: " + capacity);
        }
        this.backgroundQueueCapacity = capacity;
        return this;
    }

    /**
     * Sets what receives the background failures nobody was joining.
     *
     * @param handler receives every background task failure that no thread was joining when it happened,
     *                on the thread that ran the task; what it throws is ignored. Default: that thread's
     *                uncaught-exception handler (which prints the stack trace unless set otherwise).
     *                {@link Task#join()} still throws the failure.
     * @return this builder
     */
    public Builder failureHandler(BiConsumer<? super Task<?>, ? super Throwable> handler) {
        this.failureHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Sets the prefix of the worker threads' names (default {@code micropool-N-worker-}, {@code N} numbering
     * the pools).
     *
     * @param prefix worker threads are named {@code prefix + index}; ignored if a thread factory is set
     * @return this builder
     */
    public Builder threadNamePrefix(String prefix) {
        this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Sets whether the worker threads are daemon threads.
     *
     * @param daemon whether worker threads are daemon threads (default true, like {@code ForkJoinPool});
     *               ignored if a thread factory is set
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
        this.daemon = daemon;
        return this;
    }

    /**
     * Sets how the worker threads are made, instead of {@link #threadNamePrefix} and {@link #daemon}.
     *
     * @param factory makes the worker threads; it must return a new, unstarted thread that runs the
     *                given {@code Runnable}
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * A hook each worker thread calls when it starts, with its index in {@code [0, workers)}, before it
     * takes any work: to name or pin the thread (see the README, "Worker hooks"), set thread-locals, or
     * warm up. {@link #build()} returns once every worker's hook has returned. If a hook throws,
     * {@code build()} closes the pool (the other workers' exit hooks run), and throws an
     * {@link IllegalStateException} whose cause is the first failure, later ones suppressed on it.
     *
     * @param hook called on each worker thread with its index
     * @return this builder
     * @throws NullPointerException if {@code hook} is null
     */
    public Builder onWorkerStart(IntConsumer hook) {
        this.onWorkerStart = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * A hook each worker thread calls before it ends — after {@link MicroPool#close()}, once the worker has
     * no work left — with its index, if its start hook ({@link #onWorkerStart}) returned normally: to undo
     * what the start hook did. {@code close()} returns after every worker's exit hook returned (unless it
     * was called from inside the pool, see {@code close()}). What a hook throws goes to the worker thread's
     * uncaught-exception handler; the worker ends as it would have.
     *
     * @param hook called on each worker thread with its index
     * @return this builder
     * @throws NullPointerException if {@code hook} is null
     */
    public Builder onWorkerExit(IntConsumer hook) {
        this.onWorkerExit = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * {@return a new pool with its workers started (and, with {@link #onWorkerStart}, their start hooks run)}
     *
     * @throws IllegalStateException if a worker's start hook threw (its throwable is the cause)
     */
    public MicroPool build() {
        return new MicroPool(this, false);
    }

    ThreadFactory threadFactory() {
        if (threadFactory != null) {
            return threadFactory;
        }
        String prefix = threadNamePrefix != null
            ? threadNamePrefix : "micropool-" + POOL_NUMBER.incrementAndGet() + "-worker-";
        boolean makeDaemon = daemon;
        AtomicInteger index = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + index.getAndIncrement());
            thread.setDaemon(makeDaemon);
            return thread;
        };
    }

    int scopes() {
        return maxScopes > 0 ? maxScopes : Math.min(maxJobs, DEFAULT_MAX_SCOPES);
    }
}
