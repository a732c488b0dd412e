package io.micropool.perf;

import io.micropool.api.Fork;
import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;

/**
 * Fine-grained recursion, where the cost of a join decides everything: {@code fib(n)} with a join at
 * every level down to {@code sequentialBelow} (2: a join at every level; below it, plain recursion). See
 * {@link ComparedPools} for the pools; fib(30) makes 1,346,268 joins at every level.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar FibBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@org.openjdk.jmh.annotations.Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FibBenchmark extends ComparedPools {
    @Param({"20", "30"})
    public int n;

    @Param({"2", "15"})
    public int sequentialBelow;

    @Setup(Level.Trial)
    public void check() {
        if (fib() != Fib.sequential(n)) {
            throw new IllegalStateException("wrong fib(" + n + ") on " + pool);
        }
    }

    @Benchmark
    public long fib() {
        switch (pool) {
            case "micropool-fork":
                return sequentialBelow == 2 ? Fib.fork(micro.fork(), n) : Fib.forkCutoff(micro.fork(), n);
            case "micropool":
                return Fib.micropool(micro, n, sequentialBelow);
            case "sequential":
                return Fib.sequential(n);
            default:
                return forkJoin.invoke(new Fib(n, sequentialBelow));
        }
    }

    /** {@code fib(n)}: the ForkJoinPool task, and the micropool and sequential forms. */
    static final class Fib extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
        /** The cutoff of {@link #forkCutoff}, the benchmark's {@code sequentialBelow=15}. */
        private static final int CUTOFF = 15;
        private final int n;
        private final int sequentialBelow;

        Fib(int n, int sequentialBelow) {
            this.n = n;
            this.sequentialBelow = sequentialBelow;
        }

        @Override
        protected Long compute() {
            if (n < sequentialBelow) {
                return sequential(n);
            }
            Fib minusTwo = new Fib(n - 2, sequentialBelow);
            minusTwo.fork();
            long minusOne = new Fib(n - 1, sequentialBelow).compute();
            return minusOne + minusTwo.join();
        }

        static long sequential(int n) {
            return n < 2 ? n : sequential(n - 1) + sequential(n - 2);
        }

        /** The natural form: {@code join} of two capturing lambdas writing into a result array. */
        static long micropool(MicroPool pool, int n, int sequentialBelow) {
            if (n < sequentialBelow) {
                return sequential(n);
            }
            long[] halves = new long[2];
            pool.join(() -> halves[0] = micropool(pool, n - 1, sequentialBelow),
                () -> halves[1] = micropool(pool, n - 2, sequentialBelow));
            return halves[0] + halves[1];
        }

        /** The {@code Fork} form, a join at every level: the README's example. */
        static long fork(Fork fork, int n) {
            if (n < 2) {
                return n;
            }
            return fork.joinLong(Fib::fork, n - 1, n - 2, Long::sum);
        }

        /** The {@code Fork} form with plain recursion below {@link #CUTOFF}. */
        static long forkCutoff(Fork fork, int n) {
            if (n < CUTOFF) {
                return sequential(n);
            }
            return fork.joinLong(Fib::forkCutoff, n - 1, n - 2, Long::sum);
        }
    }
}
