package io.micropool.perf;

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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of one join from an outside thread — the JMH thread, as a game loop's main thread would
 * be — with two halves of {@code workNanos} of busy work each, called back to back or after an idle gap of
 * {@code gapNanos} that lets the pool's threads go idle (spin, then park). Sampled: JMH reports the
 * distribution (p50, p99, …) of single calls, not just a mean. The gap is spent in an invocation-level
 * setup, outside the measured time.
 *
 * <p>Pools, two threads working on the two halves in each:
 * <ul>
 *   <li>{@code micropool}: {@code workers(1)} (the default size on a 2-core machine); the caller runs
 *       one half, {@code join(a, b)} offers the other; {@code micropool-ahead} the same with spin-ahead,
 *       for which the calls' fixed gap is a cadence to learn.</li>
 *   <li>{@code forkjoin}: {@code new ForkJoinPool(2)}; {@code invoke} of a task that runs
 *       {@code invokeAll(a, b)}; the outside caller waits.</li>
 *   <li>{@code common}: the same on {@link ForkJoinPool#commonPool()} (1 worker here; the outside caller
 *       of {@code invoke} may run the task itself).</li>
 *   <li>{@code executor}: {@code Executors.newFixedThreadPool(1)}; {@code CompletableFuture.runAsync(b)},
 *       the caller runs {@code a}, then {@code join()}.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar JoinLatencyBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoinLatencyBenchmark {
    @Param({"micropool", "micropool-ahead", "forkjoin", "common", "executor"})
    public String pool;

    @Param({"0", "10000"})
    public long workNanos;

    @Param({"0", "20000", "100000", "1000000"})
    public long gapNanos;

    private BenchmarkPools pools;
    private Runnable half;

    @Setup(Level.Trial)
    public void setUp() {
        half = new Spin(workNanos);
        pools = BenchmarkPools.open(pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pools.close();
    }

    /** The idle gap before each call, outside the measured time: the caller spins, the pool idles. */
    @Setup(Level.Invocation)
    public void idleGap() {
        Spin.spin(gapNanos);
    }

    @Benchmark
    public void join() {
        switch (pool) {
            case "micropool":
            case "micropool-ahead":
                pools.micro.join(half, half);
                break;
            case "executor":
                CompletableFuture<Void> offered = CompletableFuture.runAsync(half, pools.executor);
                half.run();
                offered.join();
                break;
            default:
                pools.forkJoin.invoke(new ForkJoinPair(half, half));
        }
    }

    /** Busy work for a fixed time: spins on {@link System#nanoTime()}. */
    static final class Spin implements Runnable {
        private final long nanos;

        Spin(long nanos) {
            this.nanos = nanos;
        }

        @Override
        public void run() {
            spin(nanos);
        }

        static void spin(long nanos) {
            if (nanos <= 0) {
                return;
            }
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }
}
