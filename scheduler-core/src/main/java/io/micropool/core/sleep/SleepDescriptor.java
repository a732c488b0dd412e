package io.micropool.core.sleep;

import io.micropool.core.memory.OffHeapBuffer;

/**
 * Layout of the sleep state in off-heap memory: the pool's {@link IdleCounts} word, then one region per
 * worker holding that worker's sleep flag. Each in its own 128-byte region: the idle counts are written
 * by every worker that goes idle or wakes, a worker's flag only by that worker and by its waker.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   Idle counts (sleepers, spinners)            |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Padding to 128 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |                  Worker 0 sleep flag (AWAKE/SLEEPING)         | 128
 *  +---------------------------------------------------------------+
 *  |                     Padding to 256 bytes                     ...
 *  +---------------------------------------------------------------+
 *  |                  Worker 1 sleep flag …                        | 256
 * ...
 * </pre>
 */
public final class SleepDescriptor {
    /** Offset of the {@link IdleCounts} word. */
    public static final int IDLE_COUNTS_OFFSET = 0;
    /** Offset of worker 0's flag. */
    public static final int FIRST_FLAG_OFFSET = OffHeapBuffer.align(IDLE_COUNTS_OFFSET + Long.BYTES);
    /** Distance between two workers' flags. */
    public static final int FLAG_STRIDE = OffHeapBuffer.align(Integer.BYTES);

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

    /** @return the length of the region for {@code workers} workers */
    public static int length(int workers) {
        return flagOffset(workers);
    }
}
