package io.micropool.perf.showcase;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain {@link ThreadPoolExecutor} with a fixed number of threads and one unbounded FIFO queue, the
 * pool most code reaches for first. A frame submits its units and waits for every {@link Future}; the
 * main thread only waits. Background tasks go into the same queue, in the same order as everything
 * else: the executor has no notion of priority.
 */
final class ThreadPoolUnderTest implements PoolUnderTest {
    private final int threads;
    private final ThreadPoolExecutor executor;
    private final FrameWorkload workload = new FrameWorkload();
    private final Runnable unit = workload::unit;
    private final Runnable half = this::runHalf;
    private BackgroundFeeder feeder;

    /** @param threads the fixed number of pool threads */
    ThreadPoolUnderTest(int threads) {
        this.threads = threads;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), daemonThreads());
    }

    @Override
    public String name() {
        return "threadpool(" + threads + ")";
    }

    @Override
    public String fileId() {
        return "threadpool" + threads;
    }

    @Override
    public void runFrame(FrameVariant variant) {
        if (variant == FrameVariant.INVOKE) {
            Future<?>[] units = new Future<?>[FrameWorkload.UNITS];
            for (int i = 0; i < units.length; i++) {
                units[i] = executor.submit(unit);
            }
            awaitAll(units);
        } else {
            awaitAll(new Future<?>[] {executor.submit(half), executor.submit(half)});
        }
    }

    /**
     * One half of the nested frame, on a pool thread. A pool thread that submitted its units and only
     * waited could deadlock the pool: with both threads inside a half, nobody would be left to run the
     * units. So the half runs every unit nobody has started itself ({@link FutureTask#run()} does nothing
     * for a task another thread has started or finished) and then waits for the others, the usual way
     * out with this kind of pool.
     */
    private void runHalf() {
        FutureTask<?>[] units = new FutureTask<?>[FrameWorkload.UNITS_PER_HALF];
        for (int i = 0; i < units.length; i++) {
            units[i] = new FutureTask<>(unit, null);
            executor.execute(units[i]);
        }
        for (FutureTask<?> task : units) {
            task.run();
        }
        awaitAll(units);
    }

    @Override
    public void startBackground(BackgroundLoad load) {
        feeder = BackgroundFeeder.start(fileId(), new FutureSlots(executor, load, 2 * threads), load);
    }

    @Override
    public void stopBackground() {
        feeder.stop();
        feeder = null;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name() + " did not terminate within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitAll(Future<?>[] futures) {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a frame unit failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a frame", e);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger index = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "showcase-threadpool-" + index.getAndIncrement());
            // Daemon like the other pools' threads; close() still shuts the executor down properly.
            thread.setDaemon(true);
            return thread;
        };
    }
}
