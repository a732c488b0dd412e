package io.micropool.perf.showcase;

import io.micropool.api.IndexedJob;
import io.micropool.api.Task;
import io.micropool.core.Builder;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;
import io.micropool.core.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * micropool with one worker: on this project's 2-core reference machine, the worker and the calling
 * thread make the two threads. Frames are {@code invoke(8, workload, UNIT)} with a non-capturing job and
 * {@code join(half, half)} of pre-built halves, background tasks are {@code spawn}ed once and then
 * {@linkplain Task#resubmit() resubmitted}: nothing on either path allocates.
 */
final class MicroPoolUnderTest implements PoolUnderTest {
    /** Non-capturing, so that {@code invoke} allocates nothing; the workload comes in as the context. */
    private static final IndexedJob<FrameWorkload> UNIT = (workload, index) -> workload.unit();

    /** Spans per thread of a traced stretch of frames: plenty for a few frames of 8 units. */
    private static final int TRACE_CAPACITY = 10_000;

    private final FrameWorkload workload = new FrameWorkload();
    private final MicroPool pool;
    private final Runnable firstHalf;
    private final Runnable secondHalf;
    private BackgroundFeeder feeder;

    private final String label;

    /** micropool as users get it: one worker, the builder's defaults. */
    MicroPoolUnderTest() {
        this(MicroPool.builder().workers(1), "micropool");
    }

    /** micropool with spin-ahead ({@code Builder.spinAheadNanos}): one worker, {@code aheadNanos} ahead. */
    static MicroPoolUnderTest spinningAhead(long aheadNanos) {
        return new MicroPoolUnderTest(MicroPool.builder().workers(1).spinAheadNanos(aheadNanos), "micropool-ahead");
    }

    /**
     * @param builder how to build the pool; the thread name prefix is the showcase's
     * @param label   the pool's name in tables and file names: letters, digits and dashes
     */
    MicroPoolUnderTest(Builder builder, String label) {
        this.label = label;
        pool = builder.threadNamePrefix("showcase-" + label + "-").build();
        firstHalf = () -> pool.invoke(FrameWorkload.UNITS_PER_HALF, workload, UNIT);
        secondHalf = () -> pool.invoke(FrameWorkload.UNITS_PER_HALF, workload, UNIT);
    }

    @Override
    public String name() {
        return label + "(" + pool.workerCount() + "+caller)";
    }

    @Override
    public String fileId() {
        return label;
    }

    @Override
    public void runFrame(FrameVariant variant) {
        if (variant == FrameVariant.INVOKE) {
            pool.invoke(FrameWorkload.UNITS, workload, UNIT);
        } else {
            pool.join(firstHalf, secondHalf);
        }
    }

    @Override
    public void startBackground(BackgroundLoad load) {
        // Only workers run background tasks (a thread waiting in join/invoke never does): two per worker.
        feeder = BackgroundFeeder.start(fileId(), new TaskSlots(pool, load, 2 * pool.workerCount()), load);
    }

    @Override
    public void stopBackground() {
        feeder.stop();
        feeder = null;
    }

    @Override
    public boolean startTrace() {
        startTrace(TRACE_CAPACITY);
        return true;
    }

    /** Starts a trace with room for {@code capacity} spans per thread. */
    void startTrace(int capacity) {
        pool.startTrace(capacity);
    }

    @Override
    public Trace stopTrace() {
        return pool.stopTrace();
    }

    @Override
    public List<String> statistics() {
        MicroPoolStats stats = pool.stats();
        List<String> lines = new ArrayList<>();
        stats.threads().forEach(thread -> lines.add(thread.toString()));
        lines.add(stats.total().toString());
        return lines;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Slots holding micropool task handles, each spawned once and then resubmitted when done. */
    private static final class TaskSlots implements BackgroundSlots {
        private final MicroPool pool;
        private final Supplier<Void> work;
        /** Written and read by the feeder thread, read by the main thread only after the feeder stopped. */
        private final Task<?>[] tasks;

        TaskSlots(MicroPool pool, BackgroundLoad load, int size) {
            this.pool = pool;
            this.work = () -> {
                load.run();
                return null;
            };
            this.tasks = new Task<?>[size];
        }

        @Override
        public int size() {
            return tasks.length;
        }

        @Override
        public boolean isIdle(int slot) {
            Task<?> task = tasks[slot];
            return task == null || task.isDone();
        }

        @Override
        public void launch(int slot) {
            if (tasks[slot] == null) {
                tasks[slot] = pool.spawn(work);
            } else {
                // Allowed: the slot is idle, so the previous run is over, and no thread ever joins these tasks.
                tasks[slot].resubmit();
            }
        }
    }
}
