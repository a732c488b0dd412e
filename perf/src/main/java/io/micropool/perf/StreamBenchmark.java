package io.micropool.perf;

import io.micropool.api.ParLongStream;
import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Data parallelism: the sum of {@code size} longs, and the element-wise sum of two arrays into a third,
 * with a plain loop, the JDK's parallel streams (on {@link ForkJoinPool#commonPool()}) and micropool's
 * parallel streams, all in one run.
 *
 * <p>Threads: micropool has 1 worker plus the calling thread; the common pool of this 2-core machine has
 * {@code availableProcessors() - 1 = 1} worker plus the calling thread, which takes part in a parallel
 * stream too. Both split {@code byThreads}-style: micropool into 2 chunks, the JDK by its own heuristics.
 *
 * <ul>
 *   <li>{@code *Loop}: one thread, the baseline.</li>
 *   <li>{@code *JdkParallel}: {@code Arrays.stream(a).parallel().sum()};
 *       {@code Arrays.parallelSetAll(out, i -> a[i] + b[i])}.</li>
 *   <li>{@code *Micropool}: {@code pool.of(a).sum()} built per call;
 *       {@code pool.zip(a, b, Long::sum).toArray(out)}.</li>
 *   <li>{@code sumMicropoolReused}: the same stream object run every call — the allocation-free form.</li>
 *   <li>{@code addMicropoolRange}: {@code pool.range(0, n).forEach(i -> out[i] = a[i] + b[i])}, the
 *       index-aware form of the add.</li>
 *   <li>{@code filterMapSum*}, {@code mapMax*}, {@code findFirst*}: pipelines with stages, which run a
 *       chain of sinks per chunk instead of a loop straight on the array: keep the even values, triple
 *       them and sum; the largest absolute value; the first element equal to the one at three quarters
 *       of the array.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar StreamBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamBenchmark {
    @Param({"10000", "1000000"})
    public int size;

    private long[] a;
    private long[] b;
    private long[] out;
    private MicroPool pool;
    private ParLongStream reused;
    /** The element at three quarters of {@code a}, which {@code findFirst*} looks for. */
    private long needle;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        a = random.longs(size, -1_000_000, 1_000_000).toArray();
        b = random.longs(size, -1_000_000, 1_000_000).toArray();
        out = new long[size];
        pool = MicroPool.builder().workers(1).threadNamePrefix("micropool-bench-").build();
        reused = pool.of(a);
        needle = a[size * 3 / 4];
        long expected = Arrays.stream(a).sum();
        if (pool.of(a).sum() != expected || reused.sum() != expected || Arrays.stream(a).parallel().sum() != expected) {
            throw new IllegalStateException("the sums disagree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public long sumLoop() {
        long[] values = a;
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    @Benchmark
    public long sumJdkParallel() {
        return Arrays.stream(a).parallel().sum();
    }

    @Benchmark
    public long sumMicropool() {
        return pool.of(a).sum();
    }

    @Benchmark
    public long sumMicropoolReused() {
        return reused.sum();
    }

    @Benchmark
    public long[] addLoop() {
        long[] left = a;
        long[] right = b;
        long[] result = out;
        for (int i = 0; i < result.length; i++) {
            result[i] = left[i] + right[i];
        }
        return result;
    }

    @Benchmark
    public long[] addJdkParallel() {
        long[] left = a;
        long[] right = b;
        Arrays.parallelSetAll(out, i -> left[i] + right[i]);
        return out;
    }

    @Benchmark
    public long[] addJdkParallelRange() {
        long[] left = a;
        long[] right = b;
        long[] result = out;
        IntStream.range(0, result.length).parallel().forEach(i -> result[i] = left[i] + right[i]);
        return result;
    }

    @Benchmark
    public long[] addMicropool() {
        pool.zip(a, b, Long::sum).toArray(out);
        return out;
    }

    @Benchmark
    public long[] addMicropoolRange() {
        long[] left = a;
        long[] right = b;
        long[] result = out;
        pool.range(0, result.length).forEach(i -> result[i] = left[i] + right[i]);
        return result;
    }

    @Benchmark
    public long filterMapSumJdkParallel() {
        return Arrays.stream(a).parallel().filter(x -> (x & 1) == 0).map(x -> x * 3).sum();
    }

    @Benchmark
    public long filterMapSumMicropool() {
        return pool.of(a).filter(x -> (x & 1) == 0).map(x -> x * 3).sum();
    }

    @Benchmark
    public long mapMaxJdkParallel() {
        return Arrays.stream(a).parallel().map(Math::abs).max().getAsLong();
    }

    @Benchmark
    public long mapMaxMicropool() {
        return pool.of(a).map(Math::abs).max().getAsLong();
    }

    @Benchmark
    public long findFirstJdkParallel() {
        long wanted = needle;
        return Arrays.stream(a).parallel().filter(x -> x == wanted).findFirst().getAsLong();
    }

    @Benchmark
    public long findFirstMicropool() {
        long wanted = needle;
        return pool.of(a).filter(x -> x == wanted).findFirst().getAsLong();
    }
}
