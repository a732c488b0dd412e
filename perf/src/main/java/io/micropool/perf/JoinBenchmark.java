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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * Fork/join of tiny units submitted from an outside thread (the JMH thread), micropool against
 * {@link ForkJoinPool}, with the same number of threads doing the work:
 * <ul>
 *   <li>{@code micropool}: {@code MicroPool.builder().workers(1)}, one worker; the calling thread runs units
 *       too, so two threads work.</li>
 *   <li>{@code forkjoin}: {@code new ForkJoinPool(2)}, two workers; the outside caller of
 *       {@link ForkJoinPool#invoke} only waits, so two threads work.</li>
 * </ul>
 * Every unit burns {@code tokens} with {@link Blackhole#consumeCPU(long)}: 0 measures the bare scheduling
 * cost, 100 adds a small fixed amount of work per unit (see {@code Blackhole.consumeCPU(100)} alone).
 *
 * <p>The micropool calls pass pre-built {@link Runnable}s or a static non-capturing {@link IndexedJob}
 * with this state as its context, so they allocate nothing; {@code -prof gc} shows it
 * ({@code gc.alloc.rate.norm}). The {@link ForkJoinPool} side creates its tasks per call, as
 * {@code ForkJoinPool} code does: reusing tasks with {@code reinitialize()} is unsafe here, because a
 * forked task that its forker ran itself can leave a stale entry in a work queue, and a later steal of
 * that entry after a reset loses the completion (a run with reused tasks hung).
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar JoinBenchmark -prof gc}; forks, iterations and times
 * can be overridden with {@code -f}, {@code -wi}, {@code -w}, {@code -i}, {@code -r}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoinBenchmark {

    /** Number of units of the {@code invoke} benchmarks. */
    static final int UNITS = 64;

    /** Unit of the micropool {@code invoke}: burns the benchmark's tokens, ignores the index. */
    private static final IndexedJob<JoinBenchmark> BURN_UNIT = (state, index) -> Blackhole.consumeCPU(state.tokens);

    @Param({"micropool", "forkjoin"})
    public String pool;

    @Param({"0", "100"})
    public long tokens;

    private BenchmarkPools pools;
    private MicroPool micro;
    private ForkJoinPool forkJoin;
    private Runnable halfA;
    private Runnable halfB;

    @Setup(Level.Trial)
    public void setUp() {
        if (!pool.equals("micropool") && !pool.equals("forkjoin")) {
            throw new IllegalArgumentException("unknown pool: " + pool);
        }
        pools = BenchmarkPools.open(pool);
        micro = pools.micro;
        forkJoin = pools.forkJoin;
        halfA = new Burn(tokens);
        halfB = new Burn(tokens);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pools.close();
    }

    /**
     * Two halves of {@code tokens} each. micropool: {@code join(halfA, halfB)}, the caller runs
     * {@code halfA} and {@code halfB} is offered to the worker. ForkJoinPool: {@code invoke} of a
     * {@link ForkJoinPair} of the two halves.
     */
    @Benchmark
    public void join() {
        if (micro != null) {
            micro.join(halfA, halfB);
        } else {
            forkJoin.invoke(new ForkJoinPair(halfA, halfB));
        }
    }

    /**
     * {@value #UNITS} units of {@code tokens} each. micropool: {@code invoke(64, this, BURN_UNIT)}.
     * ForkJoinPool: {@code invoke} of a {@link RecursiveAction} that runs {@code invokeAll} of
     * {@value #UNITS} single-unit actions (see {@link Flat}).
     */
    @Benchmark
    public void invoke64() {
        if (micro != null) {
            micro.invoke(UNITS, this, BURN_UNIT);
        } else {
            forkJoin.invoke(new Flat(halfA));
        }
    }

    /** A pre-built half for micropool: burns {@code tokens}. */
    static final class Burn implements Runnable {
        private final long tokens;

        Burn(long tokens) {
            this.tokens = tokens;
        }

        @Override
        public void run() {
            Blackhole.consumeCPU(tokens);
        }
    }

    /**
     * The ForkJoinPool {@code invoke(64)}: {@code invokeAll} of {@value #UNITS} single-unit actions.
     * {@code invokeAll(ForkJoinTask...)} forks every task but the first onto the running worker's deque,
     * runs the first, then joins the rest in order, running those still in its deque itself; the other
     * worker steals units one by one from the far end. Chosen over recursive halving of {@code [0, 64)},
     * which builds 127 tasks per call (63 of them only to split) and was slower in a trial run.
     */
    static final class Flat extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Runnable unit;

        Flat(Runnable unit) {
            this.unit = unit;
        }

        @Override
        protected void compute() {
            ForkJoinPair.Half[] units = new ForkJoinPair.Half[UNITS];
            for (int i = 0; i < UNITS; i++) {
                units[i] = new ForkJoinPair.Half(unit);
            }
            invokeAll(units);
        }
    }
}
