package io.micropool.core.foreground;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * Finds the calling thread's {@link Participant} in one pool: every {@code join}/{@code invoke} does it,
 * so it must cost a few loads, not a {@link ThreadLocal} lookup (which, deep in a recursion where the JIT
 * stops inlining, showed up as a third of the cost of a nested {@code join}).
 *
 * <p>A small table indexed by the thread's id holds the participants of the threads seen first at each
 * index; a thread whose entry is not its own (a collision) falls back to the {@code ThreadLocal}, which
 * always holds every participant. Entries are written once per thread — when its participant is created
 * or bound — and read by that thread on every call, so the table's lines stay shared and clean.
 *
 * <p>Protocol of {@link #cache}: an entry is written with a release store by the thread it belongs to,
 * only when the entry is empty or belongs to a thread that has terminated; it is read with an acquire load
 * by any thread, which uses it only if the entry's {@code thread} is itself. A {@code Participant}'s
 * fields other than {@code scope}, its spin and its pending stack are final, and those three are
 * used only by the participant's own thread, so a thread never touches another thread's entry beyond
 * reading its {@code thread}. At most {@value #CACHE_SIZE} participants of terminated threads stay
 * reachable through the table, until a new thread takes their entry.
 *
 * <p>Virtual threads are not kept here: they come and go by the million, one per request, so each borrows
 * a participant from the pool's {@link Seats} for its outermost call instead, and {@link #current} finds
 * it through them; a virtual thread outside any call has none ({@link #current} returns null).
 */
public final class Participants {
    /** Number of cache entries, a power of two: pools have a handful of workers and callers. */
    static final int CACHE_SIZE = 64;

    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Participant[].class);
    /** {@code Thread.isVirtual()} on JDK 21 and later; false for every thread before. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    /**
     * Entry {@code id & (CACHE_SIZE - 1)}: the participant of the first live thread with that index.
     * Written with a release store by that thread only ({@link #remember}); read with an acquire load by
     * any caller ({@link #current}), which pairs with it and uses the entry only if it is its own.
     */
    private final Participant[] cache = new Participant[CACHE_SIZE];
    /** Every participant of this pool, by thread: the fallback on a cache collision. */
    private final ThreadLocal<Participant> all;
    /** The participants lent to virtual threads. */
    private final Seats seats;

    /**
     * @param create makes the participant of a platform thread that calls into the pool for the first time
     * @param seats  the participants lent to virtual threads
     */
    public Participants(Function<Thread, Participant> create, Seats seats) {
        this.all = ThreadLocal.withInitial(() -> remember(create.apply(Thread.currentThread())));
        this.seats = seats;
    }

    /**
     * @return the calling thread's participant: a platform thread's own, created on its first call; for a
     *         virtual thread, the seat it borrowed for the call it is in, or null outside any call
     */
    public Participant current() {
        Thread thread = Thread.currentThread();
        Participant cached = (Participant) ENTRIES.getAcquire(cache, index(thread));
        if (cached != null && cached.thread == thread) {
            return cached;
        }
        return isVirtual(thread) ? seats.held(thread) : all.get();
    }

    /**
     * Lends a seat to the calling thread, a virtual thread that {@link #current} found without one, for
     * one outermost call; the caller gives it back with {@link #giveBack} when the call ends.
     *
     * @return the seat, or null if every seat is lent (the call then runs inline)
     */
    public Participant lend() {
        return seats.lend(Thread.currentThread());
    }

    /** Gives back a seat {@link #lend} lent to the calling thread. */
    public void giveBack(Participant seat) {
        seats.giveBack(seat);
    }

    /** @return whether {@code thread} is a virtual thread */
    static boolean isVirtual(Thread thread) {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static MethodHandle isVirtualHandle() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            return lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
        }
    }

    /** Binds {@code self}, created by a worker for its own thread (the calling thread). */
    public void bind(Participant self) {
        all.set(remember(self));
    }

    private Participant remember(Participant self) {
        int index = index(self.thread);
        Participant old = (Participant) ENTRIES.getAcquire(cache, index);
        if (old == null || !old.thread.isAlive()) {
            ENTRIES.setRelease(cache, index, self);
        }
        return self;
    }

    @SuppressWarnings("deprecation")
    private static int index(Thread thread) {
        // Thread.getId() (threadId() from JDK 19) is a final field: unique per thread, stable.
        return (int) thread.getId() & (CACHE_SIZE - 1);
    }
}
