package io.micropool.perf.showcase;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The background work of the runs under load: a task of {@value #TASK_NANOS} ns of busy CPU work, the
 * count of tasks that did it, and the switch that ends the load.
 */
final class BackgroundLoad implements Runnable {
    /** Busy time of one background task: two frame periods, long enough to hold a thread through frames. */
    static final long TASK_NANOS = 2_000_000;

    private final AtomicLong completed = new AtomicLong();
    /**
     * Set by {@link #stop()} on the main thread, read by every task before it starts working: tasks
     * still queued when the load ends then finish at once instead of running 2 ms each.
     */
    private volatile boolean stopped;

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        FrameWorkload.busyFor(TASK_NANOS);
        completed.incrementAndGet();
    }

    /** @return how many tasks have done their full work so far */
    long completed() {
        return completed.get();
    }

    /** Makes every task that has not started yet return at once. */
    void stop() {
        stopped = true;
    }
}
