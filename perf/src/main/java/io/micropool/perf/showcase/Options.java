package io.micropool.perf.showcase;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line of {@link GameLoopShowcase}.
 *
 * @param warmUpSeconds  frames run before each configuration's measurement, not recorded
 * @param measureSeconds frames due within this many seconds are measured, per configuration
 * @param out            where the plot and the histograms go
 * @param help           whether to print the help and exit
 */
record Options(double warmUpSeconds, double measureSeconds, Path out, boolean help) {
    /** Default measurement per configuration: with the warm-up, the 20 configurations take about a minute and a quarter. */
    static final double DEFAULT_MEASURE_SECONDS = 2.0;
    static final double DEFAULT_WARM_UP_SECONDS = 1.0;
    static final double QUICK_MEASURE_SECONDS = 0.3;
    static final double QUICK_WARM_UP_SECONDS = 0.2;
    static final Path DEFAULT_OUT = Path.of("perf", "target", "showcase");
    /** Longest warm-up or measurement per configuration, in seconds. */
    static final double MAX_SECONDS = 3600;

    static final String HELP = String.join(System.lineSeparator(),
        "Usage: ./run-showcase [--quick] [--seconds N] [--warmup N] [--out DIR]",
        "",
        "The game-loop showcase: how late a 1 ms frame loop's parallel work finishes on micropool and on",
        "the JDK's pools, with and without background tasks keeping the pool busy.",
        "",
        "Scenario",
        "  Every 1 ms the main thread runs one frame of foreground work on the pool and waits for it:",
        "    invoke  8 units of 25 us of busy CPU work (spinning on System.nanoTime), in one call",
        "    nested  the same 8 units as a join of two halves, each a call of 4 units",
        "  Under load, a feeder thread keeps two 2 ms background tasks (busy CPU) per pool thread in flight",
        "  on the same pool, so that no pool thread ever runs out of background work.",
        "  Frame i is due at t0 + i x 1 ms; its latency runs from that due time to the end of its work. A",
        "  frame that overruns delays the next one, and the next one's latency includes the delay (no",
        "  coordinated omission). Between frames the main thread spins rather than sleeps: on small VMs a",
        "  sleeping thread wakes 0.1 to 1 ms late, which would drown the pools' own figures.",
        "",
        "Pools (two threads each on a 2-core machine)",
        "  micropool(1+caller)  MicroPool.builder().workers(1): one worker, the calling thread takes part;",
        "                       invoke(8, ctx, job) / join(half, half); background: spawn + resubmit",
        "  micropool-ahead(1+caller)  the same with spinAheadNanos(200 us): once the worker has learnt",
        "                       the 1 ms cadence it wakes 200 us before each frame is due and spins for it",
        "  forkjoin(2)          new ForkJoinPool(2): invoke(root), root calls invokeAll on RecursiveActions;",
        "                       background: submit",
        "  commonPool(N)        ForkJoinPool.commonPool() (N = cores - 1 workers; an outside caller of",
        "                       invoke may run frame tasks itself), used the same way",
        "  threadpool(2)        ThreadPoolExecutor with 2 threads: submit 8 tasks, wait for every Future;",
        "                       background: submit to the same executor",
        "  Each runs without and under load, both variants, after a warm-up: 20 configurations.",
        "",
        "Output",
        "  A table of p50/p90/p99/p99.9/max frame latency, late frames, background tasks per second, CPU",
        "  (cores busy), the machine's steal time (cores stolen by the hypervisor) and bytes allocated per",
        "  frame (approximate), then p99 under load / p99 without load",
        "  per pool against micropool's target (<= 1.5). The load average is printed before and after;",
        "  figures taken on a busy machine (1-minute load above 0.5) are flagged as unreliable.",
        "  Files: percentiles.png (latency by percentile, four panels) and one HdrHistogram .hgrm file per",
        "  configuration (values in microseconds).",
        "",
        "Options",
        "  --quick       0.2 s warm-up and 0.3 s measurement per configuration: a few seconds in all",
        String.format(Locale.ROOT,
        "  --seconds N   measurement per configuration, in seconds (default %.1f: about a minute in all)",
            DEFAULT_MEASURE_SECONDS),
        String.format(Locale.ROOT,
        "  --warmup N    warm-up per configuration, in seconds (default %.1f)", DEFAULT_WARM_UP_SECONDS),
        "  --out DIR     where to write the files (default perf/target/showcase)",
        "  --help, -h    this text",
        "",
        "Exit status: 0 when the run completed (whether or not the target was met), 2 on a bad option.",
        "");

    /**
     * @param args the command line; {@code --name value} and {@code --name=value} are both accepted
     * @return the options
     * @throws CommandLine.UsageException on an unknown option or a bad value
     */
    static Options parse(String[] args) throws CommandLine.UsageException {
        boolean quick = false;
        Double warmUp = null;
        Double measure = null;
        Path out = DEFAULT_OUT;
        boolean help = false;
        CommandLine line = new CommandLine(args);
        for (String name = line.next(); name != null; name = line.next()) {
            switch (name) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                // At most an hour: the histograms track latencies up to an hour, and a run takes up to twice this.
                case "--seconds" -> measure = line.seconds(false, MAX_SECONDS);
                case "--warmup" -> warmUp = line.seconds(true, MAX_SECONDS);
                case "--out" -> out = line.directory();
                default -> throw line.unknown();
            }
        }
        double warmUpSeconds = warmUp != null ? warmUp : quick ? QUICK_WARM_UP_SECONDS : DEFAULT_WARM_UP_SECONDS;
        double measureSeconds = measure != null ? measure : quick ? QUICK_MEASURE_SECONDS : DEFAULT_MEASURE_SECONDS;
        return new Options(warmUpSeconds, measureSeconds, out, help);
    }
}
