package io.micropool.perf;

import io.micropool.core.MicroPool;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The pools a benchmark compares, by name, each with two threads doing the work on this 2-core machine:
 * <ul>
 *   <li>{@code micropool} (and {@code micropool-fork}, the same pool for a benchmark's allocation-free
 *       {@code Fork} form): {@code MicroPool.builder().workers(1)} — its default size here
 *       ({@code availableProcessors() - 1}) — plus the calling thread, which runs units itself;</li>
 *   <li>{@code micropool-ahead}: the same with spin-ahead ({@code spinAheadNanos}, {@link #SPIN_AHEAD_NANOS}):
 *       a worker that learnt the calls' cadence wakes shortly before the next one is due;</li>
 *   <li>{@code forkjoin}: {@code new ForkJoinPool(2)}; an outside caller of {@code invoke} only waits;</li>
 *   <li>{@code common}: {@link ForkJoinPool#commonPool()}, 1 worker here; an outside caller of
 *       {@code invoke} may run the task itself;</li>
 *   <li>{@code executor}: {@code Executors.newFixedThreadPool(1)}, the caller doing the other half;</li>
 *   <li>{@code sequential}: no pool, the baseline for speed-up.</li>
 * </ul>
 * Exactly the field its name calls for is set; {@link #close()} stops what was started (never the common
 * pool) and waits for it, so that no thread of one trial runs into the next.
 */
final class BenchmarkPools implements AutoCloseable {
    /** Spin-ahead of {@code micropool-ahead}: the showcase's 200 µs. */
    static final long SPIN_AHEAD_NANOS = 200_000;

    final MicroPool micro;
    final ForkJoinPool forkJoin;
    final ExecutorService executor;

    private BenchmarkPools(MicroPool micro, ForkJoinPool forkJoin, ExecutorService executor) {
        this.micro = micro;
        this.forkJoin = forkJoin;
        this.executor = executor;
    }

    /** @throws IllegalArgumentException if {@code name} is not one of the names above */
    static BenchmarkPools open(String name) {
        switch (name) {
            case "micropool":
            case "micropool-fork":
                return new BenchmarkPools(
                    MicroPool.builder().workers(1).threadNamePrefix("micropool-bench-").build(), null, null);
            case "micropool-ahead":
                return new BenchmarkPools(MicroPool.builder().workers(1).spinAheadNanos(SPIN_AHEAD_NANOS)
                    .threadNamePrefix("micropool-bench-").build(), null, null);
            case "forkjoin":
                return new BenchmarkPools(null, new ForkJoinPool(2), null);
            case "common":
                return new BenchmarkPools(null, ForkJoinPool.commonPool(), null);
            case "executor":
                return new BenchmarkPools(null, null, Executors.newFixedThreadPool(1));
            case "sequential":
                return new BenchmarkPools(null, null, null);
            default:
                throw new IllegalArgumentException("unknown pool: " + name);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (micro != null) {
            micro.close();
        }
        if (forkJoin != null && forkJoin != ForkJoinPool.commonPool()) {
            forkJoin.shutdownNow();
            awaitTermination(forkJoin);
        }
        if (executor != null) {
            executor.shutdownNow();
            awaitTermination(executor);
        }
    }

    private static void awaitTermination(ExecutorService pool) throws InterruptedException {
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(pool + " did not terminate");
        }
    }
}
