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
 * The pools the recursion benchmarks compare (see {@link BenchmarkPools}): {@code micropool-fork} with
 * the {@code Fork} joins (a non-capturing function and two arguments: no allocation), {@code micropool}
 * on the same pool with {@code join(a, b)} of two capturing lambdas (the natural form, which allocates
 * them and a result array per split), {@code forkjoin} and {@code common} with {@code RecursiveTask}
 * fork/join, and {@code sequential} plain recursion on one thread, the baseline for speed-up.
 *
 * <p>micropool offers the first split of a tree at once and keeps the others on the calling thread until
 * some thread asks for work; {@code MicroPool.stats().pairsOffered()} counts those it offered.
 */
@State(Scope.Benchmark)
public abstract class ComparedPools {
    @Param({"micropool-fork", "micropool", "forkjoin", "common", "sequential"})
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
