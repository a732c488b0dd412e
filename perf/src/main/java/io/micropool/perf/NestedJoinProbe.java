package io.micropool.perf;

import io.micropool.core.MicroPool;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cost of one nested {@code join} on one thread, with nobody to share the work: fib(30) with a join
 * at every level, where micropool's only worker is kept busy by a background task that spins, so the
 * caller never has a reason to offer a latent half; against {@code ForkJoinPool(1)} fork/join and the
 * sequential recursion. Prints the minimum and median over {@code runs} timed calls (after 30 untimed)
 * and, from the minimum, the nanoseconds per join (fib(30) makes 1,346,268 of them).
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.NestedJoinProbe [runs]}; run it a
 * few times and read the minima, since the JIT's inlining of the recursion differs from one JVM to the
 * next.
 */
public final class NestedJoinProbe {
    private static final int N = 30;
    private static final long JOINS = 1_346_268;
    private static final int WARM_UP = 30;

    private NestedJoinProbe() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long expected = FibBenchmark.Fib.sequential(N);
        System.out.println(line("sequential", time(runs, expected, () -> FibBenchmark.Fib.sequential(N))));

        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            pool.spawn(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
                return null;
            });
            System.out.println(line("micropool-fork, worker busy", time(runs, expected,
                () -> FibBenchmark.Fib.fork(pool.fork(), N))));
            System.out.println(line("micropool (lambdas), worker busy", time(runs, expected,
                () -> FibBenchmark.Fib.micropool(pool, N, 2))));
            stop.set(true);
        }

        ForkJoinPool forkJoin = new ForkJoinPool(1);
        try {
            System.out.println(line("ForkJoinPool(1)", time(runs, expected,
                () -> forkJoin.invoke(new FibBenchmark.Fib(N, 2)))));
        } finally {
            forkJoin.shutdown();
        }
    }

    private interface Fib {
        long run();
    }

    /** @return the sorted times of {@code runs} calls, in nanoseconds */
    private static long[] time(int runs, long expected, Fib fib) {
        long[] nanos = new long[runs];
        for (int r = -WARM_UP; r < runs; r++) {
            long start = System.nanoTime();
            long value = fib.run();
            long elapsed = System.nanoTime() - start;
            if (value != expected) {
                throw new IllegalStateException("fib(" + N + ") = " + value + ", expected " + expected);
            }
            if (r >= 0) {
                nanos[r] = elapsed;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static String line(String label, long[] sorted) {
        return String.format("%-34s min %7.2f ms  median %7.2f ms  %5.1f ns per join (min)", label,
            sorted[0] / 1e6, sorted[sorted.length / 2] / 1e6, (double) sorted[0] / JOINS);
    }
}
