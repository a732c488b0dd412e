package io.micropool.core.foreground;

import io.micropool.api.IndexedJob;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;

import java.util.function.IntConsumer;

/**
 * The outermost calls of a virtual thread: the calls it makes while it is in no call of the pool.
 *
 * <p>A virtual thread keeps no state in the pool (see {@link Seats}), and it runs on a carrier of a
 * scheduler sized to the machine's cores, which many such threads share: a service that makes one per
 * request has, under load, every core already running a request that helps with its own work. Publishing
 * a call there and waking a worker adds a thread to cores that have none to spare — the worker takes a
 * unit, the caller unmounts to wait for it, and both pay a hand-over for work the caller would have
 * finished alone. So a virtual thread's call of three units or more is <em>deferred</em>
 * ({@link DeferredCalls}): it runs on the caller, and is published on a borrowed seat only once some thread
 * asks for work and the units left look worth the hand-over.
 *
 * <p>Two-half calls ({@code join}, {@code invoke(2, …)}) have no later point at which to share their second
 * half, so they borrow a seat at once and take the path of any thread's two-half call ({@link PairPath}).
 * When every seat is lent, a call runs inline, counted as {@link ThreadCounters#INLINE_NO_FREE_SCOPE} in
 * the pool's {@link SharedCounters}, where a virtual thread counts everything it does outside a seat.
 * Stateless beyond its final fields, so shared by every virtual thread of the pool.
 */
public final class VirtualCallers {
    /** The job of {@code invoke(2, body)} on a borrowed seat: unit {@code i} runs {@code body.accept(i)}. */
    private static final IndexedJob<IntConsumer> RUN_INT_CONSUMER = (body, index) -> body.accept(index);

    private final Participants participants;
    private final DeferredCalls deferred;
    private final SharedCounters counters;

    /**
     * @param participants the pool's participants, whose seats this lends
     * @param deferred     runs the calls of three units or more
     * @param counters     where virtual threads count what they do outside a seat
     */
    public VirtualCallers(Participants participants, DeferredCalls deferred, SharedCounters counters) {
        this.participants = participants;
        this.deferred = deferred;
        this.counters = counters;
    }

    /**
     * Runs a call of {@code count >= 3} units for the calling virtual thread, which is in no call: deferred
     * ({@link DeferredCalls}).
     */
    public void run(int kind, int count, Object body, Object context) {
        deferred.run(null, this, kind, count, body, context);
    }

    /** {@code join(a, b)} for the calling virtual thread, which is in no call: on a borrowed seat. */
    public void joinRunnables(Runnable a, Runnable b) {
        Participant seat = lend();
        if (seat == null) {
            a.run();
            b.run();
            return;
        }
        try {
            seat.joinRunnables(a, b);
        } finally {
            participants.giveBack(seat);
        }
    }

    /** {@code invoke(2, body)} for the calling virtual thread, which is in no call: on a borrowed seat. */
    public void invokePair(IntConsumer body) {
        invokePair(body, RUN_INT_CONSUMER);
    }

    /** {@code invoke(2, context, job)} for the calling virtual thread, which is in no call: on a borrowed seat. */
    public <C> void invokePair(C context, IndexedJob<C> job) {
        Participant seat = lend();
        if (seat == null) {
            UnitRunner.runInline(UnitKind.INDEXED, 2, job, context);
            return;
        }
        try {
            seat.invokePair(context, job);
        } finally {
            participants.giveBack(seat);
        }
    }

    /**
     * Lends a seat to the calling virtual thread for one outermost call, which gives it back with
     * {@link Participants#giveBack}; counts the call as run inline if every seat is lent.
     *
     * @return the seat, or null
     */
    Participant lend() {
        Participant seat = participants.lend();
        if (seat == null) {
            counters.increment(ThreadCounters.INLINE_NO_FREE_SCOPE);
        }
        return seat;
    }

    /** Gives back a seat {@link #lend} lent to the calling thread. */
    void giveBack(Participant seat) {
        participants.giveBack(seat);
    }
}
