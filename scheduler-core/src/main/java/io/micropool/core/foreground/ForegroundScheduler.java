package io.micropool.core.foreground;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.jfr.FallbackEvent;
import io.micropool.core.jfr.JobEvent;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.Tracer;


/**
 * The foreground tier: how a call publishes its job, how the caller runs its own units and then helps
 * only its own scope, and how any thread runs a unit it claimed.
 *
 * <h2>A call, step by step</h2>
 * <ol>
 *   <li>An outermost call acquires a scope; a nested call (or a unit run by a worker, which adopted the
 *       scope of its job) uses the thread's current scope.</li>
 *   <li>It reserves a job slot, writes the descriptor, sets the slot's bit in the scope's and the global
 *       advertise masks, and publishes {@code count - 1} claimable units: the caller keeps the last index
 *       for itself.</li>
 *   <li>It wakes one idle thread if no worker is spinning ({@link WakeUps#signalWork}), then runs its own
 *       unit, then claims and runs units of its own job until none is left.</li>
 *   <li>While units still run elsewhere it helps with jobs of its scope only, spins, then parks until
 *       the thread that finishes the last unit unparks it, or a job published in its scope does.</li>
 * </ol>
 * If no scope or no slot is free, the call runs all its units inline instead: no failure, no allocation.
 *
 * <h2>Two-half calls</h2>
 * A {@code join(a, b)}, {@code invoke(2, …)} or {@code Fork} join goes through {@link PairPath}, which
 * keeps the second half latent on the thread's {@link LatentFrames} and offers it as a one-unit job
 * ({@link #publish}) only when wanted; this class then runs and waits for that job like any other.
 */
public final class ForegroundScheduler {
    private final JobSlotTable slots;
    private final ScopeTable scopes;
    /** The pool's work-request signal: raised by idle workers and by owners with nothing to help. */
    private final WorkRequests requests = new WorkRequests();
    private final WakeUps wakeUps;
    private final UnitRunner units;
    private final OwnerWait ownerWait;

    public ForegroundScheduler(JobSlotTable slots, ScopeTable scopes, Sleepers sleepers, Tracer tracer) {
        this.slots = slots;
        this.scopes = scopes;
        this.wakeUps = new WakeUps(slots, scopes, sleepers);
        this.units = new UnitRunner(slots, tracer);
        this.ownerWait = new OwnerWait(slots, scopes, requests, this);
    }

    /** @return the work-request signal, which workers raise while they find no work */
    public WorkRequests requests() {
        return requests;
    }

    /** @return the slot table */
    public JobSlotTable slots() {
        return slots;
    }

    /** @return the scope table */
    public ScopeTable scopes() {
        return scopes;
    }

    /**
     * Runs a job of {@code count >= 2} units ({@link UnitKind#INDEXED} or {@link UnitKind#INT_CONSUMER})
     * for the calling thread {@code self}, publishing it for other threads to help with, and returns when
     * every unit is done. Two-unit calls go through {@link PairPath} instead, except the last two units of
     * a virtual thread's deferred call ({@link VirtualCallers}).
     */
    public void run(Participant self, int kind, int count, Object body, Object context) {
        ThreadCounters counters = self.counters;
        counters.add(ThreadCounters.UNITS_SUBMITTED, count);
        int scope = self.scope;
        boolean outermost = scope == Participant.NO_SCOPE;
        if (outermost) {
            scope = scopes.acquire(self.workerIndex);
            if (scope < 0) {
                counters.increment(ThreadCounters.INLINE_NO_FREE_SCOPE);
                counters.add(ThreadCounters.UNITS_RUN_OWN, count);
                FallbackEvent.record(FallbackEvent.NO_FREE_SCOPE, count);
                UnitRunner.runInline(kind, count, body, context);
                return;
            }
            self.scope = scope;
        }
        try {
            int slot = slots.reserve(self.workerIndex);
            if (slot < 0) {
                counters.increment(ThreadCounters.INLINE_NO_FREE_SLOT);
                counters.add(ThreadCounters.UNITS_RUN_OWN, count);
                FallbackEvent.record(FallbackEvent.NO_FREE_SLOT, count);
                UnitRunner.runInline(kind, count, body, context);
                return;
            }
            runPublished(self, slot, scope, kind, count, body, context);
        } finally {
            if (outermost) {
                self.pending.endUnit(0);
                self.scope = Participant.NO_SCOPE;
                // Every job of the tree completed before this call got here: the scope is empty.
                scopes.release(scope);
            }
        }
    }

