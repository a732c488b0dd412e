package io.micropool.core.worker;

import io.micropool.api.IndexedJob;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;

import java.util.function.IntConsumer;

/**
 * The calls of a virtual thread that is in no call of the pool: its outermost calls.
 *
 * <p>A virtual thread keeps no state in the pool (see {@link Seats}), and it runs on a carrier of a
 * scheduler sized to the machine's cores, which many such threads share: a service that makes one per
 * request has, under load, every core already running a request that helps with its own work. Publishing
 * a call there and waking a worker adds a thread to cores that have none to spare — the worker takes a
 * unit, the caller unmounts to wait for it, and both pay a hand-over for work the caller would have
 * finished alone. So a virtual thread's call of three units or more is <em>deferred</em> ({@link #run}):
 *
 * <ol>
 *   <li>It runs its units itself, from the last index down, as a call run inline would, and publishes
 *       nothing.</li>
 *   <li>After 1, 2, 4, 8 … units it looks: if some thread of the pool asks for work
 *       ({@link WorkRequests}) and the units left, at the pace of those run so far, would take longer
 *       than {@link #SHARE_NANOS} — a few wake-ups' worth — it borrows a seat and publishes the units left
 *       as an ordinary call ({@link ForegroundScheduler#run}), which it then runs, helps and waits for as
 *       any caller does.</li>
 *   <li>Otherwise it finishes alone: one kept call ({@link ThreadCounters#CALLS_KEPT}).</li>
 * </ol>
 * The bar is the same whether the asker spins or is parked: a spinning worker would take a shorter call's
 * units within a cache-line transfer, but its caller may then unmount to wait for them, and a worker that
 * finds work keeps spinning and keeps taking — on cores that may all be running other requests. A call
 * that is short, or made while every worker is busy, thus costs its units, a few clock reads and no shared
 * write but its counts; a long one is shared within a few of its units. A unit runs with no seat until the
 * call is published, so calls nested in it are outermost calls of their own.
 *
 * <p>Two-half calls ({@code join}, {@code invoke(2, …)}) have no later point at which to share their second
 * half, so they borrow a seat at once and take the path of any thread's two-half call ({@link PairPath}).
 * When every seat is lent, a call runs inline, counted as {@link ThreadCounters#INLINE_NO_FREE_SCOPE}.
 *
 * <p>What a virtual thread counts outside a seat goes to the pool's {@link SharedCounters}. Stateless
 * beyond its final fields, so shared by every virtual thread of the pool.
 */
public final class VirtualCallers {
    /**
     * How long the units left of a virtual thread's call must look before it shares them: the time
     * two-half calls wait before they wake a parked worker ({@link PairPath#SHARE_AFTER_PARKED_NANOS}).
     */
    static final long SHARE_NANOS = PairPath.SHARE_AFTER_PARKED_NANOS;

    /** The job of {@code invoke(2, body)} on a borrowed seat: unit {@code i} runs {@code body.accept(i)}. */
    private static final IndexedJob<IntConsumer> RUN_INT_CONSUMER = (body, index) -> body.accept(index);

    private final Participants participants;
    private final ForegroundScheduler foreground;
    private final WorkRequests requests;
    private final SharedCounters counters;

    /**
     * @param participants the pool's participants, whose seats this lends
     * @param foreground   the foreground tier, which runs the calls that are published
     * @param counters     where virtual threads count what they do outside a seat
     */
    public VirtualCallers(Participants participants, ForegroundScheduler foreground, SharedCounters counters) {
        this.participants = participants;
        this.foreground = foreground;
        this.requests = foreground.requests();
        this.counters = counters;
    }

    /**
     * Runs a call of {@code count >= 3} units for the calling virtual thread, which is in no call: defers
     * its publication as the class comment describes. A unit that throws ends the call as a call run
     * inline does: the units after it are skipped and the throwable propagates.
     */
    public void run(int kind, int count, Object body, Object context) {
        long start = System.nanoTime();
        int index = count - 1;
        try {
            for (int look = 1; index >= 0; index--) {
                int ran = count - 1 - index;
                if (ran == look) {
                    look <<= 1;
                    // Two units left at least: one for this thread, one or more to share.
                    if (index >= 1 && worthSharing(start, ran, index + 1)) {
                        break;
                    }
                }
                UnitKind.run(null, kind, body, context, index);
            }
        } catch (Throwable failure) {
            countKept(count, true);
            throw failure;
        }
        if (index < 0) {
            countKept(count, true);
            return;
        }
        countKept(count - 1 - index, false);
        Participant seat = lend();
        if (seat == null) {
            countKept(index + 1, false);
            ForegroundScheduler.runInline(kind, index + 1, body, context);
            return;
        }
        try {
            foreground.run(seat, kind, index + 1, body, context);
        } finally {
            participants.giveBack(seat);
        }
    }

    /**
     * @param ran  units of the call run so far, since {@code start}
     * @param rest units left
     * @return whether some thread asks for work and the rest, at the pace so far, takes {@link #SHARE_NANOS}
     */
    private boolean worthSharing(long start, int ran, int rest) {
        if (!requests.any()) {
            return false;
        }
        double elapsed = System.nanoTime() - start;
        return elapsed * rest >= (double) SHARE_NANOS * ran;
    }

    /** Counts {@code units} of the calling thread's call as submitted and run by it; and the call as kept. */
    private void countKept(int units, boolean wholeCall) {
        counters.add(ThreadCounters.UNITS_SUBMITTED, units);
        counters.add(ThreadCounters.UNITS_RUN_OWN, units);
        if (wholeCall) {
            counters.increment(ThreadCounters.CALLS_KEPT);
        }
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
            ForegroundScheduler.runInline(UnitKind.INDEXED, 2, job, context);
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
