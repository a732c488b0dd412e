package io.micropool.perf.showcase;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine's load average from {@code /proc/loadavg} (Linux): read before and after the run, because
 * on a 2-core machine any other busy process takes a core from the pools under test.
 *
 * @param text       the 1-, 5- and 15-minute averages as the kernel prints them
 * @param oneMinute  the 1-minute average
 */
public record LoadAverage(String text, double oneMinute) {
    /** Above this 1-minute average before the run, the figures are flagged as unreliable. */
    public static final double BUSY_THRESHOLD = 0.5;

    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

    /** @return the load average now, or empty where there is no {@code /proc/loadavg} */
    public static Optional<LoadAverage> read() {
        try {
            String[] fields = Files.readString(PROC_LOADAVG, StandardCharsets.US_ASCII).trim().split("\\s+");
            if (fields.length < 3) {
                return Optional.empty();
            }
            return Optional.of(new LoadAverage(fields[0] + " " + fields[1] + " " + fields[2],
                Double.parseDouble(fields[0])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return whether the machine was too busy for the figures to be trusted */
    public boolean busy() {
        return oneMinute > BUSY_THRESHOLD;
    }

    /** Prints the load average before a run ({@code load}), and a warning if the machine is busy. */
    public static void printBefore(PrintStream out, Optional<LoadAverage> load) {
        out.println("load average before: " + describe(load));
        if (load.isPresent() && load.get().busy()) {
            out.printf(Locale.ROOT, "WARNING: 1-minute load average %.2f is above %.1f: the machine is busy, and "
                + "the figures will be unreliable.%n", load.get().oneMinute(), BUSY_THRESHOLD);
        }
    }

    /**
     * Prints the load average after a run, and the warning again if it was busy before ({@code before}):
     * the run itself keeps about two threads busy, so a 1-minute figure near 2 is expected afterwards.
     */
    public static void printAfter(PrintStream out, Optional<LoadAverage> before) {
        out.println("load average after: " + describe(read()));
        if (before.isPresent() && before.get().busy()) {
            out.printf(Locale.ROOT, "WARNING: the 1-minute load average was %.2f (above %.1f) before the run: the "
                + "machine was busy, and the figures are unreliable.%n", before.get().oneMinute(), BUSY_THRESHOLD);
        }
    }

    private static String describe(Optional<LoadAverage> load) {
        return load.map(l -> l.text() + " (1, 5, 15 min)").orElse("n/a (no /proc/loadavg)");
    }
}
