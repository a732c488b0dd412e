package io.micropool.perf;

import io.micropool.api.IndexedJob;
import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * {@link ComparedPools} for the pools.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar FibBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
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
            case "micropool":
                return Fib.micropool(micro, n, sequentialBelow);
            case "micropool-frames":
                return Fib.micropoolFrames(RecursionFrames.current(), micro, n, sequentialBelow);
            case "sequential":
                return Fib.sequential(n);
            default:
                return forkJoin.invoke(new Fib(n, sequentialBelow));
        }
    }

    /** {@code fib(n)}: the ForkJoinPool task, and the micropool and sequential forms. */
    static final class Fib extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
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

        static long micropool(MicroPool pool, int n, int sequentialBelow) {
            if (n < sequentialBelow) {
                return sequential(n);
            }
            long[] halves = new long[2];
            pool.join(() -> halves[0] = micropool(pool, n - 1, sequentialBelow),
                () -> halves[1] = micropool(pool, n - 2, sequentialBelow));
            return halves[0] + halves[1];
        }

        /** The allocation-free form: {@code invoke(2, frame, UNIT)}; unit 1 computes fib(n-1), unit 0 fib(n-2). */
        static long micropoolFrames(RecursionFrames frames, MicroPool pool, int n, int sequentialBelow) {
            if (n < sequentialBelow) {
                return sequential(n);
            }
            RecursionFrames.Frame frame = frames.push(pool);
            try {
                frame.arg = n;
                frame.limit = sequentialBelow;
                pool.invoke(2, frame, UNIT);
                return frame.result0 + frame.result1;
            } finally {
                frames.pop();
            }
        }

        private static final IndexedJob<RecursionFrames.Frame> UNIT = (frame, index) ->
            frame.set(index, micropoolFrames(RecursionFrames.forUnit(frame), frame.pool, frame.arg - 2 + index, frame.limit));
    }

}
