package io.micropool.perf.showcase;

import io.micropool.core.MicroPool;
import io.micropool.core.Trace;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One configuration of the showcase, for looking into it: the frame percentiles of one pool, load and
 * variant over several rounds in one JVM, with the context switches of the process's threads per round
 * (Linux); and, for micropool with {@code trace}, where the time of its slowest frames went — when the
 * worker's first unit of the frame started, how many units each thread ran, and how long before the
 * frame's end the worker was done.
 *
 * <p>Pools: {@code micropool} (the showcase's), {@code micropool-ahead:<µs>} (spin-ahead by that many
 * microseconds), {@code micropool-yield} (a yielding spin strategy), {@code micropool-spin} (a 5 ms spin
 * budget: never parks between frames), {@code forkjoin}, {@code common}.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.showcase.FrameProbe
 * pool invoke|nested none|load [seconds [rounds [trace]]]}.
 */
public final class FrameProbe {
    /** Frames whose latency exceeds this are analysed in a traced round. */
    private static final long SLOW_FRAME_NANOS = 230_000;
    /** Spans per thread of a traced round: 8 units a frame, with room for tasks. */
    private static final int TRACE_CAPACITY = 200_000;

    private FrameProbe() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: FrameProbe micropool|micropool-ahead:<us>|micropool-yield|micropool-spin|"
                + "forkjoin|common invoke|nested none|load [seconds [rounds [trace]]]");
            System.exit(2);
        }
        FrameVariant variant = FrameVariant.valueOf(args[1].toUpperCase(Locale.ROOT));
        boolean loaded = args[2].equals("load");
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        boolean trace = args.length > 5 && args[5].equals("trace");
        try (PoolUnderTest pool = pool(args[0])) {
            BackgroundLoad background = loaded ? new BackgroundLoad() : null;
            if (background != null) {
                pool.startBackground(background);
            }
            ResourceMeter meter = new ResourceMeter();
            Histogram latencies = GameLoopShowcase.newHistogram();
            FrameLoop.run(pool, variant, TimeUnit.SECONDS.toNanos(2), latencies);
            for (int round = 0; round < rounds; round++) {
                latencies.reset();
                Map<String, long[]> switchesBefore = contextSwitches();
                ResourceMeter.Snapshot before = meter.snapshot();
                FrameLoop.Outcome outcome = FrameLoop.run(pool, variant, (long) (seconds * 1e9), latencies);
                ResourceMeter.Snapshot after = meter.snapshot();
                System.out.printf(Locale.ROOT, "%s %s %s: p50 %.0f p90 %.0f p99 %.0f p99.9 %.0f max %.0f us, "
                        + "late %d of %d, cores busy %.2f%n", pool.name(), variant.id, loaded ? "load" : "no load",
                    micros(latencies, 50), micros(latencies, 90), micros(latencies, 99), micros(latencies, 99.9),
                    latencies.getMaxValue() / 1e3, outcome.late(), outcome.frames(),
                    ResourceMeter.coresBusy(before, after));
                Map<String, long[]> switchesAfter = contextSwitches();
                switchesAfter.forEach((thread, counts) -> {
                    long[] then = switchesBefore.getOrDefault(thread, new long[2]);
                    if (counts[0] - then[0] + counts[1] - then[1] > 20) {
                        System.out.printf(Locale.ROOT, "  %s: %d voluntary, %d involuntary context switches%n", thread,
                            counts[0] - then[0], counts[1] - then[1]);
                    }
                });
            }
            if (trace && pool instanceof MicroPoolUnderTest) {
                List<long[]> frames = new ArrayList<>();
                ((MicroPoolUnderTest) pool).startTrace(TRACE_CAPACITY);
                FrameLoop.run(pool, variant, (long) (seconds * 1e9), latencies, frames);
                Trace traced = pool.stopTrace();
                analyse(traced, frames, traced.originNanos());
            }
            pool.statistics().forEach(System.out::println);
            if (background != null) {
                pool.stopBackground();
            }
        }
    }

    /** @return voluntary and involuntary context switches so far of each of this process's threads (Linux) */
    private static Map<String, long[]> contextSwitches() {
        Map<String, long[]> counts = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(task.resolve("comm")).trim() + " " + task.getFileName();
                long[] pair = new long[2];
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        pair[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        pair[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                counts.put(name, pair);
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing to show
        }
        return counts;
    }

    private static PoolUnderTest pool(String name) {
        if (name.startsWith("micropool-ahead:")) {
            long ahead = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(name.substring(name.indexOf(':') + 1)));
            return MicroPoolUnderTest.spinningAhead(ahead);
        }
        switch (name) {
            case "micropool":
                return new MicroPoolUnderTest();
            case "micropool-yield":
                // Spins with a yield at every step: a worker sharing a core with the caller gives it back.
                return new MicroPoolUnderTest(MicroPool.builder().workers(1)
                    .spinStrategy(YieldingIdleStrategy::new), "micropool-yield");
            case "micropool-spin":
                // Never parks between 1 ms frames: no wake-up on any frame's path, a core spent on it.
                return new MicroPoolUnderTest(MicroPool.builder().workers(1)
                    .spinBudgetNanos(TimeUnit.MILLISECONDS.toNanos(5)), "micropool-spin");
            case "forkjoin":
                return ForkJoinUnderTest.dedicated(2);
            case "common":
                return ForkJoinUnderTest.common();
            default:
                throw new IllegalArgumentException("unknown pool " + name);
        }
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    /**
     * For every frame slower than {@link #SLOW_FRAME_NANOS}, and in sum for all frames: when the worker
     * started its first foreground unit after the frame was due, how many units it ran, and how long the
     * calling thread ran units in the frame.
     */
    private static void analyse(Trace trace, List<long[]> frames, long origin) {
        List<Trace.Span> spans = trace.spans();
        String caller = Thread.currentThread().getName();
        Histogram workerStart = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        int slow = 0;
        int noHelp = 0;
        int printed = 0;
        int first = 0;
        // The first frames wait for the trace buffers, which each thread allocates at its first span.
        for (long[] frame : frames.subList(Math.min(frames.size(), 100), frames.size())) {
            long due = frame[0] - origin;
            long done = frame[1] - origin;
            long firstWorker = Long.MAX_VALUE;
            int workerUnits = 0;
            int callerUnits = 0;
            long callerBusy = 0;
            long lastWorkerEnd = 0;
            while (first < spans.size() && spans.get(first).startNanos() < due) {
                first++;
            }
            for (int i = first; i < spans.size() && spans.get(i).startNanos() <= done; i++) {
                Trace.Span span = spans.get(i);
                if (span.kind() != Trace.Kind.FOREGROUND) {
                    continue;
                }
                if (span.thread().equals(caller)) {
                    callerUnits++;
                    callerBusy += span.durationNanos();
                } else {
                    workerUnits++;
                    firstWorker = Math.min(firstWorker, span.startNanos());
                    lastWorkerEnd = Math.max(lastWorkerEnd, span.startNanos() + span.durationNanos());
                }
            }
            if (workerUnits == 0) {
                noHelp++;
            } else {
                workerStart.recordValue(firstWorker - due);
            }
            if (done - due > SLOW_FRAME_NANOS) {
                slow++;
                if (printed++ < 15) {
                    System.out.printf(Locale.ROOT, "slow frame: %.0f us; worker: %d units, first at %s, last ended "
                            + "%s before the frame; caller: %d units, %.0f us%n", (done - due) / 1e3, workerUnits,
                        workerUnits == 0 ? "-" : String.format(Locale.ROOT, "%.0f us", (firstWorker - due) / 1e3),
                        workerUnits == 0 ? "-" : String.format(Locale.ROOT, "%.0f us", (done - lastWorkerEnd) / 1e3),
                        callerUnits, callerBusy / 1e3);
                }
            }
        }
        System.out.printf(Locale.ROOT, "traced %d frames (%d spans dropped): %d slower than %d us, %d without any "
                + "unit on the worker; worker's first unit after the due time: p50 %.1f p90 %.1f p99 %.1f us%n",
            frames.size(), trace.dropped(), slow, SLOW_FRAME_NANOS / 1000, noHelp, micros(workerStart, 50),
            micros(workerStart, 90), micros(workerStart, 99));
    }
}
