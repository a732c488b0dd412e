package io.micropool.perf;

import io.micropool.core.MicroPool;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the pool allocates for a thread that calls it for the first time — a request thread, a thread
 * per request — and on its later calls: each of {@code threads} new platform threads makes one
 * {@code join} of two empty halves, then a second, and reads its own allocation counter
 * ({@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes}) around each. Prints the
 * median and the largest of each, and the size of {@code stats().threads()} before and after.
 * Platform threads only: the counter does not cover virtual threads.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.FirstCallProbe [threads, default 2000]}.
 */
public final class FirstCallProbe {
    private static final Runnable EMPTY = () -> { };

    private FirstCallProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!mx.isThreadAllocatedMemoryEnabled()) {
            mx.setThreadAllocatedMemoryEnabled(true);
        }
        long[] first = new long[threads];
        long[] second = new long[threads];
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            // Warm the code paths on other threads first, so that the measured calls allocate no JIT or
            // class-loading objects.
            for (int i = 0; i < 200; i++) {
                Thread warm = new Thread(() -> {
                    pool.join(EMPTY, EMPTY);
                    pool.join(EMPTY, EMPTY);
                });
                warm.start();
                warm.join();
            }
            int before = pool.stats().threads().size();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Thread caller = new Thread(() -> {
                    long start = mx.getCurrentThreadAllocatedBytes();
                    pool.join(EMPTY, EMPTY);
                    long middle = mx.getCurrentThreadAllocatedBytes();
                    pool.join(EMPTY, EMPTY);
                    long end = mx.getCurrentThreadAllocatedBytes();
                    first[index] = middle - start;
                    second[index] = end - middle;
                });
                caller.start();
                caller.join();
            }
            int after = pool.stats().threads().size();
            Arrays.sort(first);
            Arrays.sort(second);
            System.out.printf(Locale.ROOT, "%s, %d new platform threads, one join(empty, empty) each, then a second%n",
                System.getProperty("java.vm.version"), threads);
            System.out.printf(Locale.ROOT, "first call:  median %d B, max %d B%n", first[threads / 2], first[threads - 1]);
            System.out.printf(Locale.ROOT, "second call: median %d B, max %d B%n", second[threads / 2], second[threads - 1]);
            System.out.printf(Locale.ROOT, "stats().threads(): %d before, %d after (all callers ended)%n", before, after);
        }
    }
}
