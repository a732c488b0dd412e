package io.micropool.core.task;

import io.micropool.core.memory.OffHeapBuffer;

import java.util.concurrent.RejectedExecutionException;

/**
 * The admission gate of the background queue: lets submissions in until the pool closes, and lets
 * {@code close()} wait until every submission that got in has reached the queue.
 *
 * <pre>
 *   63 62                                                            0
 *  +--+---------------------------------------------------------------+
 *  |C |              submissions in flight (entered, not left)        |
 *  +--+---------------------------------------------------------------+
 *   C: CLOSED
 * </pre>
 *
 * <p>A submitter {@link #enter}s with one {@code getAndAdd}: if the word it replaced had {@code C} set,
 * it leaves and is rejected; otherwise it offers its task and {@link #leave}s. {@link #close} sets
 * {@code C} with one {@code getAndBitwiseOr} and then waits for the count to reach zero. Both are
 * read-modify-writes of one word, so they are totally ordered: a submission either entered before the
 * close (and its task is in the queue before {@code close} stops waiting) or sees {@code C} and is
 * rejected. A task accepted before close always runs; none is accepted after.
 *
 * <p>The word sits alone in its own 128-byte region of off-heap memory (offset {@link #WORD_OFFSET}).
 */
public final class SubmitGate {
    /** Offset of the gate word. */
    public static final int WORD_OFFSET = 0;
    /** The closed flag. */
    public static final long CLOSED = 1L << 63;
    /** Mask of the in-flight count. */
    public static final long IN_FLIGHT_MASK = CLOSED - 1;

    private final OffHeapBuffer memory = OffHeapBuffer.allocate(OffHeapBuffer.ALIGNMENT);

    /**
     * Lets one submission in.
     *
     * @throws RejectedExecutionException if the gate is closed
     */
    public void enter() {
        long before = memory.getAndAddLong(WORD_OFFSET, 1);
        if ((before & CLOSED) != 0) {
            memory.getAndAddLong(WORD_OFFSET, -1);
            throw new RejectedExecutionException("the pool is closed");
        }
    }

    /** Ends a submission that {@link #enter}ed; its task is in the queue (or ran) by now. */
    public void leave() {
        memory.getAndAddLong(WORD_OFFSET, -1);
    }

    /** Closes the gate and waits until every submission that got in has left. Idempotent. */
    public void close() {
        memory.getAndBitwiseOrLong(WORD_OFFSET, CLOSED);
        while ((memory.getLongVolatile(WORD_OFFSET) & IN_FLIGHT_MASK) != 0) {
            Thread.onSpinWait();
        }
    }

    /** @return whether the gate is closed and no submission is in flight: the queue gets no more tasks */
    public boolean isSealed() {
        return memory.getLongVolatile(WORD_OFFSET) == CLOSED;
    }

    /** @return whether the gate is closed */
    public boolean isClosed() {
        return (memory.getLongVolatile(WORD_OFFSET) & CLOSED) != 0;
    }
}
