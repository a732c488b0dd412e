package io.micropool.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;
import io.micropool.core.ThreadStats;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link MicroPool}'s statistics ({@link MicroPool#stats()}) to a Micrometer
 * {@link MeterRegistry}:
 *
 * <pre>{@code
 * MicroPool pool = MicroPool.builder().workers(3).build();
 * new MicroPoolMetrics(pool, "render", Tags.empty()).bindTo(registry);
 * }</pre>
 *
 * <p>Every meter carries the tag {@code name} = the pool's name (the tag Micrometer's own
 * {@code ExecutorServiceMetrics} gives an executor's name, so dashboards built for executors work) and the
 * extra tags given.
 *
 * <h2>Executor meters</h2>
 * Micrometer's names, types, base units and descriptions, where they mean the same for this pool as for a
 * {@code ThreadPoolExecutor} (background tasks are what an {@code ExecutorService} runs):
 * <table>
 *   <caption>Executor meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>value</th></tr>
 *   <tr><td>{@code executor.completed}</td><td>function counter</td><td>tasks</td>
 *       <td>background tasks run: by workers, by joiners and by submitters (counted when they start, so a
 *       task running now is included)</td></tr>
 *   <tr><td>{@code executor.active}</td><td>gauge</td><td>threads</td>
 *       <td>workers neither spinning idle nor parked: running a foreground unit or a background task
 *       ({@link MicroPool#activeWorkerCount()}, read live)</td></tr>
 *   <tr><td>{@code executor.queued}</td><td>gauge</td><td>tasks</td>
 *       <td>background tasks queued ({@link MicroPoolStats#tasksQueued()})</td></tr>
 *   <tr><td>{@code executor.pool.size}</td><td>gauge</td><td>threads</td>
 *       <td>worker threads that have not ended: the workers, until the pool is closed</td></tr>
 *   <tr><td>{@code executor.pool.core}, {@code executor.pool.max}</td><td>gauge</td><td>threads</td>
 *       <td>the workers the pool was built with ({@link MicroPool#workerCount()}); a pool does not
 *       grow or shrink</td></tr>
 * </table>
 * {@code executor.queue.remaining} is not published: the pool does not expose its queue's capacity. The
 * calling threads that take part in calls are not counted among the threads: they are not the pool's.
 *
 * <h2>micropool meters</h2>
 * Every {@link Counter}, summed over every thread that took part (workers and callers, alive or ended),
 * as a monotonic function counter — exact once the pool is quiescent; see each constant for how to read
 * it (a park, for one, is counted with its time when it ends, so a worker asleep for a minute adds its
 * minute to {@code micropool.idle.time} when it wakes) — and the pool's gauges:
 * <table>
 *   <caption>micropool meters</caption>
 *   <tr><th>name</th><th>tag</th><th>unit</th><th>counters, or value</th></tr>
 *   <tr><td>{@code micropool.units.run}</td><td>{@code by}: {@code own}, {@code helping},
 *       {@code idle_worker}</td><td>units</td><td>{@link Counter#UNITS_RUN_OWN},
 *       {@link Counter#UNITS_RUN_HELPING}, {@link Counter#UNITS_RUN_BY_IDLE_WORKER}</td></tr>
 *   <tr><td>{@code micropool.units.submitted}</td><td></td><td>units</td><td>{@link Counter#UNITS_SUBMITTED}</td></tr>
 *   <tr><td>{@code micropool.jobs.published}</td><td></td><td>jobs</td><td>{@link Counter#JOBS_PUBLISHED}</td></tr>
 *   <tr><td>{@code micropool.pairs}</td><td>{@code outcome}: {@code kept}, {@code offered}</td><td>calls</td>
 *       <td>{@link Counter#PAIRS_KEPT}, {@link Counter#PAIRS_OFFERED}</td></tr>
 *   <tr><td>{@code micropool.calls.kept}</td><td></td><td>calls</td><td>{@link Counter#CALLS_KEPT}</td></tr>
 *   <tr><td>{@code micropool.calls.inline}</td><td>{@code reason}: {@code no_free_slot},
 *       {@code no_free_scope}</td><td>calls</td><td>{@link Counter#INLINE_NO_FREE_SLOT},
 *       {@link Counter#INLINE_NO_FREE_SCOPE}</td></tr>
 *   <tr><td>{@code micropool.parks}</td><td></td><td>parks</td><td>{@link Counter#PARKS}</td></tr>
 *   <tr><td>{@code micropool.wakeups.sent}</td><td></td><td>wakeups</td><td>{@link Counter#WAKE_UPS_SENT}</td></tr>
 *   <tr><td>{@code micropool.wakeups.received}</td><td></td><td>wakeups</td><td>{@link Counter#WAKE_UPS_RECEIVED}</td></tr>
 *   <tr><td>{@code micropool.idle.time}</td><td>{@code state}: {@code spinning}, {@code parked}</td>
 *       <td>seconds</td><td>{@link Counter#SPIN_NANOS}, {@link Counter#PARK_NANOS}</td></tr>
 *   <tr><td>{@code micropool.tasks.submitted}</td><td></td><td>tasks</td><td>{@link Counter#TASKS_SUBMITTED}</td></tr>
 *   <tr><td>{@code micropool.tasks.run}</td><td>{@code by}: {@code worker}, {@code joiner},
 *       {@code submitter}</td><td>tasks</td><td>{@link Counter#TASKS_RUN_POLLED},
 *       {@link Counter#TASKS_RUN_BY_JOINER}, {@link Counter#TASKS_RUN_BY_SUBMITTER}</td></tr>
 *   <tr><td>{@code micropool.tasks.cancelled}</td><td></td><td>tasks</td><td>{@link Counter#TASKS_CANCELLED}</td></tr>
 *   <tr><td>{@code micropool.tasks.failed.unjoined}</td><td></td><td>tasks</td>
 *       <td>{@link Counter#TASKS_FAILED_UNJOINED}</td></tr>
 *   <tr><td>{@code micropool.job.slots.used}, {@code micropool.job.slots.max}</td><td></td><td>slots</td>
 *       <td>gauges: job slots reserved now, and the table's capacity ({@code maxJobs})</td></tr>
 *   <tr><td>{@code micropool.scopes.used}, {@code micropool.scopes.max}</td><td></td><td>scopes</td>
 *       <td>gauges: scopes in use now, and the table's capacity ({@code maxScopes})</td></tr>
 *   <tr><td>{@code micropool.wakeup.latency}</td><td></td><td>seconds</td>
 *       <td>time gauge: how long a parked worker took to run after a wake-up, a running average
 *       ({@link MicroPoolStats#wakeLatencyNanos()}); 0 before the first</td></tr>
 * </table>
 *
 * <p>Names follow Micrometer's conventions: dot-separated lowercase words, the base unit given apart
 * (each registry adds it its own way: Prometheus reads {@code micropool.units.run} as
 * {@code micropool_units_run_units_total}, as it reads {@code jvm.threads.live} as
 * {@code jvm_threads_live_threads}), time in seconds (a Prometheus user expects a cumulative time as a
 * {@code _seconds_total} counter), and a tag only where adding up its values means something: the units
 * run by each kind of thread add up to the units run, spinning and parked time to the idle time, the
 * tasks run by workers, joiners and submitters to the tasks run. Counters whose sum means nothing have
 * names of their own: wake-ups sent and received count the same wake-ups twice, units submitted and
 * units run the same units. Only totals are published, never a figure per thread: thread names would
 * make a tag whose values grow with every caller thread; {@link MicroPool#stats()} keeps them.
 *
 * <h2>One snapshot per scrape</h2>
 * {@link MicroPool#stats()} builds a whole snapshot, so the meters do not take one each: the first meter
 * read takes one and the others reuse it for a short window ({@link #DEFAULT_SNAPSHOT_MAX_AGE}, or the
 * age given to the constructor), so the meters of one scrape normally show one moment and cost one
 * snapshot. Values lag the pool by up to that window; a window of zero takes a snapshot at every read.
 * Snapshots are taken one at a time, so a counter never reads less than before. Only
 * {@code executor.active} and the constant gauges read the pool directly.
 *
 * <h2>Lifetime</h2>
 * Like Micrometer's own binders ({@code ExecutorServiceMetrics} passes the executor as the state object
 * of each meter), the meters hold the pool through the registry's weak reference to their state object,
 * and their functions capture nothing that holds the pool strongly: a registry does not keep a pool
 * alive. A closed pool's meters go on reporting what {@link MicroPool#stats()} gives after
 * {@code close()} — the final counters, no slot or scope in use, no worker — and reading them never
 * throws. Once the pool is dropped and collected, its counters keep their last values and its gauges
 * read {@code NaN}; remove its meters from the registry ({@code registry.remove}) when dropping a pool
 * for good. This binder itself holds the pool strongly (as {@code ExecutorServiceMetrics} holds its
 * executor): keep it only as long as the pool.
 *
 * <p>One binder may be bound to several registries: they share its snapshot. Bind a pool once per
 * registry: Micrometer ignores a second registration of the same meter, and logs a warning.
 */
public final class MicroPoolMetrics implements MeterBinder {
    /** How long the meters reuse one snapshot of the pool's statistics by default: one second. */
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    /** The tag key of the pool's name on every meter: {@code name}, as in Micrometer's executor meters. */
    public static final String NAME_TAG = "name";

    private final MicroPool pool;
    private final Tags tags;
    private final SharedSnapshot snapshots;

    /**
     * Meters of {@code pool} that reuse one snapshot for {@link #DEFAULT_SNAPSHOT_MAX_AGE}.
     *
     * @param pool     the pool to publish
     * @param poolName the value of the {@value #NAME_TAG} tag on every meter
     * @param tags     more tags for every meter (a {@value #NAME_TAG} tag among them is replaced by
     *                 {@code poolName}); {@code Tags.empty()} for none
     * @throws NullPointerException if an argument, or one of the tags, is null
     */
    public MicroPoolMetrics(MicroPool pool, String poolName, Iterable<Tag> tags) {
        this(pool, poolName, tags, DEFAULT_SNAPSHOT_MAX_AGE);
    }

    /**
     * Meters of {@code pool} that reuse one snapshot for {@code snapshotMaxAge}.
     *
     * @param pool           the pool to publish
     * @param poolName       the value of the {@value #NAME_TAG} tag on every meter
     * @param tags           more tags for every meter (a {@value #NAME_TAG} tag among them is replaced by
     *                       {@code poolName}); {@code Tags.empty()} for none
     * @param snapshotMaxAge how long the meters reuse one snapshot of {@link MicroPool#stats()}: shorter
     *                       than the registry's scrape or step interval, longer than a scrape takes;
     *                       {@code Duration.ZERO} takes a snapshot at every meter read
     * @throws NullPointerException     if an argument, or one of the tags, is null
     * @throws IllegalArgumentException if {@code snapshotMaxAge} is negative
     */
    public MicroPoolMetrics(MicroPool pool, String poolName, Iterable<Tag> tags, Duration snapshotMaxAge) {
        this.pool = Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(snapshotMaxAge, "snapshotMaxAge");
        if (snapshotMaxAge.isNegative()) {
            throw new IllegalArgumentException("snapshotMaxAge must not be negative: " + snapshotMaxAge);
        }
        for (Tag tag : tags) {
            Objects.requireNonNull(tag, "a tag is null");
        }
        this.tags = Tags.of(tags).and(NAME_TAG, poolName);
        this.snapshots = new SharedSnapshot(saturatedNanos(snapshotMaxAge), System::nanoTime);
    }

    /**
     * Registers the meters listed in the class comment.
     *
     * @param registry the registry to register them with
     * @throws NullPointerException if {@code registry} is null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        bind(registry, pool, tags, snapshots);
    }

    /**
     * Static on purpose: a lambda written in an instance method that read a field would capture this
     * binder, which holds the pool strongly, and the registry would keep the pool alive through it. Each
     * function here captures at most the snapshot holder (which holds no pool) and gets the pool as its
     * argument, from the meter's weak reference.
     */
    private static void bind(MeterRegistry registry, MicroPool pool, Tags tags, SharedSnapshot snapshots) {
        FunctionCounter.builder("executor.completed", pool, p -> tasksRun(snapshots.of(p)))
            .tags(tags)
            .description("The approximate total number of tasks that have completed execution")
            .baseUnit("tasks")
            .register(registry);
        Gauge.builder("executor.active", pool, MicroPool::activeWorkerCount)
            .tags(tags)
            .description("The approximate number of threads that are actively executing tasks")
            .baseUnit("threads")
            .register(registry);
        Gauge.builder("executor.queued", pool, p -> snapshots.of(p).tasksQueued())
            .tags(tags)
            .description("The approximate number of tasks that are queued for execution")
            .baseUnit("tasks")
            .register(registry);
        Gauge.builder("executor.pool.size", pool, p -> liveWorkers(snapshots.of(p)))
            .tags(tags)
            .description("The current number of threads in the pool")
            .baseUnit("threads")
            .register(registry);
        Gauge.builder("executor.pool.core", pool, MicroPool::workerCount)
            .tags(tags)
            .description("The core number of threads for the pool")
            .baseUnit("threads")
            .register(registry);
        Gauge.builder("executor.pool.max", pool, MicroPool::workerCount)
            .tags(tags)
            .description("The maximum allowed number of threads in the pool")
            .baseUnit("threads")
            .register(registry);

        for (Counter counter : Counter.values()) {
            CounterMeter meter = CounterMeter.of(counter);
            double perBaseUnit = meter.perBaseUnit();
            FunctionCounter.builder(meter.name(), pool, p -> snapshots.of(p).total().get(counter) / perBaseUnit)
                .tags(tags)
                .tags(meter.tags())
                .description(meter.description())
                .baseUnit(meter.baseUnit())
                .register(registry);
        }

        Gauge.builder("micropool.job.slots.used", pool, p -> snapshots.of(p).jobSlotsInUse())
            .tags(tags)
            .description("Job slots reserved by foreground jobs now")
            .baseUnit("slots")
            .register(registry);
        Gauge.builder("micropool.job.slots.max", pool, p -> snapshots.of(p).jobSlots())
            .tags(tags)
            .description("Job slots of the pool (maxJobs): beyond, calls run inline")
            .baseUnit("slots")
            .register(registry);
        Gauge.builder("micropool.scopes.used", pool, p -> snapshots.of(p).scopesInUse())
            .tags(tags)
            .description("Scopes in use by outermost calls now")
            .baseUnit("scopes")
            .register(registry);
        Gauge.builder("micropool.scopes.max", pool, p -> snapshots.of(p).scopes())
            .tags(tags)
            .description("Scopes of the pool (maxScopes): beyond, outermost calls run inline")
            .baseUnit("scopes")
            .register(registry);
        TimeGauge.builder("micropool.wakeup.latency", pool, TimeUnit.NANOSECONDS,
                p -> snapshots.of(p).wakeLatencyNanos())
            .tags(tags)
            .description("How long a parked worker took to run after a wake-up: a running average over the"
                + " recent wake-ups, 0 before the first")
            .register(registry);
    }

    /** @return the background tasks started, by whatever thread */
    private static double tasksRun(MicroPoolStats stats) {
        return stats.tasksRunByWorkers() + stats.tasksRunByJoiners() + stats.tasksRunBySubmitters();
    }

    /**
     * @return the worker threads that have not ended: a snapshot lists each worker from the pool's creation
     *         until its thread has ended, then adds it to the sum of ended threads
     */
    private static double liveWorkers(MicroPoolStats stats) {
        int workers = 0;
        for (ThreadStats thread : stats.threads()) {
            if (thread.role() == ThreadStats.Role.WORKER) {
                workers++;
            }
        }
        return workers;
    }

    /** @return {@code age} in nanoseconds, or {@link Long#MAX_VALUE} if that many do not fit in a long */
    private static long saturatedNanos(Duration age) {
        try {
            return age.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
