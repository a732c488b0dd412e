package io.micropool.core.foreground;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;

import java.util.concurrent.locks.LockSupport;

/**
 * Whom a thread wakes when work appears: nobody while a worker spins (it will see the work), else an
 * owner of the same scope parked while waiting for its own job, else one sleeping worker. At most one
 * thread is woken per signal; the woken thread passes the signal on if it sees more work left.
 */
final class WakeUps {
    private final JobSlotTable slots;
    private final ScopeTable scopes;
    private final Sleepers sleepers;

    WakeUps(JobSlotTable slots, ScopeTable scopes, Sleepers sleepers) {
        this.slots = slots;
        this.scopes = scopes;
        this.sleepers = sleepers;
    }

    /**
     * Called after a job of {@code scope} was advertised and published, or when a thread claimed a unit
     * and saw more left: makes sure some idle thread will look. Nothing to do if a worker spins (it will
     * see the advertise bit). Otherwise wake one owner of the same scope parked while waiting for its own
     * job — it is blocked on this very call tree, and helping costs no worker — or else one sleeping
     * worker. At most one thread is woken per call.
     *
     * <p>The read of the parked mask follows the advertise bit's volatile set: either it sees an owner's
     * parked bit, or that owner's re-check of the advertise mask ({@link OwnerWait#announceParkInScope}),
     * which follows its bit set, sees the job.
     */
    void signalWork(Participant self, int scope) {
        if (sleepers.anySpinning()) {
            return;
        }
        AtomicBitSet parked = scopes.parked(scope);
        for (int slot = parked.nextSetBit(0); slot >= 0; slot = parked.nextSetBit(slot + 1)) {
            // Clearing the bit takes the right to wake this owner: two publishers never both do.
            if (parked.clear(slot)) {
                LockSupport.unpark(slots.ownerRacy(slot));
                self.counters.increment(ThreadCounters.WAKE_UPS_SENT);
                return;
            }
        }
        if (sleepers.wakeOne()) {
            self.counters.increment(ThreadCounters.WAKE_UPS_SENT);
        }
    }

    /**
     * Called by a worker that found work while it counted as a spinner, right after it stopped counting
     * ({@code Sleepers.stopSpinning}): passes on what a publisher may have left to it. A publisher that saw
     * this worker spinning skipped its wake-up, trusting the spinner to find the work — but the worker now
     * runs the one unit or task it took. So if a job other than {@code claimedSlot} is advertised, or
     * {@code tasksQueued}, one sleeping worker is woken; the job just claimed from passes its own wake-up on
     * when the claim is run ({@link ForegroundScheduler#runClaimed}).
     *
     * <p>The worker's half of a Dekker pair with every publisher: the spinner count's {@code getAndAdd} in
     * {@code stopSpinning} comes before this method's volatile reads of the global mask (and of the queue's
     * indices, which the caller read after it), against the publisher's advertise (volatile OR) or offer
     * before its read of the idle counts in {@code Sleepers.wakeOne}. One of the two sees the other: a job
     * advertised while this worker still counted as a spinner gets its wake-up from one of them
     * ({@code SleepWakeStress.StoppingSpinnerVersusPublisher}).
     *
     * @param claimedSlot the slot the worker claimed a unit from, or -1 if it polled a task
     * @param tasksQueued whether background tasks are queued, read after the worker stopped spinning
     */
    void passOn(Participant self, int claimedSlot, boolean tasksQueued) {
        if (tasksQueued || !scopes.global().isEmptyExcept(claimedSlot)) {
            if (sleepers.wakeOne()) {
                self.counters.increment(ThreadCounters.WAKE_UPS_SENT);
            }
        }
    }
}