    private void runPublished(Participant self, int slot, int scope, int kind, int count, Object body, Object context) {
        JobEvent event = JobEvent.beginIfEnabled();
        publish(self, slot, scope, kind, count, body, context, 0);
        units.run(self, slot, kind, body, context, 0, count - 1);
        int ran = 1 + claimAndRun(self, slot, scope, kind, body, context);
        self.counters.add(ThreadCounters.UNITS_RUN_OWN, ran);
        if (!slots.complete(slot, ran)) {
            awaitCompletion(self, slot, scope);
        }
        JobEvent.commit(event, scope, slot, count, self.workerIndex >= 0);
        Throwable failure = slots.release(slot);
        if (failure != null) {
            throw Rethrow.<RuntimeException>unchecked(failure);
        }
    }

    /**
     * Publishes a job of {@code count} units in {@code slot}, which {@code self} reserved, in
     * {@code scope}: prepares the descriptor, advertises the slot in the scope's and the global masks,
     * makes {@code count - 1} units claimable (a published call keeps its last unit for the caller; a
     * one-unit job, an offered latent frame, makes its one unit claimable), and makes sure some idle
     * thread will look ({@link WakeUps#signalWork}).
     *
     * <p>Advertising comes before the release store that makes units claimable, so that a bit can never
     * be set after the last claimer withdrew it.
     *
     * <p>The one way a job is published — by {@link #run}, by {@link PairPath} for an offered half — and
     * what the stress tests of publication and wake-up call as the publisher ({@code AdvertiseStress},
     * {@code SleepWakeStress}, {@code PairPathStress}).
     */
    public void publish(Participant self, int slot, int scope, int kind, int count, Object body, Object context,
                 long argument) {
        slots.prepare(slot, kind, count, body, context, argument, self.thread);
        scopes.advertise(scope, slot);
        slots.publish(slot, scope, count == 1 ? 1 : count - 1);
        self.counters.increment(ThreadCounters.JOBS_PUBLISHED);
        wakeUps.signalWork(self, scope);
    }

    /**
     * Claims and runs units of the job in {@code slot} until none is left. The caller holds at least one
     * incomplete unit of that job, so the slot cannot change hands meanwhile.
     *
     * @return the number of units claimed (run or skipped)
     */
    private int claimAndRun(Participant self, int slot, int scope, int kind, Object body, Object context) {
        int ran = 0;
        long word;
        while ((word = slots.tryClaim(slot, scope)) != ClaimWord.NONE) {
            int index = ClaimWord.claimedIndex(word);
            if (index == 0) {
                scopes.withdraw(scope, slot);
            }
            units.run(self, slot, kind, body, context, 0, index);
            ran++;
        }
        return ran;
    }

    /**
     * Runs a unit claimed from another thread's job ({@code claim}, from {@link #claimAny} or the owner's
     * search of its scope), adopting the job's scope so that jobs the unit creates belong to the same
     * tree, then keeps claiming units of the same job while there are any. The units are counted in
     * {@code self}'s counter at {@code counter}: {@link ThreadCounters#UNITS_RUN_HELPING} or
     * {@link ThreadCounters#UNITS_RUN_BY_IDLE_WORKER}.
     */
    public void runClaimed(Participant self, long claim, int counter) {
        int slot = Claim.slot(claim);
        int scope = Claim.scope(claim);
        int index = Claim.index(claim);
        afterClaim(self, claim);
        int kind = slots.kind(slot);
        Object body = slots.body(slot);
        Object context = slots.context(slot);
        int saved = self.scope;
        self.scope = scope;
        int ran = 1;
        try {
            units.run(self, slot, kind, body, context, slots.argument(slot), index);
            ran += claimAndRun(self, slot, scope, kind, body, context);
        } finally {
            self.scope = saved;
            self.counters.add(counter, ran);
            slots.complete(slot, ran);
        }
    }

