package io.micropool.perf.service;

import io.micropool.perf.ServiceCallersProbe;
import io.micropool.perf.showcase.CommandLine;
import io.micropool.perf.showcase.ConsoleProgress;
import io.micropool.perf.showcase.HistogramFiles;
import io.micropool.perf.showcase.LoadAverage;
import io.micropool.perf.showcase.ResourceMeter;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The service showcase: runs every kind of caller × pool × offered rate, prints the table, writes the
 * latency-versus-load plot and the histograms. See the package documentation for the scenario,
 * {@code --help} for the options.
 *
 * <p>Run: {@code ./run-showcase --service [--quick]}, or
 * {@code java -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase}.
 */
public final class ServiceShowcase {
    /** Offered rates up to this share of the machine are where micropool's p99 should be the lowest. */
    static final double TARGET_SHARE = 0.7;
    private static final String PLOT_FILE = "latency-vs-load.png";
    /** The first warm-up of each pool lasts at least this long, so that the harness is compiled. */
    private static final double QUICK_FIRST_WARM_UP_SECONDS = 0.1;

    private final ServiceOptions options;
    private final PrintStream out = System.out;
    private final ResourceMeter meter = new ResourceMeter();
    /** What the machine's cores can serve, requests per second: cores / mean request time. */
    private final double capacity =
        Runtime.getRuntime().availableProcessors() * 1e9 / Request.MEAN_REQUEST_NANOS;
    private final ConsoleProgress progress = new ConsoleProgress(out);

    private ServiceShowcase(ServiceOptions options) {
        this.options = options;
    }

    /**
     * @param args see {@code --help}
     * @throws IOException if the output files cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ServiceOptions options;
        try {
            options = ServiceOptions.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("ServiceShowcase: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ServiceOptions.HELP);
            return;
        }
        new ServiceShowcase(options).run();
    }

    private void run() throws IOException {
        Optional<LoadAverage> loadBefore = LoadAverage.read();
        List<Callers> kinds = new ArrayList<>();
        boolean virtualSkipped = false;
        for (Callers callers : options.callers()) {
            if (callers == Callers.VIRTUAL && Runtime.version().feature() < 21) {
                virtualSkipped = true;
            } else {
                kinds.add(callers);
            }
        }
        int configurations = 0;
        for (Callers callers : kinds) {
            configurations += ServicePool.all(callers).size() * options.shares().length;
        }
        printHeader(configurations, loadBefore);
        if (virtualSkipped) {
            out.println("(virtual-thread callers skipped: Java " + Runtime.version().feature()
                + " has no virtual threads; run on JDK 21 or later)");
            out.println();
        }

        List<ServiceMeasurement> results = new ArrayList<>();
        List<String> statistics = new ArrayList<>();
        ExecutorService requestThreads = Executors.newFixedThreadPool(Callers.PLATFORM_THREADS, requestThreadFactory());
        int step = 0;
        try {
            warmUp(kinds, requestThreads);
            for (Callers callers : kinds) {
                ThreadFactory virtualThreads =
                    callers == Callers.VIRTUAL ? ServiceCallersProbe.virtualThreadFactory() : null;
                for (Supplier<ServicePool> factory : ServicePool.all(callers)) {
                    try (ServicePool pool = factory.get()) {
                        for (double share : options.shares()) {
                            step++;
                            results.add(measure(pool, callers, callers == Callers.PLATFORM ? requestThreads : null,
                                virtualThreads, share, step, configurations));
                        }
                        pool.statistics().forEach(line -> statistics.add(callers.id + ", " + line));
                    }
                }
            }
        } finally {
            requestThreads.shutdownNow();
        }
        progress.clear();

        for (Callers callers : kinds) {
            printTable(callers, results);
            out.println();
        }
        printTarget(kinds, results);
        out.println();
        if (!statistics.isEmpty()) {
            out.println("micropool's counts over each kind's runs (warm-ups included):");
            statistics.forEach(line -> out.println("  " + line));
            out.println();
        }
        writeFiles(results);
        out.println();
        LoadAverage.printAfter(out, loadBefore);
    }

    /**
     * Runs every pool with every kind of caller at half the machine for a while, unrecorded, before any
     * measurement: the harness's own code (the dispatcher, the histograms, the request threads) is then
     * compiled before the first pool is measured, not while it is.
     */
    private void warmUp(List<Callers> kinds, ExecutorService requestThreads) {
        long window = nanos(Math.max(options.warmUpSeconds(), QUICK_FIRST_WARM_UP_SECONDS));
        for (Callers callers : kinds) {
            ThreadFactory virtualThreads = callers == Callers.VIRTUAL ? ServiceCallersProbe.virtualThreadFactory() : null;
            for (Supplier<ServicePool> factory : ServicePool.all(callers)) {
                try (ServicePool pool = factory.get()) {
                    progress.show("warming up: " + callers.id + ", " + pool.name() + " ...");
                    OpenLoopRun.run(pool, options.fanOut(), callers == Callers.PLATFORM ? requestThreads : null,
                        virtualThreads, capacity / 2, window);
                }
            }
        }
    }

