package io.micropool.perf;

import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.ForkJoinPool;

/**
 * The pools the recursion benchmarks compare, two threads working in each: {@code micropool}
 * ({@code workers(1)} + the calling thread, with {@code join(a, b)}), {@code forkjoin}
 * ({@code new ForkJoinPool(2)} with {@code RecursiveTask} fork/join), {@code common}
 * ({@link ForkJoinPool#commonPool()}: on this 2-core machine 1 worker, and the outside caller of
 * {@code invoke} takes part), and {@code sequential} (plain recursion on one thread, the baseline for
 * speed-up).
 *
 * <p>micropool's join publishes every pair through its slot table; when every slot is taken (16 by
 * default), deeper levels run inline ({@code MicroPool.stats().inlineNoFreeSlot()}): the figures measure
 * exactly that design.
 */
@State(Scope.Benchmark)
public abstract class ComparedPools {
    @Param({"micropool", "forkjoin", "common", "sequential"})
    public String pool;

    protected MicroPool micro;
    protected ForkJoinPool forkJoin;

    @Setup(Level.Trial)
    public void startPool() {
        switch (pool) {
            case "micropool":
                micro = MicroPool.builder().workers(1).threadNamePrefix("micropool-bench-").build();
                break;
            case "forkjoin":
                forkJoin = new ForkJoinPool(2);
                break;
            case "common":
                forkJoin = ForkJoinPool.commonPool();
                break;
            case "sequential":
                break;
            default:
                throw new IllegalArgumentException("unknown pool: " + pool);
        }
    }

    @TearDown(Level.Trial)
    public void stopPool() {
        if (micro != null) {
            micro.close();
        }
        if (forkJoin != null && forkJoin != ForkJoinPool.commonPool()) {
            forkJoin.shutdown();
        }
    }
}
