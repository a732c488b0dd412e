package io.micropool.perf;

import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.perf.showcase.ResourceMeter;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How often spin-ahead finds the worker spinning: a caller makes one {@code invoke(4, …)} of 20 µs units
 * every period, as a frame loop does, and counts the wake-ups it had to send ({@link Counter#WAKE_UPS_SENT})
 * after the first calls, which the worker learns the cadence from. Each round uses a new pool of one
 * worker with {@code spinAheadNanos(ahead)}; 0 is the default pool, the control.
 *
 * <p>Between calls the caller either spins until the call is due ({@code spin}, as the showcase's frame
 * loop does) or parks until shortly before and spins the rest ({@code park}, as a frame loop that sleeps
 * does). Per round it prints the wake-ups sent per measured call, each call's latency from its due time
 * (p50, p99, max), the worker's CPU time as a share of the round, and the machine's steal time meanwhile.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.SpinAheadProbe spin|park
 * [ahead µs, default 500 [period µs, default 2000 [rounds, default 8]]]}. Meaningful on an idle machine
 * only.
 */
public final class SpinAheadProbe {
    private static final int LEARNING_CALLS = 20;
    private static final int MEASURED_CALLS = 60;
    private static final long UNIT_NANOS = 20_000;
    /** A parking caller parks until this long before the call is due, then spins: parkNanos wakes late. */
    private static final long PARK_MARGIN_NANOS = 150_000;

    private SpinAheadProbe() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || !(args[0].equals("spin") || args[0].equals("park"))) {
            System.err.println("usage: SpinAheadProbe spin|park [ahead µs [period µs [rounds]]]");
            System.exit(2);
        }
        boolean parking = args[0].equals("park");
        long ahead = TimeUnit.MICROSECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 500);
        long period = TimeUnit.MICROSECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 2000);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "caller %s, spin-ahead %d µs, period %d µs, %s%n", args[0],
            ahead / 1000, period / 1000, System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "%-6s %12s %10s %10s %10s %12s %10s%n", "round", "wake-ups", "p50 µs",
            "p99 µs", "max µs", "worker CPU", "stolen");
        long totalWakeUps = 0;
        for (int round = 1; round <= rounds; round++) {
            String prefix = "spin-ahead-probe-" + round + "-";
            try (MicroPool pool = MicroPool.builder().workers(1).spinAheadNanos(ahead).threadNamePrefix(prefix).build()) {
                long[] worker = IdleCostProbe.workerIds(prefix);
                Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
                AtomicInteger units = new AtomicInteger();
                long due = System.nanoTime() + period;
                long sentBefore = 0;
                long cpuBefore = 0;
                long startedAt = 0;
                long stealBefore = 0;
                for (int call = 0; call < LEARNING_CALLS + MEASURED_CALLS; call++) {
                    if (call == LEARNING_CALLS) {
                        sentBefore = sent(pool);
                        cpuBefore = IdleCostProbe.cpu(threads, worker);
                        startedAt = System.nanoTime();
                        stealBefore = ResourceMeter.stealTicks();
                    }
                    if (parking) {
                        long sleep = due - PARK_MARGIN_NANOS - System.nanoTime();
                        if (sleep > 0) {
                            LockSupport.parkNanos(sleep);
                        }
                    }
                    while (System.nanoTime() - due < 0) {
                        Thread.onSpinWait();
                    }
                    pool.invoke(4, i -> {
                        JoinLatencyBenchmark.Spin.spin(UNIT_NANOS);
                        units.incrementAndGet();
                    });
                    if (call >= LEARNING_CALLS) {
                        latency.recordValue(Math.min(System.nanoTime() - due, latency.getHighestTrackableValue()));
                    }
                    due += period;
                }
                long elapsed = System.nanoTime() - startedAt;
                long wakeUps = sent(pool) - sentBefore;
                totalWakeUps += wakeUps;
                double cpu = (double) (IdleCostProbe.cpu(threads, worker) - cpuBefore) / elapsed;
                double stolen = ResourceMeter.coresStolen(stealBefore, ResourceMeter.stealTicks(), elapsed);
                if (units.get() != 4 * (LEARNING_CALLS + MEASURED_CALLS)) {
                    throw new IllegalStateException("units lost: " + units.get());
                }
                System.out.printf(Locale.ROOT, "%-6d %9d/%d %10.1f %10.1f %10.1f %11.1f%% %10.2f%n", round, wakeUps,
                    MEASURED_CALLS, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getMaxValue() / 1e3, 100 * cpu, stolen);
            }
        }
        System.out.printf(Locale.ROOT, "wake-ups sent: %d of %d measured calls%n", totalWakeUps,
            (long) rounds * MEASURED_CALLS);
    }

    private static long sent(MicroPool pool) {
        String name = Thread.currentThread().getName();
        return pool.stats().threads().stream().filter(t -> t.name().equals(name)).findFirst()
            .map(t -> t.get(Counter.WAKE_UPS_SENT)).orElse(0L);
    }
}
