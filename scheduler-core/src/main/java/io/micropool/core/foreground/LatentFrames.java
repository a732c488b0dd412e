package io.micropool.core.foreground;

import java.util.Arrays;

/**
 * The thread-confined stack of the second halves of two-half calls ({@code join}, {@code invoke(2, …)},
 * the joins of a {@code Fork}) that no other thread has been offered yet: the <em>latent</em> frames of
 * the foreground tier.
 *
 * <p>A two-half call that records its second half pushes a frame (the half's unit kind, body, context
 * and argument), runs its first half, then pops the frame. While the frame is on the stack the thread may
 * <em>offer</em> it — publish it as a one-unit job in a slot of its scope — when another thread asks for
 * work. It always offers the <em>oldest</em> frame not offered yet, the largest piece of work it holds,
 * so the offered frames are always the bottom {@link #offered()} frames.
 *
 * <p>Most two-half calls record nothing: once the running unit has {@link #KEPT_LATENT} latent frames
 * (pushed, not offered), a call runs both halves in place without a push. The frames kept are then those
 * nearest the root of the unit's recursion — the ones worth offering — and a push happens only when one
 * of them is popped or offered. {@link #latent} is what every such call reads.
 *
 * <p>Every field is plain: only the owning thread reads or writes them. A frame's slot, once offered, is
 * shared through the slot table's own protocol ({@code JobSlotTable}), not through this object.
 *
 * <p>{@link #base()} marks where the frames of the unit the thread runs now begin: a unit claimed from
 * another thread's job starts a new base, so that its first frame is recognised and offered at once.
 *
 * <p>A pop writes no reference: a popped frame's references stay in the array until a later push
 * overwrites them or the unit that pushed them ends ({@link #endUnit} clears every stale frame above the
 * stack), so a job's lambdas are not kept reachable after the unit that ran them. The arrays grow when a
 * push finds them full (frames pile up only as deep as offered frames are outstanding, plus
 * {@link #KEPT_LATENT} per unit).
 */
final class LatentFrames {
    /** Slot value of a frame that has not been offered. */
    static final int NOT_OFFERED = -1;
    /**
     * Latent frames a unit keeps before its two-half calls stop pushing: enough that an offer finds one of
     * the largest halves of the recursion while the next one is pushed, few enough that pushes are rare
     * (a balanced recursion of depth d pushes about d²/2 times). Measured on 2 cores against 1 and 3
     * ({@code docs/PERFORMANCE.md}): 1 starves uneven splits (fib), 3 pushes three times as often on
     * small trees; chili keeps 3.
     */
    static final int KEPT_LATENT = 2;

    /** Unit kind of each frame ({@link UnitKind}). */
    private int[] kinds;
    /**
     * Body and context of frame {@code i} at {@code 2i} and {@code 2i + 1}, in one array so that a push
     * does one bounds check. Non-null bodies or contexts are a prefix of the array: frames below
     * {@link #top} and stale frames above it, up to the first frame with neither.
     */
    private Object[] refs;
    /** Argument of each frame (see {@code UnitKind}). */
    private long[] arguments;
    /** Slot each offered frame was published in; meaningful below {@link #offered} only. */
    private int[] slots;
    /** Number of frames on the stack. */
    private int top;
    /** Number of frames, from the bottom, that were offered: frames {@code [0, offered)}. */
    private int offered;
    /** Stack height when the unit now running on this thread began. */
    private int base;
    /**
     * Frames of the running unit neither popped nor offered: {@code top - max(base, offered)}, kept up
     * to date by every method that moves one of the three. Read by the fast path of every two-half call.
     */
    int latent;
    /**
     * Two-half calls to run on the fast path, while some thread asks for work, before the next
     * {@link #look}; decremented by the fast path only while a request is up, set by each look.
     */
    int quiet;
    /** {@link #firstAskedNanos} before the running unit's first look. */
    private static final long NOT_ASKED = Long.MIN_VALUE;
    /** Upper bound of {@link #quietSpan}: at most this many calls between two looks. */
    private static final int MAX_QUIET = 1024;
    /** The spacing of looks that {@link #quietSpan} aims at. */
    private static final long LOOK_NANOS = 1000;
    /** When the running unit first looked, {@link System#nanoTime}; {@link #NOT_ASKED} before. */
    private long firstAskedNanos = NOT_ASKED;
    /** When the last look was, {@link System#nanoTime}. */
    private long lookedNanos;
    /**
     * Calls between two looks: doubled while looks come less than {@link #LOOK_NANOS} apart, halved when
     * they come further apart, 0 (look at every call) at the start of each unit — so that a recursion
     * whose calls are nanoseconds apart reads the clock about once a microsecond, and one whose calls
     * are milliseconds apart reads it at every call.
     */
    private int quietSpan;