    private ServiceMeasurement measure(ServicePool pool, Callers callers, ExecutorService requestThreads,
                                       ThreadFactory virtualThreads, double share, int step, int configurations) {
        double perSecond = share * capacity;
        String what = String.format(Locale.ROOT, "[%d/%d] %s, %s, %.0f requests/s", step, configurations,
            callers.id, pool.name(), perSecond);
        progress.show(what + ": warm-up ...");
        if (options.warmUpSeconds() > 0) {
            OpenLoopRun.run(pool, options.fanOut(), requestThreads, virtualThreads, perSecond,
                nanos(options.warmUpSeconds()));
        }
        progress.show(what + ": measuring ...");
        // Every measurement starts with an empty young generation, so that a collection the warm-up made
        // due does not land in it: one that happens is what this configuration allocated.
        System.gc();
        long collections = collections();
        ResourceMeter.Snapshot before = meter.snapshot();
        OpenLoopRun.Outcome outcome = OpenLoopRun.run(pool, options.fanOut(), requestThreads, virtualThreads,
            perSecond, nanos(options.measureSeconds()));
        ResourceMeter.Snapshot after = meter.snapshot();
        long requests = Math.max(1, outcome.issued());
        return new ServiceMeasurement(callers, options.fanOut(), pool.name(), pool.fileId(), perSecond, share, outcome,
            ResourceMeter.coresBusy(before, after), ResourceMeter.coresStolen(before, after),
            (after.cpuNanos() - before.cpuNanos()) / 1e3 / requests,
            (double) ResourceMeter.allocatedBytes(before, after) / requests, collections() - collections);
    }

    private void printHeader(int configurations, Optional<LoadAverage> loadBefore) {
        out.println("micropool service showcase");
        out.printf(Locale.ROOT, "  requests due at a fixed rate (open loop), each %d units of %d-%d us of busy CPU work "
                + "(%.0f us on average)%n", Request.UNITS, Request.MIN_UNIT_MICROS, Request.MAX_UNIT_MICROS,
            Request.MEAN_REQUEST_NANOS / 1e3);
        out.println("  fanned out into the pool as " + options.fanOut().description);
        out.printf(Locale.ROOT, "  offered rates: %s of the machine's %,.0f requests/s (%d cores)%n", shares(),
            capacity, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  Java %s (%s); per configuration %.2f s warm-up + %.2f s measured; %d configurations%n",
            System.getProperty("java.version"), System.getProperty("java.vm.name"), options.warmUpSeconds(),
            options.measureSeconds(), configurations);
        LoadAverage.printBefore(out, loadBefore);
        out.println();
    }

    private String shares() {
        StringBuilder text = new StringBuilder();
        for (double share : options.shares()) {
            text.append(text.length() == 0 ? "" : ", ").append(Math.round(100 * share)).append('%');
        }
        return text.toString();
    }

