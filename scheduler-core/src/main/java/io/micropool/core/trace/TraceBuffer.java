package io.micropool.core.trace;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's spans in one trace: a preallocated array, written by that thread only, read once by the
 * thread that stops the trace. When it is full, further spans are counted as dropped and not recorded:
 * a trace keeps its beginning.
 *
 * <p>Layout: span {@code i} takes {@value #LONGS_PER_SPAN} longs from {@code i * LONGS_PER_SPAN}: start
 * and end ({@link System#nanoTime}), {@code scope << 32 | slot}, {@code kind << 32 | index}.
 */
public final class TraceBuffer {
    /** Longs per span. */
    public static final int LONGS_PER_SPAN = 4;
    /** Kind of a span: a foreground unit. */
    public static final int FOREGROUND = 0;
    /** Kind of a span: a background task. */
    public static final int BACKGROUND = 1;
    /** Index of a background span: the task was polled from the queue. */
    public static final int TASK_POLLED = 0;
    /** Index of a background span: the task was run by a thread in {@code join} or {@code help}. */
    public static final int TASK_BY_JOINER = 1;
    /** Index of a background span: the task was run by its submitter (queue full, or no worker). */
    public static final int TASK_BY_SUBMITTER = 2;

    private static final VarHandle COUNT =
        FieldHandles.find(MethodHandles.lookup(), TraceBuffer.class, "count", int.class);
    private static final VarHandle DROPPED =
        FieldHandles.find(MethodHandles.lookup(), TraceBuffer.class, "dropped", long.class);

    private final Thread thread;
    private final long[] spans;
    private final int capacity;
    /**
     * Spans recorded. Protocol: the owner writes a span's longs with plain stores, then this count with a
     * release store; the collector ({@link #copy}) loads it with acquire and reads only the spans below
     * it, so it sees every one of them whole. Partner: {@code TraceStress.RecordVersusCollect}.
     */
    @SuppressWarnings("unused")
    private volatile int count;
    /** Spans not recorded because the buffer was full: owner's opaque store, collector's opaque load. */
    @SuppressWarnings("unused")
    private volatile long dropped;

    /**
     * @param thread   the thread that records into it
     * @param capacity the most spans it keeps, at least 1
     */
    public TraceBuffer(Thread thread, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.thread = thread;
        this.capacity = capacity;
        this.spans = new long[Math.multiplyExact(capacity, LONGS_PER_SPAN)];
    }

    /** @return the thread that records into this buffer */
    public Thread thread() {
        return thread;
    }

    /**
     * Records a span; owning thread only. Allocates nothing.
     *
     * @param kind  {@link #FOREGROUND} or {@link #BACKGROUND}
     * @param start when it began, {@link System#nanoTime}
     * @param end   when it ended
     * @param scope the call tree, or -1
     * @param slot  the job slot, or -1 (a unit of a nested pair kept on its thread, a background task)
     * @param index the unit's index, or how a background task came to run
     */
    public void record(int kind, long start, long end, int scope, int slot, int index) {
        int n = (int) COUNT.getOpaque(this);
        if (n == capacity) {
            DROPPED.setOpaque(this, (long) DROPPED.getOpaque(this) + 1);
            return;
        }
        int at = n * LONGS_PER_SPAN;
        spans[at] = start;
        spans[at + 1] = end;
        spans[at + 2] = ((long) scope << 32) | (slot & 0xFFFF_FFFFL);
        spans[at + 3] = ((long) kind << 32) | (index & 0xFFFF_FFFFL);
        COUNT.setRelease(this, n + 1);
    }

    /**
     * @return the spans recorded so far, {@value #LONGS_PER_SPAN} longs each (acquire load of the count,
     *         then plain reads of the spans below it); any thread
     */
    public long[] copy() {
        int n = (int) COUNT.getAcquire(this);
        long[] copy = new long[n * LONGS_PER_SPAN];
        System.arraycopy(spans, 0, copy, 0, copy.length);
        return copy;
    }

    /** @return the spans not recorded because the buffer was full (opaque load) */
    public long dropped() {
        return (long) DROPPED.getOpaque(this);
    }

    /** @return the scope of a span's third long */
    public static int scope(long scopeSlot) {
        return (int) (scopeSlot >> 32);
    }

    /** @return the slot of a span's third long */
    public static int slot(long scopeSlot) {
        return (int) scopeSlot;
    }

    /** @return the kind of a span's fourth long */
    public static int kind(long kindIndex) {
        return (int) (kindIndex >>> 32);
    }

    /** @return the index of a span's fourth long */
    public static int index(long kindIndex) {
        return (int) kindIndex;
    }
}
