package io.micropool.perf.showcase;

/**
 * The work of one frame: {@value #UNITS} units of {@value #UNIT_NANOS} ns of busy CPU work each. An
 * instance is the context object handed to every unit, so that micropool's
 * {@code invoke(count, context, job)} can run a non-capturing job and allocate nothing.
 */
final class FrameWorkload {
    /** Units per frame. */
    static final int UNITS = 8;
    /** Units per half in the {@linkplain FrameVariant#NESTED nested} variant. */
    static final int UNITS_PER_HALF = UNITS / 2;
    /** Busy time of one unit. */
    static final long UNIT_NANOS = 25_000;
    /** One frame is due every period: a 1000 Hz game loop. */
    static final long FRAME_PERIOD_NANOS = 1_000_000;

    /** Runs one unit on the calling thread. */
    void unit() {
        busyFor(UNIT_NANOS);
    }

    /**
     * Keeps the calling thread busy for {@code nanos} of wall-clock time. It spins on
     * {@link System#nanoTime()} rather than sleeping, so the thread occupies a core as real work would,
     * and without {@link Thread#onSpinWait()}: this is the work, not a wait for it.
     *
     * <p>A thread preempted in the middle still stops at the same deadline, so under CPU contention a
     * unit does less than {@code nanos} of computing; every pool gets the same treatment.
     */
    static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            // spin: the loop itself is the busy work
        }
    }
}
