package io.micropool.perf;

import io.micropool.api.Split;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two of {@link StreamBenchmark}'s pipelines with stages on 10<sup>6</sup> longs — the largest absolute
 * value, and the first element equal to the one at three quarters — split two ways, to tell the
 * per-element code from the scheduling around it:
 * <ul>
 *   <li>{@code split=one}: one chunk ({@code Split.by(1)}), which the caller runs alone: the chain of
 *       sinks per element and nothing else;</li>
 *   <li>{@code split=threads}: two chunks, the caller's and the worker's, as {@code StreamBenchmark}
 *       runs them. A call takes about a millisecond, so whether the worker is still spinning when the
 *       next call comes, or has parked and must be woken, shapes the figure; a fork may settle in either
 *       way (see docs/PERFORMANCE.md), hence four forks.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar SinkChainBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(4)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class SinkChainBenchmark {
    @Param({"threads", "one"})
    public String split;

    private long[] a;
    /** The element at three quarters of {@code a}, which {@link #findFirst} looks for. */
    private long needle;
    private MicroPool pool;
    private Split chunks;

    @Setup(Level.Trial)
    public void setUp() {
        a = new SplittableRandom(42).longs(1_000_000, -1_000_000, 1_000_000).toArray();
        needle = a[a.length * 3 / 4];
        pool = MicroPool.builder().workers(1).threadNamePrefix("micropool-bench-").build();
        chunks = split.equals("one") ? Split.by(1) : Split.byThreads();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public long mapMax() {
        return pool.of(a).split(chunks).map(Math::abs).max().getAsLong();
    }

    @Benchmark
    public long findFirst() {
        long wanted = needle;
        return pool.of(a).split(chunks).filter(x -> x == wanted).findFirst().getAsLong();
    }
}
