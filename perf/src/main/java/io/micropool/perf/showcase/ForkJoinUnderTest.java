package io.micropool.perf.showcase;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ForkJoinPool}: a dedicated {@code new ForkJoinPool(2)} or the common pool, used as
 * ForkJoinPool code is written. A frame is {@code pool.invoke(root)}, where the root action calls
 * {@link ForkJoinTask#invokeAll} on eight leaf actions (or two halves of four); background tasks are
 * {@code submit}ted to the same pool.
 *
 * <p>Why a root action rather than {@code invokeAll} straight from the main thread: {@code fork()} on a
 * thread that is not a worker of some pool sends the task to the <em>common</em> pool, whichever pool
 * was meant. Tasks are created anew for every frame, as in {@code perf/README.md}: resetting used tasks
 * with {@code reinitialize()} is unsafe while a stale copy may still sit in a work queue.
 *
 * <p>The outside thread calling {@code invoke} on a dedicated pool waits while the workers run the
 * frame; on the common pool it may run tasks of the frame itself.
 */
final class ForkJoinUnderTest implements PoolUnderTest {
    private final ForkJoinPool pool;
    private final String name;
    private final String fileId;
    /** Threads that run background tasks: the pool's workers. */
    private final int backgroundThreads;
    private final boolean ownsPool;
    private final FrameWorkload workload = new FrameWorkload();
    private BackgroundFeeder feeder;

    private ForkJoinUnderTest(ForkJoinPool pool, String name, String fileId, boolean ownsPool) {
        this.pool = pool;
        this.name = name;
        this.fileId = fileId;
        this.backgroundThreads = pool.getParallelism();
        this.ownsPool = ownsPool;
    }

    /**
     * @param parallelism the number of workers
     * @return a new pool of its own, shut down by {@link #close()}
     */
    static ForkJoinUnderTest dedicated(int parallelism) {
        return new ForkJoinUnderTest(new ForkJoinPool(parallelism), "forkjoin(" + parallelism + ")",
            "forkjoin" + parallelism, true);
    }

    /** @return the common pool; {@link #close()} leaves it running, as it cannot be shut down */
    static ForkJoinUnderTest common() {
        ForkJoinPool common = ForkJoinPool.commonPool();
        return new ForkJoinUnderTest(common, "commonPool(" + common.getParallelism() + ")", "commonpool", false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String fileId() {
        return fileId;
    }

    @Override
    public void runFrame(FrameVariant variant) {
        if (variant == FrameVariant.INVOKE) {
            pool.invoke(new Units(workload, FrameWorkload.UNITS));
        } else {
            pool.invoke(new Halves(workload));
        }
    }

    @Override
    public void startBackground(BackgroundLoad load) {
        feeder = BackgroundFeeder.start(fileId, new FutureSlots(pool, load, 2 * backgroundThreads), load);
    }

    @Override
    public void stopBackground() {
        feeder.stop();
        feeder = null;
    }

    @Override
    public void close() {
        if (!ownsPool) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not terminate within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code count} units run as one leaf action each, with {@code invokeAll}. */
    private static final class Units extends RecursiveAction {
        private final FrameWorkload workload;
        private final int count;

        Units(FrameWorkload workload, int count) {
            this.workload = workload;
            this.count = count;
        }

        @Override
        protected void compute() {
            Unit[] units = new Unit[count];
            for (int i = 0; i < count; i++) {
                units[i] = new Unit(workload);
            }
            invokeAll(units);
        }
    }

    /** The nested frame: two halves run with {@code invokeAll}, each {@code invokeAll} of its units. */
    private static final class Halves extends RecursiveAction {
        private final FrameWorkload workload;

        Halves(FrameWorkload workload) {
            this.workload = workload;
        }

        @Override
        protected void compute() {
            invokeAll(new Units(workload, FrameWorkload.UNITS_PER_HALF),
                new Units(workload, FrameWorkload.UNITS_PER_HALF));
        }
    }

    /** One unit of busy work. */
    private static final class Unit extends RecursiveAction {
        private final FrameWorkload workload;

        Unit(FrameWorkload workload) {
            this.workload = workload;
        }

        @Override
        protected void compute() {
            workload.unit();
        }
    }
}
