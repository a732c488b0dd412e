package io.micropool.perf.showcase;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The console report: one table row per configuration, then the ratio of p99 under load to p99 without
 * load per pool, checked against the project's target for micropool. Plain ASCII, so that it reads the
 * same in any terminal and log.
 */
final class Report {
    /** The project's target for micropool: p99 under load at most this multiple of p99 without load. */
    static final double TARGET_P99_RATIO = 1.5;

    /** Below this many frames per configuration, a p99 is too few frames to judge the target on. */
    private static final long STABLE_P99_FRAMES = 1000;

    private static final String ROW = "%-25s %-10s %-6s %8s %8s %8s %8s %8s %6s %10s %5s %6s %8s%n";

    private Report() {
    }

    /**
     * Prints the table and the notes on its columns.
     *
     * @param out          where to print
     * @param measurements the rows, in order
     */
    static void printTable(PrintStream out, List<Measurement> measurements) {
        out.printf(ROW, "", "", "", "p50", "p90", "p99", "p99.9", "max", "late", "bg tasks", "cores", "cores", "alloc");
        out.printf(ROW, "pool", "load", "frame", "us", "us", "us", "us", "us", "", "per s", "busy", "stolen",
            "B/frame");
        out.println("-".repeat(122));
        String previousPool = null;
        for (Measurement m : measurements) {
            if (previousPool != null && !previousPool.equals(m.pool())) {
                out.println();
            }
            previousPool = m.pool();
            out.printf(ROW,
                m.pool(),
                m.load().label,
                m.variant().id,
                micros(m.latencyMicros(50)),
                micros(m.latencyMicros(90)),
                micros(m.latencyMicros(99)),
                micros(m.latencyMicros(99.9)),
                micros(m.maxMicros()),
                String.format(Locale.ROOT, "%.1f%%", 100 * m.lateShare()),
                Double.isNaN(m.backgroundPerSecond()) ? "-"
                    : String.format(Locale.ROOT, "%.0f", m.backgroundPerSecond()),
                String.format(Locale.ROOT, "%.2f", m.coresBusy()),
                Double.isNaN(m.coresStolen()) ? "-" : String.format(Locale.ROOT, "%.2f", m.coresStolen()),
                String.format(Locale.ROOT, "%.0f", m.bytesPerFrame()));
        }
        out.println();
        out.println("latency  from the frame's due time (t0 + i x 1 ms) to the end of its work; a late frame delays");
        out.println("         the next, whose latency includes that wait (no coordinated omission)");
        out.println("late     frames that finished after the next frame was due (over 1 ms), or never ran");
        out.println("bg tasks 2 ms background tasks completed per second (a pool thread busy all the time: 500/s)");
        out.println("cores    process CPU time / wall time, all threads: the main thread, which spins between");
        out.println("         frames (up to 1 core), and the feeder included");
        out.println("stolen   steal time of the whole machine / wall time: CPU the hypervisor gave to other guests;");
        out.println("         a row with more than a few hundredths measured the neighbours as much as the pool");
        out.println("alloc    bytes allocated by all threads / frames run, background submissions included;");
        out.println("         approximate: threads that ended are missed, one-off allocations are spread out");
        for (Measurement m : measurements) {
            if (m.outcome().skipped() > 0) {
                out.printf(Locale.ROOT, "note     %s %s %s: %d frames due never ran (the pool fell behind for good: "
                        + "its latency%n         grows with the run's length); the percentiles leave them out%n",
                    m.pool(), m.load().label, m.variant().id, m.outcome().skipped());
            }
        }
    }

    /**
     * Prints p99 under load / p99 without load for each pool and variant, and whether micropool met
     * its target.
     *
     * @param out          where to print
     * @param measurements every configuration, both load levels of each pool included
     * @param targetPool   the display name of the pool the target applies to
     */
    static void printRatios(PrintStream out, List<Measurement> measurements, String targetPool) {
        out.printf(Locale.ROOT, "p99 under load / p99 without load (the project's target for micropool: <= %.1f)%n",
            TARGET_P99_RATIO);
        Set<String> pools = new LinkedHashSet<>();
        for (Measurement m : measurements) {
            pools.add(m.pool());
        }
        long fewestFrames = Long.MAX_VALUE;
        for (String pool : pools) {
            List<String> parts = new ArrayList<>();
            boolean poolMet = true;
            for (FrameVariant variant : FrameVariant.values()) {
                Measurement idle = find(measurements, pool, Load.NONE, variant);
                Measurement loaded = find(measurements, pool, Load.BACKGROUND, variant);
                if (idle == null || loaded == null) {
                    continue;
                }
                double ratio = loaded.latencyMicros(99) / idle.latencyMicros(99);
                if (pool.equals(targetPool)) {
                    fewestFrames = Math.min(fewestFrames, Math.min(idle.outcome().frames(), loaded.outcome().frames()));
                }
                poolMet &= ratio <= TARGET_P99_RATIO;
                parts.add(String.format(Locale.ROOT, "%s %8.2f", variant.id, ratio));
            }
            String verdict = "";
            if (pool.equals(targetPool)) {
                verdict = poolMet ? "   target met" : "   target NOT met";
            }
            out.printf("  %-25s %s%s%n", pool, String.join("   ", parts), verdict);
        }
        if (fewestFrames < STABLE_P99_FRAMES) {
            // With 300 frames the p99 is the third-worst frame: one hiccup of the machine moves it.
            out.printf(Locale.ROOT, "  (only %d frames in a configuration: each p99 is decided by its %d worst "
                + "frames and swings%n   from run to run; judge the target on a run of the default length)%n",
                fewestFrames, Math.max(1, fewestFrames / 100));
        }
    }

    private static Measurement find(List<Measurement> measurements, String pool, Load load, FrameVariant variant) {
        for (Measurement m : measurements) {
            if (m.pool().equals(pool) && m.load() == load && m.variant() == variant) {
                return m;
            }
        }
        return null;
    }

    /** Whole microseconds; below 10 µs one decimal, so that tiny latencies do not all read 0 or 1. */
    private static String micros(double value) {
        return value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value);
    }
}