    /**
     * What must follow a claim of another thread's unit, before the unit runs: the claimer of a job's last
     * unit (index 0) withdraws the job from the advertise masks — before running it, so that the bit is
     * never set after the job completed and its slot was reused — and a claimer that saw more units left
     * passes the wake-up on ({@link WakeUps#signalWork}), off the publisher's path. {@link #runClaimed}
     * calls it; so do the searchers of {@code AdvertiseStress}, which claim without running.
     */
    public void afterClaim(Participant self, long claim) {
        int slot = Claim.slot(claim);
        int scope = Claim.scope(claim);
        if (Claim.index(claim) == 0) {
            scopes.withdraw(scope, slot);
        } else {
            wakeUps.signalWork(self, scope);
        }
    }

    /**
     * Claims one unit of any advertised job, for a worker looking for work.
     *
     * @return the claim, for {@link #runClaimed}; {@link Claim#NONE} if none was claimed
     */
    public long claimAny() {
        return claimFrom(scopes.global(), -1);
    }

    /** @return whether any job is advertised right now, in any scope (volatile reads) */
    public boolean anyAdvertised() {
        return !scopes.global().isEmpty();
    }

    /**
     * Claims one unit of a job advertised in {@code scope}, of that scope only: the search of an owner
     * waiting for its job ({@link OwnerWait}), and of the searchers of {@code AdvertiseStress}.
     *
     * @return the claim, for {@link #afterClaim} and {@link #runClaimed}; {@link Claim#NONE} if none
     */
    public long claimInScope(int scope) {
        return claimFrom(scopes.advertised(scope), scope);
    }

    /**
     * Claims one unit of a job advertised in {@code mask}, of scope {@code requiredScope} (-1: any).
     *
     * @return the claim, or {@link Claim#NONE}
     */
    private long claimFrom(AtomicBitSet mask, int requiredScope) {
        for (int slot = mask.nextSetBit(0); slot >= 0; slot = mask.nextSetBit(slot + 1)) {
            long word = slots.tryClaim(slot, requiredScope);
            if (word != ClaimWord.NONE) {
                return Claim.of(slot, word);
            }
        }
        return Claim.NONE;
    }

    /**
     * The owner's wait for its job in {@code slot} of {@code scope} ({@link OwnerWait#awaitCompletion}):
     * for {@link PairPath}, whose offered halves are one-unit jobs.
     */
    void awaitCompletion(Participant self, int slot, int scope) {
        ownerWait.awaitCompletion(self, slot, scope);
    }

    /**
     * The owner's announce-park-and-re-check ({@link OwnerWait#announceParkInScope}), for
     * {@code CompletionParkStress}, which drives it as the owner.
     *
     * @return true if the owner may park; false if a job of the scope is advertised (its bit cleared)
     */
    public boolean announceParkInScope(int scope, int slot) {
        return ownerWait.announceParkInScope(scope, slot);
    }

    /**
     * A worker that found work while it counted as a spinner passes on what a publisher may have left to
     * it ({@link WakeUps#passOn}).
     *
     * @param claim       what the worker claimed, or {@link Claim#NONE} if it polled a task
     * @param tasksQueued whether background tasks are queued, read after the worker stopped spinning
     */
    public void passOn(Participant self, long claim, boolean tasksQueued) {
        wakeUps.passOn(self, claim == Claim.NONE ? -1 : Claim.slot(claim), tasksQueued);
    }
}