    /**
     * A look at the clock, made when {@link #quiet} ran out while some thread asks for work: sets the
     * next countdown ({@link #quietSpan}).
     *
     * @return how long the running unit has been looking: since its first look (0 at the first look)
     */
    long look() {
        long now = System.nanoTime();
        if (firstAskedNanos == NOT_ASKED) {
            firstAskedNanos = now;
        }
        if (now - lookedNanos < LOOK_NANOS) {
            quietSpan = Math.min(MAX_QUIET, 2 * quietSpan + 1);
        } else {
            quietSpan >>= 1;
        }
        lookedNanos = now;
        quiet = quietSpan;
        return now - firstAskedNanos;
    }

    /** @param capacity the number of frames the arrays hold before they first grow */
    LatentFrames(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.kinds = new int[capacity];
        this.refs = new Object[2 * capacity];
        this.arguments = new long[capacity];
        this.slots = new int[capacity];
    }

    /** @return the number of frames on the stack */
    int size() {
        return top;
    }

    /** @return the number of frames offered, the bottom ones */
    int offered() {
        return offered;
    }

    /** @return whether the top frame is the first frame of the unit now running */
    boolean topIsFirstOfUnit() {
        return top == base + 1;
    }

    /** @return the stack height at which the running unit's frames begin */
    int base() {
        return base;
    }

    /**
     * Starts a unit claimed from a job: its frames begin at the current height.
     *
     * @return the previous base, to give back to {@link #endUnit}
     */
    int beginUnit() {
        int saved = base;
        base = top;
        latent = 0;
        firstAskedNanos = NOT_ASKED;
        quiet = 0;
        quietSpan = 0;
        return saved;
    }

    /**
     * Ends a unit begun by {@link #beginUnit} (or the outermost call, {@code savedBase} 0), whose frames
     * are all popped: drops the references of the stale frames above the stack.
     */
    void endUnit(int savedBase) {
        base = savedBase;
        recount();
        firstAskedNanos = NOT_ASKED;
        quiet = 0;
        quietSpan = 0;
        for (int i = 2 * top; i < refs.length && (refs[i] != null || refs[i + 1] != null); i += 2) {
            refs[i] = null;
            refs[i + 1] = null;
        }
    }

    /**
     * Pushes a frame whose half is {@code kind}, {@code body}, {@code context}, {@code argument}.
     *
     * @return the frame's index
     */
    int push(int kind, Object body, Object context, long argument) {
        int i = top;
        if (i == kinds.length) {
            grow();
        }
        kinds[i] = kind;
        refs[2 * i] = body;
        refs[2 * i + 1] = context;
        arguments[i] = argument;
        top = i + 1;
        latent++;
        return i;
    }

    private void grow() {
        int capacity = 2 * kinds.length;
        kinds = Arrays.copyOf(kinds, capacity);
        refs = Arrays.copyOf(refs, 2 * capacity);
        arguments = Arrays.copyOf(arguments, capacity);
        slots = Arrays.copyOf(slots, capacity);
    }

    /**
     * Pops the top frame; its references stay until overwritten or {@link #endUnit}.
     *
     * @return the slot the frame was offered in, or {@link #NOT_OFFERED}
     */
    int pop() {
        int i = --top;
        if (i < offered) {
            offered = i;
            recount();
            return slots[i];
        }
        latent--;
        return NOT_OFFERED;
    }

    /** @return whether some frame has not been offered yet */
    boolean hasUnoffered() {
        return offered < top;
    }

    /** @return the index of the oldest frame not offered yet; {@link #hasUnoffered()} is true */
    int oldestUnoffered() {
        return offered;
    }

    /** @return the slot of the newest offered frame; {@link #offered()} is positive */
    int newestOfferedSlot() {
        return slots[offered - 1];
    }

    /** Records that the oldest frame not offered yet is now published in {@code slot}. */
    void markOffered(int slot) {
        slots[offered++] = slot;
        recount();
    }

    private void recount() {
        latent = top - Math.max(base, offered);
    }

    /** @return the unit kind of frame {@code frame}, counted from the bottom */
    int kind(int frame) {
        return kinds[frame];
    }

    /** @return the body of frame {@code frame} */
    Object body(int frame) {
        return refs[2 * frame];
    }

    /** @return the context of frame {@code frame} */
    Object context(int frame) {
        return refs[2 * frame + 1];
    }

    /** @return the argument of frame {@code frame} */
    long argument(int frame) {
        return arguments[frame];
    }
}
