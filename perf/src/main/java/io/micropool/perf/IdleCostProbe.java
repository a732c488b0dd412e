package io.micropool.perf;

import io.micropool.core.MicroPool;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * (B5) What a spin budget costs and buys: for each budget, the CPU an idle pool burns, and the CPU and
 * the join latency of a pool that receives one tiny {@code join} every millisecond — the curve
 * budget → wake-up latency → CPU. Not a JMH benchmark: the cost is CPU time of threads other than the
 * caller, which JMH does not measure; this program reads it per thread from {@link ThreadMXBean}.
 *
 * <p>Each budget gets a new pool of one worker ({@code MicroPool.builder().workers(1).spinBudgetNanos(b)}),
 * the last row with spin-ahead ({@code spinAheadNanos}) as well;
 * "idle" measures its worker's CPU time over a quiet period; "1 ms cadence" calls
 * {@code join(empty, empty)} every millisecond (the caller sleeps between calls) and records each call's
 * latency into an HdrHistogram, plus the CPU time of the worker and of the caller; "idle CPU after"
 * measures the worker again over a quiet period after the cadence stopped.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.IdleCostProbe [seconds per
 * measurement, default 3]}. Meaningful on an idle machine only.
 */
public final class IdleCostProbe {
    /** Spin budget and spin-ahead of each row, in µs: budgets around the default (50), then spin-ahead. */
    private static final long[][] CONFIGURATIONS_MICROS = {{0, 0}, {5, 0}, {30, 0}, {50, 0}, {100, 0}, {50, 200}};
    private static final Runnable EMPTY = () -> { };

    private IdleCostProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        long periodNanos = (long) (seconds * 1e9);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("load average before: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-20s %14s %18s %18s %14s %14s %14s %16s%n", "spin budget", "idle CPU",
            "1 ms: worker CPU", "1 ms: caller CPU", "join p50", "join p99", "join max", "idle CPU after");
        for (long[] configuration : CONFIGURATIONS_MICROS) {
            long budget = configuration[0];
            long ahead = configuration[1];
            String prefix = "idle-probe-" + budget + "-" + ahead + "-";
            try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(TimeUnit.MICROSECONDS.toNanos(budget))
                .spinAheadNanos(TimeUnit.MICROSECONDS.toNanos(ahead)).threadNamePrefix(prefix).build()) {
                pool.join(EMPTY, EMPTY);
                Thread.sleep(50);
                long[] workers = workerIds(prefix);
                long idleCpu = cpu(threads, workers);
                long idleStart = System.nanoTime();
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(periodNanos));
                double idleShare = share(cpu(threads, workers) - idleCpu, System.nanoTime() - idleStart);

                Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
                long workerCpu = cpu(threads, workers);
                long callerCpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long next = start;
                while (System.nanoTime() - start < periodNanos) {
                    next += TimeUnit.MILLISECONDS.toNanos(1);
                    LockSupport.parkNanos(next - System.nanoTime());
                    long before = System.nanoTime();
                    pool.join(EMPTY, EMPTY);
                    latency.recordValue(System.nanoTime() - before);
                }
                long elapsed = System.nanoTime() - start;
                double workerShare = share(cpu(threads, workers) - workerCpu, elapsed);
                double callerShare = share(threads.getCurrentThreadCpuTime() - callerCpu, elapsed);
                // Idle again after the cadence: a worker that spun ahead must stop doing so.
                Thread.sleep(50);
                long afterCpu = cpu(threads, workers);
                long afterStart = System.nanoTime();
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(periodNanos));
                double afterShare = share(cpu(threads, workers) - afterCpu, System.nanoTime() - afterStart);
                System.out.printf(Locale.ROOT, "%-20s %13.1f%% %17.1f%% %17.1f%% %11.1f µs %11.1f µs %11.1f µs %15.1f%%%n",
                    budget + " µs" + (ahead == 0 ? "" : ", ahead " + ahead), idleShare, workerShare, callerShare,
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getMaxValue() / 1e3, afterShare);
            }
        }
        System.out.println("load average after: " + loadAverage());
        System.out.println("CPU: percent of one core, averaged over the period.");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** @return the ids of the live threads whose names start with {@code prefix} */
    static long[] workerIds(String prefix) {
        List<Long> ids = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                ids.add(thread.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** @return the CPU time the threads {@code ids} used so far, in nanoseconds */
    static long cpu(ThreadMXBean threads, long[] ids) {
        long total = 0;
        for (long id : ids) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private static double share(long cpuNanos, long wallNanos) {
        return 100.0 * cpuNanos / wallNanos;
    }
}
