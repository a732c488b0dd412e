package io.micropool.perf;

import io.micropool.api.Task;
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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Round trip of one tiny background task from an outside thread (the JMH thread): submit, then wait for
 * the result. Side by side:
 * <ul>
 *   <li>{@code micropool_spawnJoin}: {@code spawn(work).join()}, one handle per call;</li>
 *   <li>{@code micropool_resubmitJoin}: one handle spawned at setup, {@code resubmit()} + {@code join()}
 *       every call — the allocation-free path;</li>
 *   <li>{@code micropool_spawnAwaitWorker}: {@code spawn(work)}, then the caller spins until
 *       {@code isDone()} before {@code join()}: the worker always runs the task, so this is the hand-off
 *       round trip, with no help from the caller;</li>
 *   <li>{@code forkJoin_submitJoin}: {@code ForkJoinPool(2).submit(callable).join()};</li>
 *   <li>{@code commonPool_submitJoin}: the same on {@link ForkJoinPool#commonPool()} (1 worker here);</li>
 *   <li>{@code completableFuture_supplyAsyncJoin}: {@code CompletableFuture.supplyAsync(work, pool).join()}
 *       on that {@code ForkJoinPool(2)};</li>
 *   <li>{@code executor_submitGet}: {@code Executors.newFixedThreadPool(2).submit(callable).get()}.</li>
 * </ul>
 * micropool runs with one worker: its {@code join} runs a task no worker has started yet on the caller,
 * which is part of what {@code micropool_spawnJoin} measures. The other pools get two workers because
 * their outside caller only waits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TaskBenchmark {
    private static final Supplier<Integer> WORK = () -> 1;

    private MicroPool micro;
    private Task<Integer> reusable;
    private ForkJoinPool forkJoin;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
        micro = MicroPool.builder().workers(1).threadNamePrefix("bench-task-worker-").build();
        reusable = micro.spawn(WORK);
        reusable.join();
        forkJoin = new ForkJoinPool(2);
        executor = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        micro.close();
        forkJoin.shutdown();
        executor.shutdown();
    }

    @Benchmark
    public Integer micropool_spawnJoin() {
        return micro.spawn(WORK).join();
    }

    @Benchmark
    public Integer micropool_resubmitJoin() {
        reusable.resubmit();
        return reusable.join();
    }

    @Benchmark
    public Integer micropool_spawnAwaitWorker() {
        Task<Integer> task = micro.spawn(WORK);
        while (!task.isDone()) {
            Thread.onSpinWait();
        }
        return task.join();
    }

    @Benchmark
    public Integer forkJoin_submitJoin() {
        return forkJoin.submit(WORK::get).join();
    }

    @Benchmark
    public Integer commonPool_submitJoin() {
        return ForkJoinPool.commonPool().submit(WORK::get).join();
    }

    @Benchmark
    public Integer executor_submitGet() throws ExecutionException, InterruptedException {
        return executor.submit(WORK::get).get();
    }

    @Benchmark
    public Integer completableFuture_supplyAsyncJoin() {
        return CompletableFuture.supplyAsync(WORK, (ExecutorService) forkJoin).join();
    }
}
