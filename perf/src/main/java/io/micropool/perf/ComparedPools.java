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
 * The pools the recursion benchmarks compare (see {@link BenchmarkPools}): {@code micropool} with
 * {@code join(a, b)}, {@code forkjoin} and {@code common} with {@code RecursiveTask} fork/join, and
 * {@code sequential} plain recursion on one thread, the baseline for speed-up.
 *
 * <p>micropool's join publishes every pair through its slot table; when every slot is taken (16 by
 * default), deeper levels run inline ({@code MicroPool.stats().inlineNoFreeSlot()}): the figures measure
 * exactly that design.
 */
@State(Scope.Benchmark)
public abstract class ComparedPools {
    @Param({"micropool", "forkjoin", "common", "sequential"})
    public String pool;

    private BenchmarkPools pools;
    protected MicroPool micro;
    protected ForkJoinPool forkJoin;

    @Setup(Level.Trial)
    public void startPool() {
        pools = BenchmarkPools.open(pool);
        micro = pools.micro;
        forkJoin = pools.forkJoin;
    }

    @TearDown(Level.Trial)
    public void stopPool() throws InterruptedException {
        pools.close();
    }
}
