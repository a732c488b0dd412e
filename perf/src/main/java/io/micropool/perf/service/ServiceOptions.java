package io.micropool.perf.service;

import io.micropool.perf.showcase.CommandLine;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link ServiceShowcase}.
 *
 * @param warmUpSeconds  requests run before each configuration's measurement, not recorded
 * @param measureSeconds requests due within this many seconds are measured, per configuration
 * @param shares         the offered rates, as shares of what the machine's cores can serve
 * @param fanOut         how each request's units are expressed
 * @param callers        the kinds of caller to run
 * @param out            where the plot and the histograms go
 * @param help           whether to print the help and exit
 */
record ServiceOptions(double warmUpSeconds, double measureSeconds, double[] shares, FanOut fanOut,
                      Set<Callers> callers, Path out, boolean help) {
    static final double DEFAULT_MEASURE_SECONDS = 1.0;
    static final double DEFAULT_WARM_UP_SECONDS = 0.3;
    static final double QUICK_MEASURE_SECONDS = 0.15;
    static final double QUICK_WARM_UP_SECONDS = 0.05;
    static final double[] DEFAULT_SHARES = {0.1, 0.3, 0.5, 0.7, 0.9};
    static final double[] QUICK_SHARES = {0.3, 0.7};
    static final Path DEFAULT_OUT = Path.of("perf", "target", "service-showcase");
    /** Longest warm-up or measurement per configuration, in seconds. */
    static final double MAX_SECONDS = 600;

    static final String HELP = String.join(System.lineSeparator(),
        "Usage: ./run-showcase --service [--quick] [--seconds N] [--warmup N] [--fanout invoke|stream]",
        "                                [--callers platform|virtual|both] [--out DIR]",
        "",
        "The service showcase: request latency against offered load, for a service whose requests fan out",
        "into a pool, on micropool and on the pools people use today.",
        "",
        "Scenario",
        "  Requests are due at a fixed rate (open loop): request i is due at t0 + i / rate, whatever happened",
        "  to the ones before, and its latency runs from that due time to the end of its work (no",
        String.format(Locale.ROOT,
        "  coordinated omission). A request is %d units of %d to %d us of busy CPU work (%.0f us on average),",
            Request.UNITS, Request.MIN_UNIT_MICROS, Request.MAX_UNIT_MICROS, Request.MEAN_REQUEST_NANOS / 1e3),
        "  fanned out into the pool by the request thread, which waits for them. The offered rates are",
        "  shares of what the machine's cores can serve: cores / mean request time.",
        "  Callers: " + Callers.PLATFORM.description + " taking requests from one queue, or",
        "  " + Callers.VIRTUAL.description + " (JDK 21 and later; skipped on older JDKs).",
        "  A dispatcher thread parks until each due time; how late it wakes is reported on its own.",
        "",
        "Pools (two threads each on a 2-core machine)",
        "  micropool(1+caller)   MicroPool.builder().workers(1); invoke(8, request, job), or",
        "                        pool.range(0, 8).forEach(...)",
        "  forkjoin(2)           new ForkJoinPool(2): invoke(root) with invokeAll of 8 actions, or",
        "                        submit(IntStream.range(0, 8).parallel().forEach(...)).join()",
        "  commonPool(N)         ForkJoinPool.commonPool(), the same (the stream straight from the request thread)",
        "  threadpool(2)+CF      ThreadPoolExecutor(2): 8 CompletableFuture.runAsync, then allOf(...).join()",
        "  request thread only   the 8 units on the request thread, one after the other",
        "",
        "Output",
        "  A table per kind of caller: offered and achieved requests per second, p50/p99/p99.9/max latency,",
        "  requests not finished, the dispatcher's lateness, CPU (cores busy and CPU us per request) and",
        "  bytes allocated per request (approximate, the harness included: compare with the request-thread",
        "  row); whether micropool's p99 was the lowest at every rate up to 70% of the machine; the",
        "  machine's load average before and after. Files: latency-vs-load.png (p99 against offered load,",
        "  one line per pool, one panel per kind of caller) and one HdrHistogram .hgrm per configuration.",
        "",
        "Options",
        String.format(Locale.ROOT,
        "  --quick        %.2f s warm-up and %.2f s measured per configuration, two rates: a few seconds",
            QUICK_WARM_UP_SECONDS, QUICK_MEASURE_SECONDS),
        String.format(Locale.ROOT,
        "  --seconds N    measurement per configuration, in seconds (default %.1f: about a minute and a half",
            DEFAULT_MEASURE_SECONDS),
        "                 for both kinds of caller)",
        String.format(Locale.ROOT,
        "  --warmup N     warm-up per configuration, in seconds (default %.1f)", DEFAULT_WARM_UP_SECONDS),
        "  --fanout F     invoke (default) or stream",
        "  --callers C    platform, virtual or both (default)",
        "  --out DIR      where to write the files (default perf/target/service-showcase)",
        "  --help, -h     this text",
        "",
        "Exit status: 0 when the run completed (whether or not micropool came first), 2 on a bad option.",
        "");

    /**
     * @param args the command line; {@code --name value} and {@code --name=value} are both accepted
     * @return the options
     * @throws CommandLine.UsageException on an unknown option or a bad value
     */
    static ServiceOptions parse(String[] args) throws CommandLine.UsageException {
        boolean quick = false;
        boolean help = false;
        Double warmUp = null;
        Double measure = null;
        FanOut fanOut = FanOut.INVOKE;
        Set<Callers> callers = EnumSet.allOf(Callers.class);
        Path out = DEFAULT_OUT;
        CommandLine line = new CommandLine(args);
        for (String name = line.next(); name != null; name = line.next()) {
            switch (name) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--seconds" -> measure = line.seconds(false, MAX_SECONDS);
                case "--warmup" -> warmUp = line.seconds(true, MAX_SECONDS);
                case "--out" -> out = line.directory();
                case "--fanout" -> {
                    String value = line.value();
                    fanOut = switch (value) {
                        case "invoke" -> FanOut.INVOKE;
                        case "stream" -> FanOut.STREAM;
                        default -> throw new CommandLine.UsageException("--fanout must be invoke or stream: " + value);
                    };
                }
                case "--callers" -> {
                    String value = line.value();
                    callers = switch (value) {
                        case "platform" -> EnumSet.of(Callers.PLATFORM);
                        case "virtual" -> EnumSet.of(Callers.VIRTUAL);
                        case "both" -> EnumSet.allOf(Callers.class);
                        default -> throw new CommandLine.UsageException(
                            "--callers must be platform, virtual or both: " + value);
                    };
                }
                default -> throw line.unknown();
            }
        }
        double warmUpSeconds = warmUp != null ? warmUp : quick ? QUICK_WARM_UP_SECONDS : DEFAULT_WARM_UP_SECONDS;
        double measureSeconds = measure != null ? measure : quick ? QUICK_MEASURE_SECONDS : DEFAULT_MEASURE_SECONDS;
        return new ServiceOptions(warmUpSeconds, measureSeconds, quick ? QUICK_SHARES : DEFAULT_SHARES, fanOut,
            callers, out, help);
    }
}
