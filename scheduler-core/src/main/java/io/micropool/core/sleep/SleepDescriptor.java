package io.micropool.core.sleep;

import io.micropool.core.memory.OffHeapBuffer;

/**
 * Layout of the sleep state in off-heap memory: the pool's {@link IdleCounts} word; the spin-ahead call
 * stamp; then one region per worker holding that worker's sleep flag and the time its last waker
 * stamped. Each in its own 128-byte region: the idle counts are written by every worker that goes idle
 * or wakes; the call stamp once per spin-ahead window by the worker that opens it and by the first
 * publisher that finds it open; a worker's region only by that worker and by its waker.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   Idle counts (ahead, sleepers, spinners)     |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Padding to 128 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |    Ahead call (nanoTime of the first call in the window)      | 128
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Padding to 256 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |                  Worker 0 sleep flag (AWAKE/SLEEPING)         | 256
 *  +---------------------------------------------------------------+
 *  |                     Unused                                    | 260
 *  +---------------------------------------------------------------+
 *  |                  Worker 0 wake stamp (nanoTime of the waker)  | 264
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Padding to 384 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |                  Worker 1 sleep flag …                        | 384
 * ...
 * </pre>
 */
public final class SleepDescriptor {
    /** Offset of the {@link IdleCounts} word. */
    public static final int IDLE_COUNTS_OFFSET = 0;
    /**
     * Offset of the time ({@link System#nanoTime}) of the first call published while the latest spin-ahead
     * window was open, or {@link #NO_CALL}.
     */
    public static final int AHEAD_CALL_OFFSET = OffHeapBuffer.align(IDLE_COUNTS_OFFSET + Long.BYTES);
    /** Offset of worker 0's flag. */
    public static final int FIRST_FLAG_OFFSET = OffHeapBuffer.align(AHEAD_CALL_OFFSET + Long.BYTES);
    /** Offset of a worker's wake stamp within its region. */
    public static final int WAKE_STAMP_DELTA = Long.BYTES;
    /** Distance between two workers' regions. */
    public static final int FLAG_STRIDE = OffHeapBuffer.align(WAKE_STAMP_DELTA + Long.BYTES);

    /** Value of the ahead call stamp while no call came in the open window. */
    public static final long NO_CALL = Long.MIN_VALUE;

    /** The worker runs or spins; it will look for work without being woken. */
    public static final int AWAKE = 0;
    /** The worker announced that it parks; a waker must CAS the flag to {@link #AWAKE} and unpark it. */
    public static final int SLEEPING = 1;

    private SleepDescriptor() {
    }

    /** @return the offset of worker {@code worker}'s flag */
    public static int flagOffset(int worker) {
        return FIRST_FLAG_OFFSET + worker * FLAG_STRIDE;
    }

    /** @return the offset of worker {@code worker}'s wake stamp */
    public static int wakeStampOffset(int worker) {
        return flagOffset(worker) + WAKE_STAMP_DELTA;
    }

    /** @return the length of the region for {@code workers} workers */
    public static int length(int workers) {
        return flagOffset(workers);
    }
}
