package io.micropool.core.stats;

import io.micropool.core.Counter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link Counter}s of one thread in one pool: written only by that thread, read by any thread that
 * takes a snapshot.
 *
 * <p>Protocol of {@link #values}: the owning thread is the only writer. It adds with a plain read of its
 * own last write and an opaque store, so a count costs a load, an add and a store on a line no other
 * thread writes, and never a read-modify-write. A reader ({@link #snapshot}) loads each element opaque:
 * it sees every value whole (no torn {@code long}) and each counter never going back, but the counters of
 * one snapshot are not read at one instant. Nothing else is published through them.
 *
 * <p>The array is padded with 128 bytes on both sides, so that the counters of two threads, or a counter
 * and some other object's hot field, never share a cache line.
 */
public final class ThreadCounters {
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);
    /** Padding elements before (and after) the counters: 128 bytes. */
    static final int PAD = 16;
    /** Length of a padded counter array: the padding on both sides and the counters. */
    static final int LENGTH = PAD + Counter.COUNT + PAD;

    /** Index of each counter in the array: static finals, so that each count is one constant offset. */
    public static final int UNITS_RUN_OWN = index(Counter.UNITS_RUN_OWN);
    public static final int UNITS_RUN_HELPING = index(Counter.UNITS_RUN_HELPING);
    public static final int UNITS_RUN_BY_IDLE_WORKER = index(Counter.UNITS_RUN_BY_IDLE_WORKER);
    public static final int UNITS_SUBMITTED = index(Counter.UNITS_SUBMITTED);
    public static final int JOBS_PUBLISHED = index(Counter.JOBS_PUBLISHED);
    public static final int PAIRS_KEPT = index(Counter.PAIRS_KEPT);
    public static final int PAIRS_OFFERED = index(Counter.PAIRS_OFFERED);
    public static final int CALLS_KEPT = index(Counter.CALLS_KEPT);
    public static final int INLINE_NO_FREE_SLOT = index(Counter.INLINE_NO_FREE_SLOT);
    public static final int INLINE_NO_FREE_SCOPE = index(Counter.INLINE_NO_FREE_SCOPE);
    public static final int PARKS = index(Counter.PARKS);
    public static final int WAKE_UPS_SENT = index(Counter.WAKE_UPS_SENT);
    public static final int WAKE_UPS_RECEIVED = index(Counter.WAKE_UPS_RECEIVED);
    public static final int SPIN_NANOS = index(Counter.SPIN_NANOS);
    public static final int PARK_NANOS = index(Counter.PARK_NANOS);
    public static final int TASKS_SUBMITTED = index(Counter.TASKS_SUBMITTED);
    public static final int TASKS_RUN_POLLED = index(Counter.TASKS_RUN_POLLED);
    public static final int TASKS_RUN_BY_JOINER = index(Counter.TASKS_RUN_BY_JOINER);
    public static final int TASKS_RUN_BY_SUBMITTER = index(Counter.TASKS_RUN_BY_SUBMITTER);
    public static final int TASKS_CANCELLED = index(Counter.TASKS_CANCELLED);
    public static final int TASKS_FAILED_UNJOINED = index(Counter.TASKS_FAILED_UNJOINED);

    private final Thread thread;
    private final boolean worker;
    private final long startNanos = System.nanoTime();
    /** Counter {@code c} at {@code PAD + c.ordinal()}; see the class comment for the protocol. */
    private final long[] values = new long[LENGTH];

    /**
     * @param thread the thread these counters belong to; null for a seat's, which the virtual threads
     *               that borrow it write one after another
     * @param worker whether it is one of the pool's workers
     */
    public ThreadCounters(Thread thread, boolean worker) {
        this.thread = thread;
        this.worker = worker;
    }

    /** @return the index of {@code counter} in a padded counter array */
    static int index(Counter counter) {
        return PAD + counter.ordinal();
    }

    /** Adds {@code delta} to the counter at {@code index} (one of the constants); owning thread only. */
    public void add(int index, long delta) {
        VALUES.setOpaque(values, index, values[index] + delta);
    }

    /** Adds one to the counter at {@code index}; owning thread only. */
    public void increment(int index) {
        add(index, 1);
    }

    /** @return the thread these counters belong to */
    public Thread thread() {
        return thread;
    }

    /** @return whether the thread is one of the pool's workers */
    public boolean isWorker() {
        return worker;
    }

    /** @return when these counters were created, {@link System#nanoTime} */
    public long startNanos() {
        return startNanos;
    }

    /**
     * Adds every counter, read opaque, to {@code sums} (indexed by {@link Counter#ordinal}); any thread.
     */
    public void addTo(long[] sums) {
        for (int c = 0; c < Counter.COUNT; c++) {
            sums[c] = Sums.add(sums[c], (long) VALUES.getOpaque(values, PAD + c));
        }
    }

    /** @return the counters, read opaque now, indexed by {@link Counter#ordinal}; any thread */
    public long[] snapshot() {
        long[] copy = new long[Counter.COUNT];
        addTo(copy);
        return copy;
    }
}
