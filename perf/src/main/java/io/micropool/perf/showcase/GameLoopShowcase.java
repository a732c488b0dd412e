package io.micropool.perf.showcase;

import io.micropool.core.Trace;
import io.micropool.perf.TimelinePlot;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The game-loop showcase: runs every pool × load × frame variant, prints the table, writes the plot and
 * the histograms. See the package documentation for the scenario, {@code --help} for the options.
 *
 * <p>Run: {@code ./run-showcase [--quick] [--seconds N] [--out DIR]}, or
 * {@code java -cp perf/target/benchmarks.jar io.micropool.perf.showcase.GameLoopShowcase}.
 */
public final class GameLoopShowcase {
    /**
     * micropool's second configuration: spin-ahead 200 µs before each expected frame, to cover the timed
     * park's lateness at the median on small VMs (about 0.1 ms, {@code WakeUpProbe}).
     */
    static final long SPIN_AHEAD_NANOS = 200_000;
    /**
     * The pools in the order they run, each made just before its runs and closed right after, so that an
     * idle pool's threads never compete with the one being measured.
     */
    private static final List<Supplier<PoolUnderTest>> POOLS = List.of(
        MicroPoolUnderTest::new,
        () -> MicroPoolUnderTest.spinningAhead(SPIN_AHEAD_NANOS),
        () -> ForkJoinUnderTest.dedicated(2),
        ForkJoinUnderTest::common,
        () -> new ThreadPoolUnderTest(2));
    /** Latencies up to an hour fit; a longer one is recorded as an hour. */
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Three significant digits: 0.1% resolution at every magnitude. */
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final String PLOT_FILE = "percentiles.png";
    private static final String TRACE_FILE = "trace.json";
    private static final String TIMELINE_FILE = "timeline.png";
    /** How long the traced stretch of frames runs: a few frames of 1 ms. */
    private static final long TRACED_NANOS = 8_000_000;

    private final Options options;
    private final PrintStream out = System.out;
    private final ResourceMeter meter = new ResourceMeter();
    /** Warm-up latencies go here and are thrown away; one histogram reused, reset before each warm-up. */
    private final Histogram scratch = newHistogram();
    private final ConsoleProgress progress = new ConsoleProgress(out);

    private GameLoopShowcase(Options options) {
        this.options = options;
    }

