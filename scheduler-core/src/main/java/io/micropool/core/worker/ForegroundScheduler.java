package io.micropool.core.worker;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.jfr.FallbackEvent;
import io.micropool.core.jfr.JobEvent;
import io.micropool.core.jfr.LongUnitEvent;
import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.Tracer;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

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
 *   <li>It wakes one idle thread if no worker is spinning ({@link #signalWork}), then runs its own
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
    private final Sleepers sleepers;
    private final SpinPolicy spin;
    /** The pool's work-request signal: raised by idle workers and by owners with nothing to help. */
    private final WorkRequests requests = new WorkRequests();
    /** Whether the pool is tracing: read once per unit. */
    private final Tracer tracer;

    public ForegroundScheduler(JobSlotTable slots, ScopeTable scopes, Sleepers sleepers, SpinPolicy spin,
                               Tracer tracer) {
        this.tracer = tracer;
        this.slots = slots;
        this.scopes = scopes;
        this.sleepers = sleepers;
        this.spin = spin;
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
                runInline(kind, count, body, context);
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
                runInline(kind, count, body, context);
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
        runUnit(self, slot, kind, body, context, 0, count - 1);
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
     * thread will look ({@link #signalWork}).
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
        signalWork(self, scope);
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
            runUnit(self, slot, kind, body, context, 0, index);
            ran++;
        }
        return ran;
    }

    /**
     * Runs a unit claimed from another thread's job ({@code word} is the claim word before the claim),
     * adopting the job's scope so that jobs the unit creates belong to the same tree, then keeps claiming
     * units of the same job while there are any. The units are counted in {@code self}'s counter at
     * {@code counter}: {@link ThreadCounters#UNITS_RUN_HELPING} or {@link ThreadCounters#UNITS_RUN_BY_IDLE_WORKER}.
     */
    public void runClaimed(Participant self, int slot, long word, int counter) {
        int scope = ClaimWord.scope(word);
        int index = ClaimWord.claimedIndex(word);
        if (index == 0) {
            scopes.withdraw(scope, slot);
        } else {
            // More units are left: pass the wake-up on, off the publisher's path.
            signalWork(self, scope);
        }
        int kind = slots.kind(slot);
        Object body = slots.body(slot);
        Object context = slots.context(slot);
        int saved = self.scope;
        self.scope = scope;
        int ran = 1;
        try {
            runUnit(self, slot, kind, body, context, slots.argument(slot), index);
            ran += claimAndRun(self, slot, scope, kind, body, context);
        } finally {
            self.scope = saved;
            self.counters.add(counter, ran);
            slots.complete(slot, ran);
        }
    }

    /**
     * Claims one unit of any advertised job, for a worker looking for work.
     *
     * @return the slot claimed from, with the claim word left in {@code self.claimWord}; -1 if none
     */
    public int claimAny(Participant self) {
        return claimFrom(self, scopes.global(), -1);
    }

    /** @return whether any job is advertised right now, in any scope (volatile reads) */
    public boolean anyAdvertised() {
        return !isEmpty(scopes.global());
    }

    private int claimFrom(Participant self, AtomicBitSet mask, int requiredScope) {
        int words = mask.words();
        for (int w = 0; w < words; w++) {
            long bits = mask.word(w);
            while (bits != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                long word = slots.tryClaim(slot, requiredScope);
                if (word != ClaimWord.NONE) {
                    self.claimWord = word;
                    return slot;
                }
            }
        }
        return -1;
    }

    /**
     * The owner's wait once its own job has no unclaimed unit: help jobs of its scope, spin, then park
     * until the finisher of the last unit unparks it (see {@code CompletionWord}). Interrupts do not cut
     * the wait short, as with {@code ForkJoinTask.join}; the interrupt status is restored on return.
     */
    void awaitCompletion(Participant self, int slot, int scope) {
        AtomicBitSet scopeMask = scopes.advertised(scope);
        AtomicBitSet parked = scopes.parked(scope);
        IdleStrategy idle = self.idle;
        boolean interrupted = false;
        boolean waiting = false;
        search:
        while (slots.incomplete(slot) != 0) {
            int claimed = claimFrom(self, scopeMask, scope);
            if (claimed >= 0) {
                if (waiting) {
                    requests.lower();
                    waiting = false;
                }
                runClaimed(self, claimed, self.claimWord, ThreadCounters.UNITS_RUN_HELPING);
                continue;
            }
            if (!waiting) {
                // The request: busy threads offer their oldest latent frame (WorkRequests).
                requests.raise();
                waiting = true;
            }
            idle.reset();
            long start = spin.startNanos();
            for (int i = 1; ; i++) {
                if (slots.incomplete(slot) == 0) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.estimateNanos(i));
                    break search;
                }
                if (!isEmpty(scopeMask)) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.estimateNanos(i));
                    continue search;
                }
                if (spin.expired(start, i)) {
                    self.counters.add(ThreadCounters.SPIN_NANOS, spin.budgetNanos());
                    break;
                }
                idle.idle();
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
     * The owner's half of the Dekker pair with {@link #signalWork}, before it parks waiting for its job in
     * {@code slot}: sets the slot's bit in the scope's parked-owners mask (volatile OR), then re-checks the
     * scope's advertise mask (volatile reads), and clears the bit again if a job is advertised there.
     * {@code signalWork} sets an advertise bit and then reads the parked mask: either it sees this bit
     * (and takes the right to wake the owner by clearing it) or this re-check sees the job. The owner's
     * wait calls it; so does {@code CompletionParkStress} as the owner.
     *
     * @return true if the owner may park (its bit stays set for a publisher to clear); false if a job of
     *         the scope is advertised, which the owner should help with instead (its bit cleared)
     */
    public boolean announceParkInScope(int scope, int slot) {
        AtomicBitSet parked = scopes.parked(scope);
        parked.set(slot);
        if (!isEmpty(scopes.advertised(scope))) {
            parked.clear(slot);
            return false;
        }
        return true;
    }

    /**
     * Called after a job of {@code scope} was advertised and published, or when a thread claimed a unit
     * and saw more left: makes sure some idle thread will look. Nothing to do if a worker spins (it will
     * see the advertise bit). Otherwise wake one owner of the same scope parked while waiting for its own
     * job — it is blocked on this very call tree, and helping costs no worker — or else one sleeping
     * worker. At most one thread is woken per call.
     *
     * <p>The read of the parked mask follows the advertise bit's volatile set: either it sees an owner's
     * parked bit, or that owner's re-check of the advertise mask, which follows its bit set, sees the job.
     */
    private void signalWork(Participant self, int scope) {
        if (sleepers.anySpinning()) {
            return;
        }
        AtomicBitSet parked = scopes.parked(scope);
        int words = parked.words();
        for (int w = 0; w < words; w++) {
            long bits = parked.word(w);
            while (bits != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                // Clearing the bit takes the right to wake this owner: two publishers never both do.
                if (parked.clear(slot)) {
                    LockSupport.unpark(slots.ownerRacy(slot));
                    self.counters.increment(ThreadCounters.WAKE_UPS_SENT);
                    return;
                }
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
     * in {@link #runClaimed}.
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
    public void passOn(Participant self, int claimedSlot, boolean tasksQueued) {
        if (tasksQueued || advertisedBesides(claimedSlot)) {
            if (sleepers.wakeOne()) {
                self.counters.increment(ThreadCounters.WAKE_UPS_SENT);
            }
        }
    }

    /** @return whether a job other than the one in {@code slot} (-1: any job) is advertised in any scope */
    private boolean advertisedBesides(int slot) {
        AtomicBitSet global = scopes.global();
        int words = global.words();
        for (int w = 0; w < words; w++) {
            long bits = global.word(w);
            if (slot >= 0 && w == slot >>> 6) {
                bits &= ~(1L << slot);
            }
            if (bits != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs unit {@code index} of the job in {@code slot}, whose argument is {@code argument} (the unit gets
     * {@code argument + index}, see {@link UnitKind}), unless the job already failed; records what it
     * throws, and stores the result of a unit that has one in the slot. The unit's two-half calls start a
     * new base on the latent stack, so that its first one is offered at once.
     */
    void runUnit(Participant self, int slot, int kind, Object body, Object context, long argument, int index) {
        if (slots.hasFailed(slot)) {
            return;
        }
        int savedBase = self.pending.beginUnit();
        TraceBuffer trace = self.traceBuffer(tracer);
        long start = trace == null ? 0 : System.nanoTime();
        LongUnitEvent timing = null;
        if (LongUnitEvent.enabled()) {
            timing = new LongUnitEvent();
            timing.begin();
        }
        try {
            if (UnitKind.hasObjectResult(kind)) {
                slots.setObjectResult(slot, UnitKind.runForObject(self, kind, body, context, argument + index));
            } else {
                long result = UnitKind.run(self, kind, body, context, argument + index);
                if (UnitKind.hasPrimitiveResult(kind)) {
                    slots.setResult(slot, result);
                }
            }
        } catch (Throwable failure) {
            slots.recordFailure(slot, failure);
        } finally {
            self.pending.endUnit(savedBase);
            if (trace != null) {
                trace.record(TraceBuffer.FOREGROUND, start, System.nanoTime(), self.scope, slot, index);
            }
            if (timing != null) {
                timing.end();
                if (timing.shouldCommit()) {
                    timing.scope = self.scope;
                    timing.slot = slot;
                    timing.index = index;
                    timing.commit();
                }
            }
        }
    }

    /**
     * Runs every unit on the calling thread, from the last index to the first (the order in which
     * claims take them). After the first throwable the remaining units are skipped and it is rethrown.
     */
    public static void runInline(int kind, int count, Object body, Object context) {
        for (int index = count - 1; index >= 0; index--) {
            UnitKind.run(null, kind, body, context, index);
        }
    }

    private static boolean isEmpty(AtomicBitSet mask) {
        int words = mask.words();
        for (int w = 0; w < words; w++) {
            if (mask.word(w) != 0) {
                return false;
            }
        }
        return true;
    }
}
