package io.micropool.core.foreground;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.Spin;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;

import java.util.concurrent.locks.LockSupport;

/**
 * The owner's wait once its own job has no unclaimed unit: help jobs of its own scope, spin, then park
 * until the finisher of the last unit unparks it (see {@code CompletionWord}), or a publisher in its scope
 * does. It never runs a unit of another call tree. While it waits with nothing to help it raises a work
 * request, so that busy threads of its tree offer their latent halves ({@link WorkRequests}).
 */
final class OwnerWait {
    private final JobSlotTable slots;
    private final ScopeTable scopes;
    private final WorkRequests requests;
    /** Claims from the scope's jobs and runs them: the help. */
    private final ForegroundScheduler foreground;

    OwnerWait(JobSlotTable slots, ScopeTable scopes, WorkRequests requests, ForegroundScheduler foreground) {
        this.slots = slots;
        this.scopes = scopes;
        this.requests = requests;
        this.foreground = foreground;
    }

    /**
     * Waits until every unit of the job in {@code slot} (of {@code scope}) is complete, helping with the
     * scope's jobs meanwhile. Interrupts do not cut the wait short, as with {@code ForkJoinTask.join}; the
     * interrupt status is restored on return.
     */
    void awaitCompletion(Participant self, int slot, int scope) {
        AtomicBitSet scopeMask = scopes.advertised(scope);
        AtomicBitSet parked = scopes.parked(scope);
        Spin spin = self.spin();
        boolean interrupted = false;
        boolean waiting = false;
        search:
        while (slots.incomplete(slot) != 0) {
            long claim = foreground.claimInScope(scope);
            if (claim != Claim.NONE) {
                if (waiting) {
                    requests.lower();
                    waiting = false;
                }
                foreground.runClaimed(self, claim, ThreadCounters.UNITS_RUN_HELPING);
                continue;
            }
            if (!waiting) {
                // The request: busy threads offer their oldest latent frame (WorkRequests).
                requests.raise();
                waiting = true;
            }
            spin.begin();
            while (true) {
                if (slots.incomplete(slot) == 0) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.spunNanos());
                    break search;
                }
                if (!scopeMask.isEmpty()) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.spunNanos());
                    continue search;
                }
                if (!spin.idle()) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.spunNanos());
                    break;
                }
            }
            if (!announceParkInScope(scope, slot)) {
                continue;
            }
            if (!slots.announceOwnerParked(slot)) {
                parked.clear(slot);
                break;
            }
            // Woken by the finisher of the last unit, or by a publisher in the scope that cleared the bit.
            ParkEvent parkEvent = ParkEvent.begin(false);
            long parkedAt = System.nanoTime();
            // Still asking while parked, as a parked asker (WorkRequests).
            requests.parking();
            while (slots.incomplete(slot) != 0 && parked.get(slot)) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            requests.awake();
            self.countPark(parkedAt, !parked.clear(slot), parkEvent);
        }
        if (waiting) {
            requests.lower();
        }
        if (interrupted) {
            self.thread.interrupt();
        }
    }

    /**
     * The owner's half of the Dekker pair with {@link WakeUps#signalWork}, before it parks waiting for its
     * job in {@code slot}: sets the slot's bit in the scope's parked-owners mask (volatile OR), then
     * re-checks the scope's advertise mask (volatile reads), and clears the bit again if a job is
     * advertised there. {@code signalWork} sets an advertise bit and then reads the parked mask: either it
     * sees this bit (and takes the right to wake the owner by clearing it) or this re-check sees the job.
     * The owner's wait calls it; so does {@code CompletionParkStress} as the owner.
     *
     * @return true if the owner may park (its bit stays set for a publisher to clear); false if a job of
     *         the scope is advertised, which the owner should help with instead (its bit cleared)
     */
    boolean announceParkInScope(int scope, int slot) {
        AtomicBitSet parked = scopes.parked(scope);
        parked.set(slot);
        if (!scopes.advertised(scope).isEmpty()) {
            parked.clear(slot);
            return false;
        }
        return true;
    }
}
