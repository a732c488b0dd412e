package io.micropool.perf;

import io.micropool.core.MicroPool;

import java.util.Arrays;

/**
 * Allocation-free recursion on micropool: each thread keeps a stack of reusable {@link Frame}s, one per
 * recursion depth, and a split is {@code pool.invoke(2, frame, job)} with a non-capturing job. Unit 1
 * (the larger half, run by the calling thread) and unit 0 (the half other threads may take) write their
 * results into the frame; the frame is reused only after the {@code invoke} that used it has returned.
 *
 * <p>A unit runs on the frame owner's thread, or on a thread that took it: {@link #forUnit} hands the
 * unit the stack of the thread it runs on. Frames are created the first time a depth is reached, so
 * after a warm-up a recursion allocates nothing.
 */
final class RecursionFrames {
    private static final ThreadLocal<RecursionFrames> CURRENT = ThreadLocal.withInitial(RecursionFrames::new);

    private final Thread thread = Thread.currentThread();
    private Frame[] frames = new Frame[64];
    private int depth;

    /** The state of one split: the pool, its arguments, and the two halves' results. */
    static final class Frame {
        final RecursionFrames stack;
        /** The pool the split runs on. */
        MicroPool pool;
        /** The argument of the split, e.g. {@code n}. */
        int arg;
        /** A second argument, e.g. the size below which the recursion is sequential. */
        int limit;
        /** The argument object of the split, e.g. a tree node. */
        Object node;
        /** Results of unit 0 and unit 1. */
        long result0;
        long result1;

        Frame(RecursionFrames stack) {
            this.stack = stack;
        }

        /** Stores the result of unit {@code index}. */
        void set(int index, long value) {
            if (index == 0) {
                result0 = value;
            } else {
                result1 = value;
            }
        }
    }

    /** @return the calling thread's stack */
    static RecursionFrames current() {
        return CURRENT.get();
    }

    /** @return the stack of the thread running a unit of {@code frame}: the owner's, or the taker's */
    static RecursionFrames forUnit(Frame frame) {
        RecursionFrames owner = frame.stack;
        return owner.thread == Thread.currentThread() ? owner : CURRENT.get();
    }

    /** @return the frame of the next depth for a split on {@code pool}, to be given back by {@link #pop} */
    Frame push(MicroPool pool) {
        int d = depth++;
        if (d == frames.length) {
            frames = Arrays.copyOf(frames, 2 * d);
        }
        Frame frame = frames[d];
        if (frame == null) {
            frame = new Frame(this);
            frames[d] = frame;
        }
        if (frame.pool != pool) {
            frame.pool = pool;
        }
        return frame;
    }

    /**
     * Gives back the frame of the current depth. Its references are left for the next use to overwrite:
     * a frame holds at most one pool and one node until then, and a split stores no more than it needs.
     */
    void pop() {
        depth--;
    }
}
