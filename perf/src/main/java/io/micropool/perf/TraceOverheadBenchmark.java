package io.micropool.perf;

import io.micropool.api.IndexedJob;
import io.micropool.core.MicroPool;
import io.micropool.core.Trace;
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

import java.util.concurrent.TimeUnit;

/**
 * What recording a trace costs a {@code join} of two empty halves and an {@code invoke} of 64 empty units
 * from an outside thread, on {@code workers(1)}: {@code trace=off} (statistics only, the default) against
 * {@code trace=on} ({@code startTrace} before each iteration, {@code stopTrace} after it, outside the
 * measured time). Iterations last 200 ms and the buffers hold {@value #CAPACITY} spans per thread, so they
 * do not fill up within an iteration at these rates (a note is printed if they do); each iteration's setup
 * makes a few calls after {@code startTrace}, so that both threads allocate their buffers before the
 * measurement.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar TraceOverheadBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class TraceOverheadBenchmark {
    /** Spans per thread: 32 bytes each, 128 MB per thread. */
    static final int CAPACITY = 4_000_000;
    private static final IndexedJob<Object> EMPTY_UNIT = (context, index) -> { };
    private static final Runnable EMPTY = () -> { };

    @Param({"off", "on"})
    public String trace;

    private MicroPool pool;
    private Trace last;

    @Setup(Level.Trial)
    public void setUp() {
        if (!trace.equals("off") && !trace.equals("on")) {
            throw new IllegalArgumentException("trace is off or on: " + trace);
        }
        pool = MicroPool.builder().workers(1).build();
    }

    @Setup(Level.Iteration)
    public void startTrace() {
        if (trace.equals("on")) {
            pool.startTrace(CAPACITY);
            for (int i = 0; i < 1000; i++) {
                invoke64();
            }
        }
    }

    @TearDown(Level.Iteration)
    public void stopTrace() {
        if (trace.equals("on")) {
            last = pool.stopTrace();
            if (last.dropped() > 0) {
                System.out.println("note: " + last.dropped() + " spans dropped (buffers full)");
            }
            last = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void join() {
        pool.join(EMPTY, EMPTY);
    }

    @Benchmark
    public void invoke64() {
        pool.invoke(64, null, EMPTY_UNIT);
    }
}
