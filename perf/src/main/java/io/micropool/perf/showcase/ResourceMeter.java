package io.micropool.perf.showcase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what a run cost the whole process: CPU time, and bytes allocated by every live thread; and what
 * the hypervisor took from the whole machine meanwhile (steal time, Linux guests only).
 *
 * <p>The allocation figure is approximate: it sums {@code getThreadAllocatedBytes} over the threads
 * alive at the end of the run, minus what the same threads had allocated at its start. Threads that died
 * in between are missed, and the meter's own arrays (a few hundred bytes per run) are counted.
 */
public final class ResourceMeter {
    /** The process's CPU time and every live thread's allocation counter at one moment. */
    public record Snapshot(long nanoTime, long cpuNanos, long[] threadIds, long[] allocatedBytes, long stealTicks) {
    }

    /** Clock ticks per second of {@code /proc/stat} ({@code USER_HZ}): 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Steal is the eighth number of the {@code cpu} line: user nice system idle iowait irq softirq steal. */
    private static final int STEAL_FIELD = 8;

    private final com.sun.management.OperatingSystemMXBean os;
    private final com.sun.management.ThreadMXBean threads;

    public ResourceMeter() {
        // Both casts hold on every HotSpot JVM (the JDKs this project supports), with no JVM flag.
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /** @return the counters now */
    public Snapshot snapshot() {
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        return new Snapshot(System.nanoTime(), os.getProcessCpuTime(), ids, allocated, stealTicks());
    }

    /** @return the machine's steal time so far, in {@code /proc/stat} ticks; -1 where it cannot be read */
    public static long stealTicks() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    return fields.length > STEAL_FIELD ? Long.parseLong(fields[STEAL_FIELD]) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: unknown
        }
        return -1;
    }

    /**
     * @return the CPU time the hypervisor gave to other guests instead of this machine's processors
     *         between the snapshots, in cores on average (0.1: a tenth of one core); {@code NaN} if unknown.
     *         At 100 ticks a second it resolves 10 ms of steal.
     */
    public static double coresStolen(Snapshot before, Snapshot after) {
        return coresStolen(before.stealTicks(), after.stealTicks(), after.nanoTime() - before.nanoTime());
    }

    /**
     * @return as {@link #coresStolen(Snapshot, Snapshot)}, from two readings of {@link #stealTicks} taken
     *         {@code elapsedNanos} apart
     */
    public static double coresStolen(long ticksBefore, long ticksAfter, long elapsedNanos) {
        if (ticksBefore < 0 || ticksAfter < 0) {
            return Double.NaN;
        }
        return (ticksAfter - ticksBefore) / TICKS_PER_SECOND * 1e9 / elapsedNanos;
    }

    /**
     * @return the CPU time the process used between the snapshots, in cores busy on average: 1.0 is one
     *         core all the time
     */
    public static double coresBusy(Snapshot before, Snapshot after) {
        return (double) (after.cpuNanos() - before.cpuNanos()) / (after.nanoTime() - before.nanoTime());
    }

    /** @return the bytes allocated between the snapshots by the threads alive at the second one */
    public static long allocatedBytes(Snapshot before, Snapshot after) {
        Map<Long, Long> start = new HashMap<>();
        for (int i = 0; i < before.threadIds().length; i++) {
            start.put(before.threadIds()[i], before.allocatedBytes()[i]);
        }
        long total = 0;
        for (int i = 0; i < after.threadIds().length; i++) {
            long bytes = after.allocatedBytes()[i];
            if (bytes < 0) {
                continue; // the thread died between listing and reading: -1
            }
            total += bytes - Math.max(0, start.getOrDefault(after.threadIds()[i], 0L));
        }
        return total;
    }
}
