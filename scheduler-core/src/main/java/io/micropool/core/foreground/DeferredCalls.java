package io.micropool.core.foreground;

import io.micropool.core.sleep.WakeLatency;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;

/**
 * Deferred publication: how an outermost call of three units or more runs when publishing it at once
 * would add a thread to cores that may have none to spare — always for a virtual thread
 * ({@link VirtualCallers}), and for every outside thread of a pool built with {@code deferCalls(true)}.
 *
 * <ol>
 *   <li>The caller runs the units itself, from the last index down, as a call run inline would, and
 *       publishes nothing.</li>
 *   <li>After 1, 2, 4, 8 … units it looks: if some thread of the pool asks for work
 *       ({@link WorkRequests}) and the units left, at the pace of those run so far, would take longer
 *       than the <em>share bar</em> ({@link #shareBarNanos}), it publishes the units left as an ordinary
 *       call ({@link ForegroundScheduler#run}) — a virtual thread on a seat it borrows — which it then runs,
 *       helps and waits for as any caller does.</li>
 *   <li>Otherwise it finishes alone: one kept call ({@link ThreadCounters#CALLS_KEPT}).</li>
 * </ol>
 *
 * <h2>The share bar</h2>
 * Sharing {@code r} nanoseconds of units with a parked worker pays off only if what the worker takes over
 * outweighs what the hand-over costs. With {@code W} the machine's wake-up latency ({@link WakeLatency},
 * measured by the woken workers), the worker starts {@code W} after the wake-up and halves what is left
 * then, saving about {@code (r - W) / 2}, while the caller pays for the {@code unpark}, about a third of
 * {@code W} on the machines measured: sharing pays from {@code r} of about {@code 1.7 W}, and the bar for
 * a platform thread is {@value #PLATFORM_WAKE_UPS} × {@code W}. A virtual thread that has to park for the
 * worker's last unit needs a wake-up of its own carrier too ({@code W} again, saved twice over): its bar
 * is {@value #VIRTUAL_WAKE_UPS} × {@code W}. Both are at least {@link #MIN_SHARE_NANOS}. Where wake-ups
 * take 100 µs (an idle 2-core virtual machine) that is 200 and 400 µs; where they take 10 µs, the minimum.
 *
 * <p>The bar is the same whether the asker spins or is parked: a spinning worker would take a shorter
 * call's units within a cache-line transfer, but its caller may then have to wait for them, and a worker
 * that finds work keeps spinning and keeps taking — on cores that may all be running other callers.
 *
 * <p>A call that is short, or made while every worker is busy, thus costs its units, a few clock reads
 * (one at the start and one per look, and only while some thread asks) and no shared write but its
 * counts; a long one is shared within a few of its units. Until the call is published its units run in
 * no call tree, so calls nested in them are outermost calls of their own.
 */
public final class DeferredCalls {
    /** A platform thread's share bar, in wake-up latencies; see the class comment. */
    static final int PLATFORM_WAKE_UPS = 2;
    /** A virtual thread's share bar, in wake-up latencies; see the class comment. */
    static final int VIRTUAL_WAKE_UPS = 4;
    /**
     * The lowest share bar, whatever the wake-up latency: the time two-half calls wait before they wake a
     * parked worker ({@link PairPath#SHARE_AFTER_PARKED_NANOS}).
     */
    static final long MIN_SHARE_NANOS = PairPath.SHARE_AFTER_PARKED_NANOS;

    private final ForegroundScheduler foreground;
    private final WorkRequests requests;
    private final WakeLatency wakeLatency;
    /** Where a virtual thread counts what it does outside a seat. */
    private final SharedCounters shared;

    /**
     * @param foreground  the foreground tier, which runs the calls that are published
     * @param wakeLatency the pool's wake-up latency, which sets the share bar
     * @param shared      where virtual threads count what they do outside a seat
     */
    public DeferredCalls(ForegroundScheduler foreground, WakeLatency wakeLatency, SharedCounters shared) {
        this.foreground = foreground;
        this.requests = foreground.requests();
        this.wakeLatency = wakeLatency;
        this.shared = shared;
    }

    /** @return the share bar now, in nanoseconds, for a platform or a virtual thread: see the class comment */
    long shareBarNanos(boolean virtual) {
        return Math.max(MIN_SHARE_NANOS, (virtual ? VIRTUAL_WAKE_UPS : PLATFORM_WAKE_UPS) * wakeLatency.nanos());
    }

    /**
     * Runs an outermost call of {@code count >= 3} units for the calling thread, deferring its
     * publication as the class comment describes. A unit that throws ends the call as a call run inline
     * does: the units after it are skipped and the throwable propagates.
     *
     * @param self    the calling platform thread's participant, in no call; null for a virtual thread in
     *                no call, which borrows a seat from {@code callers} if it shares
     * @param callers lends seats to virtual threads; used only when {@code self} is null
     */
    public void run(Participant self, VirtualCallers callers, int kind, int count, Object body, Object context) {
        long start = System.nanoTime();
        int index = count - 1;
        try {
            for (int look = 1; index >= 0; index--) {
                int ran = count - 1 - index;
                if (ran == look) {
                    look <<= 1;
                    // Two units left at least: one for this thread, one or more to share.
                    if (index >= 1 && worthSharing(self == null, start, ran, index + 1)) {
                        break;
                    }
                }
                UnitKind.run(null, kind, body, context, index);
            }
        } catch (Throwable failure) {
            countKept(self, count, true);
            throw failure;
        }
        if (index < 0) {
            countKept(self, count, true);
            return;
        }
        countKept(self, count - 1 - index, false);
        if (self != null) {
            foreground.run(self, kind, index + 1, body, context);
            return;
        }
        Participant seat = callers.lend();
        if (seat == null) {
            countKept(null, index + 1, false);
            UnitRunner.runInline(kind, index + 1, body, context);
            return;
        }
        try {
            foreground.run(seat, kind, index + 1, body, context);
        } finally {
            callers.giveBack(seat);
        }
    }

    /**
     * @param ran  units of the call run so far, since {@code start}
     * @param rest units left
     * @return whether some thread asks for work and the rest, at the pace so far, takes the share bar
     */
    private boolean worthSharing(boolean virtual, long start, int ran, int rest) {
        if (!requests.any()) {
            return false;
        }
        double elapsed = System.nanoTime() - start;
        return elapsed * rest >= (double) shareBarNanos(virtual) * ran;
    }

    /**
     * Counts {@code units} of the calling thread's call as submitted and run by it, and the call as kept
     * if {@code wholeCall}: on its own counters, or, for a virtual thread ({@code self} null), the shared ones.
     */
    private void countKept(Participant self, int units, boolean wholeCall) {
        if (self != null) {
            ThreadCounters mine = self.counters;
            mine.add(ThreadCounters.UNITS_SUBMITTED, units);
            mine.add(ThreadCounters.UNITS_RUN_OWN, units);
            if (wholeCall) {
                mine.increment(ThreadCounters.CALLS_KEPT);
            }
        } else {
            shared.add(ThreadCounters.UNITS_SUBMITTED, units);
            shared.add(ThreadCounters.UNITS_RUN_OWN, units);
            if (wholeCall) {
                shared.increment(ThreadCounters.CALLS_KEPT);
            }
        }
    }
}
