package io.micropool.core.worker;

/**
 * The thread-confined stack of two-unit calls ({@code join(a, b)}, {@code invoke(2, …)}) whose second
 * unit has not been offered to other threads yet: the lazy half of the foreground tier.
 *
 * <p>A nested two-unit call pushes a frame holding unit 0 (the half other threads could take), runs unit
 * 1 itself, then pops the frame. While the frame is on the stack, the thread may <em>offer</em> it — publish
 * it as a one-unit job in a slot of its scope — when another thread asks for work. It always offers the
 * <em>oldest</em> frame not offered yet, the largest piece of work left, so the offered frames are always
 * the bottom {@link #offered()} frames of the stack.
 *
 * <p>Every field is plain: only the owning thread reads or writes them. A frame's slot, once offered, is
 * shared through the slot table's own protocol ({@code JobSlotTable}), not through this object.
 *
 * <p>{@link #base()} marks where the frames of the unit the thread is running now begin: a unit claimed
 * from another thread's job starts a new base, so its first frame is recognised and offered at once.
 *
 * <p>A push writes three array elements and a pop none: a popped frame's references stay in the array
 * until a later push overwrites them or the unit that pushed them ends ({@link #endUnit} clears every
 * stale frame above the stack), so a job's lambdas are not kept reachable after the unit that ran them.
 * Slots are read only for frames below {@link #offered()}; other frames' slot elements are stale.
 */
final class PendingFrames {
    /** Slot value of a frame that has not been offered. */
    static final int NOT_OFFERED = -1;

    /** Unit kind of each frame. */
    private final int[] kinds;
    /**
     * Body and context of frame {@code i} at {@code 2i} and {@code 2i + 1}, in one array so a push does
     * one bounds check. Non-null bodies are a prefix of the array: frames below {@link #top} and stale
     * frames above it, up to the first null body.
     */
    private final Object[] refs;
    /** Slot each offered frame was published in; meaningful below {@link #offered} only. */
    private final int[] slots;
    /** Number of frames on the stack. */
    private int top;
    /** Number of frames, from the bottom, that were offered: frames {@code [0, offered)}. */
    private int offered;
    /** Stack height when the unit now running on this thread began. */
    private int base;

    /** @param capacity the largest number of frames; a call that finds the stack full publishes eagerly */
    PendingFrames(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.kinds = new int[capacity];
        this.refs = new Object[2 * capacity];
        this.slots = new int[capacity];
    }

    /** @return whether no further frame fits */
    boolean isFull() {
        return top == kinds.length;
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
     * Starts a unit claimed from another job: its frames begin at the current height.
     *
     * @return the previous base, to give back to {@link #endUnit}
     */
    int beginUnit() {
        int saved = base;
        base = top;
        return saved;
    }

    /**
     * Ends a unit begun by {@link #beginUnit} (or the outermost unit, {@code savedBase} 0), whose frames
     * are all popped: drops the references of the stale frames above the stack.
     */
    void endUnit(int savedBase) {
        base = savedBase;
        for (int i = 2 * top; i < refs.length && refs[i] != null; i += 2) {
            refs[i] = null;
            refs[i + 1] = null;
        }
    }

    /**
     * Pushes a frame whose unit 0 is {@code kind}, {@code body} (never null), {@code context}; the stack
     * is not full.
     */
    void push(int kind, Object body, Object context) {
        int i = top++;
        kinds[i] = kind;
        refs[2 * i] = body;
        refs[2 * i + 1] = context;
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
            return slots[i];
        }
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
}
