package io.micropool.perf.showcase;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * The game loop: one frame due every {@value FrameWorkload#FRAME_PERIOD_NANOS} ns, each frame's latency
 * measured from the moment it was due.
 *
 * <h2>No coordinated omission</h2>
 * Frame {@code i} is due at {@code t0 + i × period}, whatever happened before. A frame that finishes
 * late makes the next one start late, and the next one's latency counts from its own due time, so the
 * wait is recorded, once per frame that suffered it. Skipping frames, or measuring from the moment a
 * frame actually started, would hide exactly the stalls this showcase is about.
 *
 * <h2>A window of due times</h2>
 * A run measures the frames due within its window. When the pool cannot keep up, the loop keeps going
 * after the window closes, to run the frames that were due within it; it gives up once as much time
 * again has passed, and reports the frames it never ran as {@linkplain Outcome#skipped() skipped}. Those
 * are missing from the histogram, which therefore understates that pool's latency.
 *
 * <h2>Spinning between frames</h2>
 * Between frames the main thread spins until the next one is due; it never parks. On the 2-core VMs
 * this project is measured on, {@code parkNanos} wakes a median 0.11 ms and a 99th percentile 0.6 to
 * 1.3 ms late, with nothing else running: that jitter belongs to the machine, not to the pool under
 * test, and it would swamp every pool's percentiles. The price is one core, taken by the main thread
 * all the time, which the "cores busy" column includes. It is also what the pools see from a game loop
 * that busy-waits for its next frame.
 */
final class FrameLoop {
    /**
     * What a run did besides filling the histogram.
     *
     * @param frames  frames run and recorded
     * @param late    recorded frames that finished after the next frame was due (latency over one period)
     * @param skipped frames due within the window that never ran: the pool had fallen too far behind
     */
    record Outcome(long frames, long late, long skipped) {
    }

    private FrameLoop() {
    }

    /**
     * Runs the frames due within the next {@code windowNanos} and records their latencies.
     *
     * @param pool        the pool under test
     * @param variant     the shape of each frame
     * @param windowNanos how long frames are due for
     * @param latencies   receives each frame's latency in nanoseconds; values above its highest trackable
     *                    value are recorded as that value
     * @return what the run did
     */
    static Outcome run(PoolUnderTest pool, FrameVariant variant, long windowNanos, Histogram latencies) {
        return run(pool, variant, windowNanos, latencies, null);
    }

    /**
     * As {@link #run(PoolUnderTest, FrameVariant, long, Histogram)}, and adds each frame's due time and
     * completion time ({@link System#nanoTime}) to {@code record} unless it is null (which allocates per
     * frame: for a probe's analysis, not for a measured run).
     */
    static Outcome run(PoolUnderTest pool, FrameVariant variant, long windowNanos, Histogram latencies,
                       List<long[]> record) {
        final long period = FrameWorkload.FRAME_PERIOD_NANOS;
        final long highest = latencies.getHighestTrackableValue();
        long due = System.nanoTime() + period;
        final long windowEnd = due + windowNanos;
        final long giveUp = windowEnd + windowNanos;
        long frames = 0;
        long late = 0;
        while (due - windowEnd < 0) {
            spinUntil(due);
            pool.runFrame(variant);
            long done = System.nanoTime();
            long latency = done - due;
            latencies.recordValue(Math.min(latency, highest));
            if (record != null) {
                record.add(new long[] {due, done});
            }
            frames++;
            if (latency > period) {
                late++;
            }
            due += period;
            if (done - giveUp > 0) {
                break;
            }
        }
        long skipped = due - windowEnd < 0 ? (windowEnd - due + period - 1) / period : 0;
        return new Outcome(frames, late, skipped);
    }

    /** Returns at {@code due}, or at once if it has passed; see the class comment for why it spins. */
    private static void spinUntil(long due) {
        while (System.nanoTime() - due < 0) {
            Thread.onSpinWait();
        }
    }
}