    /**
     * @param args see {@code --help}
     * @throws IOException if the output files cannot be written
     */
    public static void main(String[] args) throws IOException {
        // Before any AWT class loads: the plot is drawn off screen, and no display may be required.
        System.setProperty("java.awt.headless", "true");
        Options options;
        try {
            options = Options.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("GameLoopShowcase: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.HELP);
            return;
        }
        new GameLoopShowcase(options).run();
    }

    private void run() throws IOException {
        Optional<LoadAverage> loadBefore = LoadAverage.read();
        int configurations = POOLS.size() * Load.values().length * FrameVariant.values().length;
        printHeader(configurations, loadBefore);

        List<Measurement> results = new ArrayList<>();
        List<String> statistics = new ArrayList<>();
        Trace trace = null;
        String tracedPool = null;
        String targetPool = null;
        int step = 0;
        for (Supplier<PoolUnderTest> factory : POOLS) {
            try (PoolUnderTest pool = factory.get()) {
                if (pool instanceof MicroPoolUnderTest && targetPool == null) {
                    targetPool = pool.name(); // the project's latency target is micropool's
                }
                for (Load load : Load.values()) {
                    BackgroundLoad background = load == Load.BACKGROUND ? new BackgroundLoad() : null;
                    if (background != null) {
                        pool.startBackground(background);
                    }
                    try {
                        for (FrameVariant variant : FrameVariant.values()) {
                            step++;
                            results.add(measure(pool, load, variant, background, step, configurations));
                        }
                        if (background != null && trace == null && pool.startTrace()) {
                            // A few nested frames under load, recorded for the timeline.
                            FrameLoop.run(pool, FrameVariant.NESTED, TRACED_NANOS, scratch);
                            trace = pool.stopTrace();
                            tracedPool = pool.name();
                        }
                    } finally {
                        if (background != null) {
                            pool.stopBackground();
                        }
                    }
                }
                List<String> counted = pool.statistics();
                if (!counted.isEmpty()) {
                    statistics.add(pool.name() + ", counted over the whole run (warm-ups included):");
                    counted.forEach(line -> statistics.add("  " + line));
                }
            }
        }
        progress.clear();

        Report.printTable(out, results);
        out.println();
        Report.printRatios(out, results, targetPool);
        out.println();
        statistics.forEach(out::println);
        out.println();
        writeFiles(results, trace, tracedPool);
        out.println();
        LoadAverage.printAfter(out, loadBefore);
    }

    private Measurement measure(PoolUnderTest pool, Load load, FrameVariant variant, BackgroundLoad background,
                                int step, int configurations) {
        String what = String.format(Locale.ROOT, "[%d/%d] %s %s, %s", step, configurations, pool.name(),
            load.label, variant.id);
        progress.show(what + ": warm-up ...");
        scratch.reset();
        FrameLoop.run(pool, variant, seconds(options.warmUpSeconds()), scratch);

        progress.show(what + ": measuring ...");
        Histogram latencies = newHistogram();
        long backgroundBefore = background == null ? 0 : background.completed();
        ResourceMeter.Snapshot before = meter.snapshot();
        FrameLoop.Outcome outcome = FrameLoop.run(pool, variant, seconds(options.measureSeconds()), latencies);
        ResourceMeter.Snapshot after = meter.snapshot();
        long backgroundAfter = background == null ? 0 : background.completed();

        double elapsedSeconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        return new Measurement(pool.name(), pool.fileId(), load, variant, latencies, outcome,
            ResourceMeter.coresBusy(before, after),
            ResourceMeter.coresStolen(before, after),
            (double) ResourceMeter.allocatedBytes(before, after) / Math.max(1, outcome.frames()),
            background == null ? Double.NaN : (backgroundAfter - backgroundBefore) / elapsedSeconds);
    }

    private void printHeader(int configurations, Optional<LoadAverage> loadBefore) {
        out.println("micropool game-loop showcase");
        out.println("  every 1 ms the main thread runs a frame on the pool and waits for it (busy CPU work):");
        for (FrameVariant variant : FrameVariant.values()) {
            out.printf("    %-7s %s%n", variant.id, variant.description);
        }
        out.println("  under load, a feeder keeps two 2 ms background tasks per pool thread in flight on the same");
        out.println("  pool; between frames the main thread spins (see --help)");
        out.printf(Locale.ROOT, "  Java %s (%s), %d cores; per configuration %.1f s warm-up + %.1f s measured; "
                + "%d configurations%n",
            System.getProperty("java.version"), System.getProperty("java.vm.name"),
            Runtime.getRuntime().availableProcessors(), options.warmUpSeconds(), options.measureSeconds(),
            configurations);
        LoadAverage.printBefore(out, loadBefore);
        out.println();
    }


    private void writeFiles(List<Measurement> results, Trace trace, String tracedPool) throws IOException {
        Path directory = options.out().toAbsolutePath().normalize();
        Files.createDirectories(directory);
        Path plot = directory.resolve(PLOT_FILE);
        PercentilePlot.write(plot, results);
        List<Path> histograms = HistogramFiles.write(directory, results);
        out.println("wrote " + directory + "/");
        out.println("  " + PLOT_FILE + "  frame latency by percentile, one line per pool, four panels");
        out.printf("  %d .hgrm files   HdrHistogram percentile distributions in us, one per configuration:%n",
            histograms.size());
        for (Path file : histograms) {
            out.println("    " + file.getFileName());
        }
        if (trace != null) {
            trace.writeChromeJson(directory.resolve(TRACE_FILE));
            String title = tracedPool + ": " + TRACED_NANOS / 1_000_000 + " ms of nested frames under load, traced";
            TimelinePlot.write(trace, title, null, directory.resolve(TIMELINE_FILE));
            out.println("  " + TRACE_FILE + "  " + tracedPool + ", " + trace.spans().size()
                + " spans of nested frames under load (Chrome Trace Event Format: ui.perfetto.dev)");
            out.println("  " + TIMELINE_FILE + "  the same frames: one row per thread, units blue, tasks orange");
        }
    }

    private static long seconds(double seconds) {
        return (long) (seconds * 1e9);
    }

    /** @return an empty histogram of frame latencies, in nanoseconds, as every configuration records them */
    static Histogram newHistogram() {
        return new Histogram(HIGHEST_LATENCY_NANOS, SIGNIFICANT_DIGITS);
    }
}