    private void printTable(Callers callers, List<ServiceMeasurement> results) {
        out.println(callers.description + ", " + options.fanOut().id + " (latency in us from due time):");
        out.printf(Locale.ROOT, "%-20s %8s %8s %8s %8s %8s %8s %6s %13s %6s %7s %8s %3s%n", "pool", "offered/s",
            "done/s", "p50", "p99", "p99.9", "max", "lost", "late p50/p99", "cores", "CPU us", "B/req", "GCs");
        for (ServiceMeasurement m : results) {
            if (m.callers() != callers) {
                continue;
            }
            OpenLoopRun.Outcome o = m.outcome();
            out.printf(Locale.ROOT, "%-20s %8.0f %8.0f %8.1f %8.1f %8.1f %8.1f %6d %6.0f/%-6.0f %6.2f %7.1f %8.0f %3d%n",
                m.pool(), m.offeredPerSecond(), o.achievedPerSecond(), m.latencyMicros(50), m.latencyMicros(99),
                m.latencyMicros(99.9), m.latencyMicros(100), o.unfinished() + o.failed(), m.latenessMicros(50),
                m.latenessMicros(99), m.coresBusy(), m.cpuMicrosPerRequest(), m.bytesPerRequest(), m.collections());
        }
        double stolen = results.stream().filter(m -> m.callers() == callers)
            .mapToDouble(ServiceMeasurement::coresStolen).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        if (!Double.isNaN(stolen)) {
            out.printf(Locale.ROOT, "(the hypervisor stole at most %.2f cores during these runs)%n", stolen);
        }
    }

    /** Prints, per kind of caller, whether micropool's p99 was below every other pool's at each rate up to the target share. */
    private void printTarget(List<Callers> kinds, List<ServiceMeasurement> results) {
        out.printf(Locale.ROOT, "micropool's p99 against the lowest other p99, at offered rates up to %.0f%% of the machine:%n",
            100 * TARGET_SHARE);
        for (Callers callers : kinds) {
            for (double share : options.shares()) {
                if (share > TARGET_SHARE + 1e-9) {
                    continue;
                }
                List<ServiceMeasurement> micro = new ArrayList<>();
                ServiceMeasurement best = null;
                for (ServiceMeasurement m : results) {
                    if (m.callers() != callers || m.machineShare() != share) {
                        continue;
                    }
                    if (m.poolFileId().startsWith("micropool")) {
                        micro.add(m);
                    } else if (best == null || m.latencyMicros(99) < best.latencyMicros(99)) {
                        best = m;
                    }
                }
                for (ServiceMeasurement m : micro) {
                    boolean lowest = best == null || m.latencyMicros(99) < best.latencyMicros(99);
                    out.printf(Locale.ROOT, "  %-8s %3.0f%%: %-20s %8.1f us, best other %-20s %8.1f us  %s%n",
                        callers.id, 100 * share, m.pool(), m.latencyMicros(99), best == null ? "-" : best.pool(),
                        best == null ? Double.NaN : best.latencyMicros(99), lowest ? "lowest" : "NOT the lowest");
                }
            }
        }
    }

    private void writeFiles(List<ServiceMeasurement> results) throws IOException {
        Path directory = options.out().toAbsolutePath().normalize();
        Files.createDirectories(directory);
        LoadCurvePlot.write(directory.resolve(PLOT_FILE), results, capacity);
        for (ServiceMeasurement m : results) {
            HistogramFiles.write(directory.resolve(m.fileBaseName() + ".hgrm"), m.outcome().latencies());
        }
        out.println("wrote " + directory + "/");
        out.println("  " + PLOT_FILE + "  p99 latency against offered load, one line per pool, one panel per kind of caller");
        out.println("  " + results.size() + " .hgrm files  HdrHistogram percentile distributions in us, one per "
            + "configuration (<callers>-<fan-out>-<pool>-<requests per second>.hgrm)");
    }

    /** @return the collections every collector of the JVM made so far */
    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    /** Daemon platform request threads, named for a thread dump. */
    private static ThreadFactory requestThreadFactory() {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "request-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

}
