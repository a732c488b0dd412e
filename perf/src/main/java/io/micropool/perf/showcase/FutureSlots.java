package io.micropool.perf.showcase;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Background slots on an {@link ExecutorService} ({@code ForkJoinPool}, {@code ThreadPoolExecutor}):
 * each launch submits the task anew and keeps the {@link Future}, as code using these pools does. The
 * submission allocates (a task wrapper per call), which shows in the bytes-per-frame column.
 */
final class FutureSlots implements BackgroundSlots {
    private final ExecutorService executor;
    private final Runnable task;
    /** Written and read by the feeder thread, and read by the main thread only after the feeder stopped. */
    private final Future<?>[] inFlight;

    /**
     * @param executor the pool under test
     * @param task     the background task
     * @param size     how many tasks to keep in flight
     */
    FutureSlots(ExecutorService executor, Runnable task, int size) {
        this.executor = executor;
        this.task = task;
        this.inFlight = new Future<?>[size];
    }

    @Override
    public int size() {
        return inFlight.length;
    }

    @Override
    public boolean isIdle(int slot) {
        Future<?> future = inFlight[slot];
        return future == null || future.isDone();
    }

    @Override
    public void launch(int slot) {
        inFlight[slot] = executor.submit(task);
    }
}
