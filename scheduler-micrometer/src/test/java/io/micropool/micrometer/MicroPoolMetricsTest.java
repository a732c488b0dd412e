package io.micropool.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micropool.api.Task;
import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoublePredicate;
import java.util.function.DoubleSupplier;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * {@link MicroPoolMetrics} with a {@link SimpleMeterRegistry}: every meter is there with the pool's name
 * and the extra tags, the counters follow foreground and background work by exactly what it did, the
 * gauges follow the pool's state, two pools in one registry stay apart, a closed pool still reads, a
 * dropped pool is not kept alive, and bad arguments fail at once.
 *
 * <p>Counters a calling thread counts on itself (units and tasks submitted, pairs) are exact as soon as
 * the call returns; counters other threads count (units run by a worker) are exact once the pool is
 * quiescent, so the tests wait, bounded, for them to reach their exact value.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class MicroPoolMetricsTest {
    /** How long a test waits for a value other threads count before it fails. */
    private static final long WAIT_SECONDS = 10;

    /** Every meter a binder registers, name and distinguishing tag; the class comment's tables in short. */
    private static final List<String> EXPECTED_METERS = List.of(
        "executor.active", "executor.completed", "executor.pool.core", "executor.pool.max", "executor.pool.size",
        "executor.queued",
        "micropool.calls.inline reason=no_free_scope", "micropool.calls.inline reason=no_free_slot",
        "micropool.calls.kept",
        "micropool.idle.time state=parked", "micropool.idle.time state=spinning",
        "micropool.job.slots.max", "micropool.job.slots.used", "micropool.jobs.published",
        "micropool.pairs outcome=kept", "micropool.pairs outcome=offered",
        "micropool.parks",
        "micropool.scopes.max", "micropool.scopes.used",
        "micropool.tasks.cancelled", "micropool.tasks.failed.unjoined",
        "micropool.tasks.run by=joiner", "micropool.tasks.run by=submitter", "micropool.tasks.run by=worker",
        "micropool.tasks.submitted",
        "micropool.units.run by=helping", "micropool.units.run by=idle_worker", "micropool.units.run by=own",
        "micropool.units.submitted",
        "micropool.wakeup.latency", "micropool.wakeups.received", "micropool.wakeups.sent");

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).maxJobs(16).maxScopes(4).threadNamePrefix("metrics-worker-").build();
    }

    /** Binds {@code pool} as {@code name} with a snapshot at every read, so values show work at once. */
    private static void bind(MicroPool pool, String name, MeterRegistry registry) {
        new MicroPoolMetrics(pool, name, Tags.empty(), Duration.ZERO).bindTo(registry);
    }

    @Test
    void everyMeterIsRegisteredWithThePoolNameAndTheExtraTags() {
        try (MicroPool pool = pool(2)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new MicroPoolMetrics(pool, "render", Tags.of("app", "game", "region", "eu")).bindTo(registry);

            Set<String> registered = new TreeSet<>();
            for (Meter meter : registry.getMeters()) {
                Meter.Id id = meter.getId();
                assertEquals("render", id.getTag("name"), id.toString());
                assertEquals("game", id.getTag("app"), id.toString());
                assertEquals("eu", id.getTag("region"), id.toString());
                assertFalse(id.getDescription() == null || id.getDescription().isEmpty(), "no description: " + id);
                StringBuilder key = new StringBuilder(id.getName());
                for (Tag tag : id.getTagsAsIterable()) {
                    if (!Set.of("name", "app", "region").contains(tag.getKey())) {
                        key.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
                    }
                }
                assertTrue(registered.add(key.toString()), "registered twice: " + key);
            }
            assertEquals(new TreeSet<>(EXPECTED_METERS), registered);
        }
    }

    @Test
    void meterTypesAndBaseUnitsAreMicrometers() {
        try (MicroPool pool = pool(1)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            bind(pool, "render", registry);
            // The executor meters as Micrometer's ExecutorServiceMetrics registers them.
            assertEquals("tasks", registry.get("executor.completed").functionCounter().getId().getBaseUnit());
            assertEquals("The approximate total number of tasks that have completed execution",
                registry.get("executor.completed").functionCounter().getId().getDescription());
            for (String threads : List.of("executor.active", "executor.pool.size", "executor.pool.core", "executor.pool.max")) {
                assertEquals("threads", registry.get(threads).gauge().getId().getBaseUnit(), threads);
            }
            assertEquals("tasks", registry.get("executor.queued").gauge().getId().getBaseUnit());
            // Every counter of the pool is a FunctionCounter, and only those; time is counted in seconds.
            long counters = registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("micropool."))
                .filter(meter -> meter instanceof FunctionCounter)
                .count();
            assertEquals(Counter.COUNT, counters);
            for (FunctionCounter idle : registry.find("micropool.idle.time").functionCounters()) {
                assertEquals("seconds", idle.getId().getBaseUnit());
            }
            TimeGauge latency = registry.get("micropool.wakeup.latency").timeGauge();
            assertEquals(TimeUnit.SECONDS, latency.baseTimeUnit());
        }
    }

    @Test
    void foregroundCountersRiseByWhatTheCallsDid() {
        try (MicroPool pool = pool(1)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            bind(pool, "render", registry);
            double submitted = counter(registry, "micropool.units.submitted");
            double run = sum(registry, "micropool.units.run");
            double pairs = sum(registry, "micropool.pairs");
            double offered = counter(registry, "micropool.pairs", "outcome", "offered");
            double published = counter(registry, "micropool.jobs.published");

            int invokes = 10;
            int joins = 5;
            for (int i = 0; i < invokes; i++) {
                pool.invoke(64, unit -> { });
            }
            for (int i = 0; i < joins; i++) {
                pool.join(() -> { }, () -> { });
            }

            // Counted by the calling thread: exact when the calls return.
            long units = 64L * invokes + 2L * joins;
            assertEquals(submitted + units, counter(registry, "micropool.units.submitted"));
            assertEquals(pairs + joins, sum(registry, "micropool.pairs"));
            double offeredNow = counter(registry, "micropool.pairs", "outcome", "offered");
            // The invokes of 64 are published in a slot; every other job published is an offered half.
            assertEquals(published + invokes + (offeredNow - offered), counter(registry, "micropool.jobs.published"));
            assertEquals(0, sum(registry, "micropool.calls.inline"));
            assertEquals(0, counter(registry, "micropool.calls.kept"));
            // Every unit submitted runs once, by its caller, a helper or the worker.
            double expectedRun = run + units;
            until(() -> sum(registry, "micropool.units.run"), value -> value == expectedRun);
            assertEquals(0, gauge(registry, "micropool.job.slots.used"));
            assertEquals(0, gauge(registry, "micropool.scopes.used"));
        }
    }

    @Test
    void backgroundCountersRiseByWhatTheTasksDid() {
        CountDownLatch failed = new CountDownLatch(1);
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("metrics-worker-")
            .failureHandler((task, failure) -> failed.countDown()).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            bind(pool, "io", registry);

            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int value = i;
                tasks.add(pool.spawn(() -> value));
            }
            CountDownLatch executed = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(executed::countDown);
            }
            for (Task<Integer> task : tasks) {
                task.join();
            }
            await(executed);
            assertEquals(13, counter(registry, "micropool.tasks.submitted"));
            // Counted when a task starts: every task above has started.
            assertEquals(13, sum(registry, "micropool.tasks.run"));
            assertEquals(13, counter(registry, "executor.completed"));

            // Hold the only worker, queue three tasks behind it and cancel one of them.
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<Boolean> blocker = pool.spawn(() -> {
                started.countDown();
                return awaitQuietly(release);
            });
            await(started);
            List<Task<Integer>> queued = List.of(pool.spawn(() -> 1), pool.spawn(() -> 2), pool.spawn(() -> 3));
            assertEquals(3, gauge(registry, "executor.queued"));
            assertEquals(1, gauge(registry, "executor.active"), "the worker runs the blocker");
            assertTrue(queued.get(0).cancel());
            assertEquals(1, counter(registry, "micropool.tasks.cancelled"));
            release.countDown();
            assertTrue(blocker.join());
            assertEquals(2, queued.get(1).join());
            assertEquals(3, queued.get(2).join());
            assertEquals(17, counter(registry, "micropool.tasks.submitted"));
            assertEquals(16, counter(registry, "executor.completed"), "every task but the cancelled one ran");

            // A failure nobody joins goes to the failure handler, and is counted.
            pool.spawn(() -> {
                throw new IllegalStateException("expected by the test");
            });
            await(failed);
            until(() -> counter(registry, "micropool.tasks.failed.unjoined"), value -> value == 1);
            until(() -> gauge(registry, "executor.queued"), value -> value == 0);
        }
    }

    @Test
    void gaugesFollowThePool() {
        try (MicroPool pool = MicroPool.builder().workers(2).maxJobs(16).maxScopes(4).spinBudgetNanos(10_000).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            bind(pool, "render", registry);
            assertEquals(2, gauge(registry, "executor.pool.size"));
            assertEquals(2, gauge(registry, "executor.pool.core"));
            assertEquals(2, gauge(registry, "executor.pool.max"));
            assertEquals(16, gauge(registry, "micropool.job.slots.max"));
            assertEquals(4, gauge(registry, "micropool.scopes.max"));
            // Idle workers spin their budget (counted in seconds), then park.
            until(() -> counter(registry, "micropool.idle.time", "state", "spinning"), value -> value >= 2 * 10e-6);
            until(() -> gauge(registry, "executor.active"), value -> value == 0);
            // Work published while the workers sleep wakes one: the wake-up is sent, received and timed, and
            // the park that ended is counted with the time it lasted (a park is counted when it ends).
            for (int frame = 0; frame < 5; frame++) {
                pool.invoke(8, unit -> sleepMillis(1));
                sleepMillis(5);
            }
            until(() -> counter(registry, "micropool.wakeups.received"), value -> value >= 1);
            until(() -> counter(registry, "micropool.parks"), value -> value >= 1);
            until(() -> counter(registry, "micropool.idle.time", "state", "parked"), value -> value > 0);
            assertTrue(counter(registry, "micropool.wakeups.sent") >= 1);
            double latency = registry.get("micropool.wakeup.latency").tag("name", "render").timeGauge().value();
            assertTrue(latency > 0 && latency < 10, "a wake-up takes between 0 and 10 s: " + latency);
        }
    }

    @Test
    void aClosedPoolReadsItsFinalValuesWithoutThrowing() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicroPool pool = pool(2);
        bind(pool, "closing", registry);
        pool.invoke(64, unit -> { });
        pool.spawn(() -> 1).join();
        pool.close();
        MicroPoolStats after = pool.stats();

        Map<String, Double> first = readAll(registry);
        assertEquals(first, readAll(registry), "nothing moves after close()");
        assertEquals(0, gauge(registry, "executor.pool.size"), "every worker ended");
        assertEquals(0, gauge(registry, "executor.active"));
        assertEquals(2, gauge(registry, "executor.pool.max"));
        assertEquals(after.total().get(Counter.UNITS_SUBMITTED), counter(registry, "micropool.units.submitted"));
        assertEquals(after.total().unitsRun(), sum(registry, "micropool.units.run"));
        assertEquals(1, counter(registry, "executor.completed"));
        for (Map.Entry<String, Double> value : first.entrySet()) {
            assertFalse(value.getValue().isNaN(), "NaN after close: " + value.getKey());
        }
    }

    @Test
    void twoPoolsInOneRegistryStayApart() {
        try (MicroPool render = pool(1); MicroPool io = pool(2)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            bind(render, "render", registry);
            bind(io, "io", registry);
            assertEquals(2 * EXPECTED_METERS.size(), registry.getMeters().size());

            render.invoke(100, unit -> { });
            io.invoke(7, unit -> { });
            io.spawn(() -> 1).join();

            assertEquals(100, registry.get("micropool.units.submitted").tag("name", "render").functionCounter().count());
            assertEquals(7, registry.get("micropool.units.submitted").tag("name", "io").functionCounter().count());
            assertEquals(0, registry.get("executor.completed").tag("name", "render").functionCounter().count());
            assertEquals(1, registry.get("executor.completed").tag("name", "io").functionCounter().count());
            assertEquals(1, registry.get("executor.pool.size").tag("name", "render").gauge().value());
            assertEquals(2, registry.get("executor.pool.size").tag("name", "io").gauge().value());
        }
    }

    @Test
    void oneSnapshotServesEveryMeterWithinItsWindow() {
        try (MicroPool pool = pool(1)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // A window far longer than the test: every read after the first reuses the first snapshot.
            new MicroPoolMetrics(pool, "render", Tags.empty(), Duration.ofHours(1)).bindTo(registry);
            assertEquals(0, counter(registry, "micropool.units.submitted"));
            pool.invoke(64, unit -> { });
            pool.spawn(() -> 1).join();
            assertEquals(0, counter(registry, "micropool.units.submitted"), "the snapshot of the first read");
            assertEquals(0, counter(registry, "micropool.tasks.submitted"), "the same snapshot, another meter");
            assertEquals(0, counter(registry, "executor.completed"));
            // While the pool itself has moved on.
            assertEquals(64, pool.stats().total().get(Counter.UNITS_SUBMITTED));
        }
    }

    @Test
    void aDroppedPoolIsNotKeptAliveByTheRegistry() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WeakReference<MicroPool> dropped = bindUseAndClose(registry);
        // The meters still exist; only a weak reference leads from them to the pool.
        assertEquals(EXPECTED_METERS.size(), registry.getMeters().size());
        long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (dropped.get() != null) {
            if (System.nanoTime() - deadline > 0) {
                fail("the pool was not collected: something holds it strongly");
            }
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dropped.get());
        // A collected pool's counters keep their last values; its gauges have nothing left to read.
        assertEquals(32, counter(registry, "micropool.units.submitted"));
        assertTrue(Double.isNaN(gauge(registry, "executor.pool.max")));
    }

    /**
     * On a thread of its own, which ends: a thread that called into a pool keeps a thread-local entry for
     * it while the thread lives, and the test is about what the registry holds.
     */
    private static WeakReference<MicroPool> bindUseAndClose(MeterRegistry registry) throws InterruptedException {
        AtomicReference<WeakReference<MicroPool>> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread user = new Thread(() -> {
            try {
                MicroPool pool = pool(1);
                new MicroPoolMetrics(pool, "dropped", Tags.empty(), Duration.ZERO).bindTo(registry);
                pool.invoke(32, unit -> { });
                pool.close();
                assertEquals(32, counter(registry, "micropool.units.submitted"));
                result.set(new WeakReference<>(pool));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pool-user");
        user.start();
        user.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    @Test
    void nullArgumentsAreRejectedAtConstruction() {
        try (MicroPool pool = pool(1)) {
            assertThrows(NullPointerException.class, () -> new MicroPoolMetrics(null, "render", Tags.empty()));
            assertThrows(NullPointerException.class, () -> new MicroPoolMetrics(pool, null, Tags.empty()));
            assertThrows(NullPointerException.class, () -> new MicroPoolMetrics(pool, "render", null));
            assertThrows(NullPointerException.class,
                () -> new MicroPoolMetrics(pool, "render", Arrays.asList(Tag.of("app", "game"), null)));
            assertThrows(NullPointerException.class, () -> new MicroPoolMetrics(pool, "render", Tags.empty(), null));
            assertThrows(IllegalArgumentException.class,
                () -> new MicroPoolMetrics(pool, "render", Tags.empty(), Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> new MicroPoolMetrics(pool, "render", Tags.empty()).bindTo(null));
            // Any non-negative window is accepted, even one too long to count in nanoseconds.
            new MicroPoolMetrics(pool, "render", Tags.empty(), Duration.ofSeconds(Long.MAX_VALUE)).bindTo(new SimpleMeterRegistry());
        }
    }

    @Test
    void aNameTagAmongTheExtraTagsIsReplacedByThePoolName() {
        try (MicroPool pool = pool(1)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new MicroPoolMetrics(pool, "render", Tags.of("name", "other", "app", "game")).bindTo(registry);
            assertEquals(EXPECTED_METERS.size(), registry.getMeters().size());
            for (Meter meter : registry.getMeters()) {
                assertEquals("render", meter.getId().getTag("name"), meter.getId().toString());
                assertEquals("game", meter.getId().getTag("app"), meter.getId().toString());
            }
        }
    }

    // ---- reading meters ---------------------------------------------------------------------------

    /** @return the value of the function counter {@code name} with the given tag, if any */
    static double counter(MeterRegistry registry, String name, String... tag) {
        return registry.get(name).tags(tag).functionCounter().count();
    }

    /** @return the sum of the function counters named {@code name} (over their tag values) */
    static double sum(MeterRegistry registry, String name) {
        double sum = 0;
        for (FunctionCounter counter : registry.find(name).functionCounters()) {
            sum += counter.count();
        }
        return sum;
    }

    /** @return the value of the gauge {@code name} */
    static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    /** @return every meter's value, by its id */
    private static Map<String, Double> readAll(MeterRegistry registry) {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            double value = meter.measure().iterator().next().getValue();
            values.put(meter.getId().toString(), value);
        }
        return values;
    }

    /** Waits until {@code read} gives a value {@code expected} accepts, failing after 10 s. */
    static void until(DoubleSupplier read, DoublePredicate expected) {
        long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            double value = read.getAsDouble();
            if (expected.test(value)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the value stayed at " + value + " for " + WAIT_SECONDS + " s");
            }
            sleepMillis(1);
        }
    }

    static void await(CountDownLatch latch) {
        if (!awaitQuietly(latch)) {
            fail("latch not released within " + WAIT_SECONDS + " s");
        }
    }

    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(WAIT_SECONDS, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
