package io.micropool.core.foreground;

import io.micropool.core.jfr.FallbackEvent;
import io.micropool.core.jfr.JobEvent;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.Tracer;

import java.util.function.BooleanSupplier;

/**
 * The two-half calls — {@code join(a, b)}, {@code joinAll} of two, {@code invoke(2, …)} and every join of
 * a {@code Fork} — past their fast path: where a second half is pushed as a latent frame, offered to other
 * threads, and finished.
 *
 * <h2>The fast path ({@code Participant})</h2>
 * A call inside a call tree whose running unit already holds {@link LatentFrames#KEPT_LATENT} latent
 * frames runs both halves in place with direct calls, while no thread asks for work: one read of
 * {@link LatentFrames#latent}, one opaque read of the request word ({@link WorkRequests}) and a count.
 * While a request is up, the fast path also counts down {@link LatentFrames#quiet}; when it runs out
 * the call comes here to look.
 *
 * <h2>This path</h2>
 * <ol>
 *   <li><b>Answer a request</b> ({@link #keeps}, {@code answerRequest}): if some thread asks for work and
 *       this one has a latent frame, it offers its <em>oldest</em> one — the largest piece of work it
 *       holds — unless its newest offer is still unclaimed, or its running unit has been looking for less
 *       than {@link #SHARE_AFTER_SPINNING_NANOS} (a spinning asker) or {@link #SHARE_AFTER_PARKED_NANOS}
 *       (only parked askers): a hand-over costs about a microsecond of cache-line transfers, a wake-up
 *       tens, and a unit that ends sooner is better left alone. Then, if the unit still holds enough
 *       latent frames, the call runs in place after all.</li>
 *   <li><b>Outermost call</b> (the thread is in no call tree): acquire a scope for the tree (or, if none
 *       is free, run both halves inline, counted), go on as a nested call, release the scope at the end.
 *       A pool without workers, or closed, runs every call in place.</li>
 *   <li><b>Push</b> the second half. For {@code join(a, b)} and {@code invoke(2, …)}, if it is the first
 *       frame of its unit (of the outermost call, or of a unit claimed from another thread), offer it at
 *       once: their halves may be long, and a half is handed over only at a call. A {@code Fork} join
 *       offers only on request: its recursion calls again within nanoseconds.</li>
 *   <li><b>Run the first half</b>, catching what it throws.</li>
 *   <li><b>Pop.</b> A frame never offered runs its half in place (or skips it, if the first half failed
 *       and the kind skips unstarted halves). An offered frame is claimed back and run in place if nobody
 *       took it, else waited for, helping the scope meanwhile ({@code ForegroundScheduler.awaitCompletion}).</li>
 * </ol>
 * An offer publishes the frame as a job of one unit in the thread's scope through
 * {@code ForegroundScheduler.publish}, the sequence every published call uses, so that scope-limited
 * helping, wake-ups and failures work unchanged; the unit's result comes back through the slot
 * ({@code JobSlotTable.setResult}).
 *
 * <h2>Results</h2>
 * This path runs halves through {@link UnitKind}, not through a typed call, and leaves their results in
 * the participant's result registers for the typed method that called it, which combines them at once,
 * before any other call can overwrite them.
 */
public final class PairPath {
    /** How long a unit looks before it answers a spinning asker: a few hand-overs' worth. */
    public static final long SHARE_AFTER_SPINNING_NANOS = 5_000;
    /** How long a unit looks before it answers when every asker is parked: a few wake-ups' worth. */
    public static final long SHARE_AFTER_PARKED_NANOS = 50_000;

    private final ForegroundScheduler foreground;
    private final JobSlotTable slots;
    private final ScopeTable scopes;
    private final WorkRequests requests;
    private final Tracer tracer;
    /** True when every call runs in place: the pool has no workers or is closed. */
    private final BooleanSupplier inlineOnly;
    /** {@link #SHARE_AFTER_SPINNING_NANOS}, or what the test that built this path chose. */
    private final long shareAfterSpinningNanos;
    /** {@link #SHARE_AFTER_PARKED_NANOS}, or what the test that built this path chose. */
    private final long shareAfterParkedNanos;
    /**
     * The JFR event of the offer published in each slot, while a recording wants them: written when the
     * frame is offered and read when it is finished, both by the thread that reserved the slot.
     */
    private final JobEvent[] offerEvents;

    /**
     * @param inlineOnly reads true while every call must run in place: the pool has no workers or is closed
     */
    public PairPath(ForegroundScheduler foreground, Tracer tracer, BooleanSupplier inlineOnly) {
        this(foreground, tracer, inlineOnly, SHARE_AFTER_SPINNING_NANOS, SHARE_AFTER_PARKED_NANOS);
    }

    /**
     * A pair path that answers requests after the given times (the stress tests answer at once).
     *
     * @param inlineOnly reads true while every call must run in place: the pool has no workers or is closed
     */
    public PairPath(ForegroundScheduler foreground, Tracer tracer, BooleanSupplier inlineOnly,
                    long shareAfterSpinningNanos, long shareAfterParkedNanos) {
        this.shareAfterSpinningNanos = shareAfterSpinningNanos;
        this.shareAfterParkedNanos = shareAfterParkedNanos;
        this.foreground = foreground;
        this.slots = foreground.slots();
        this.scopes = foreground.scopes();
        this.requests = foreground.requests();
        this.tracer = tracer;
        this.inlineOnly = inlineOnly;
        this.offerEvents = new JobEvent[slots.capacity()];
    }

    /** @return the work-request signal every two-half call reads */
    WorkRequests requests() {
        return requests;
    }

    /** @return whether a trace is recording (one volatile read): {@code join(a, b)} is then traced */
    boolean tracing() {
        return tracer.current() != null;
    }

    /**
     * The fast path ran half 1 in place and it threw {@code failure}: runs half 0 in place as well, as the
     * {@code Fork} joins promise, then rethrows {@code failure} with half 0's throwable suppressed on it.
     *
     * @return never; declared so that callers can {@code throw} it
     */
    static RuntimeException afterFirstHalfFailed(Participant self, Throwable failure, int kind, Object body,
                                                 Object context0, long argument0) {
        try {
            if (UnitKind.hasObjectResult(kind)) {
                UnitKind.runForObject(self, kind, body, context0, argument0);
            } else {
                UnitKind.run(self, kind, body, context0, argument0);
            }
        } catch (Throwable later) {
            suppress(failure, later);
        }
        throw Rethrow.<RuntimeException>unchecked(failure);
    }

    // ---- join(a, b), invoke(2, …) and the first Fork join of a tree ------------------------------------

    /**
     * A two-half call whose fast path did not apply ({@code fork} for a {@code Fork} join): answers a
     * request, then decides.
     *
     * @return true if the call should run both halves in place (counted as a kept pair, unless the pool
     *         runs everything in place); false to take {@link #join}
     */
    boolean keeps(Participant self, boolean fork) {
        int scope = self.scope;
        if (scope == Participant.NO_SCOPE) {
            return inlineOnly.getAsBoolean();
        }
        answerRequest(self, scope, fork);
        if (self.pending.latent >= LatentFrames.KEPT_LATENT) {
            self.counters.increment(ThreadCounters.PAIRS_KEPT);
            return true;
        }
        return false;
    }

    /**
     * Runs a two-half call that {@link #keeps} did not keep, or the first {@code Fork} join of a tree:
     * half 1 ({@code context1}, {@code argument1}) on this thread, half 0 ({@code context0},
     * {@code argument0}) as a latent frame, both of {@code kind} with {@code body}. Their results are
     * left in {@code self}'s result registers.
     */
    void join(Participant self, int kind, Object body, Object context1, Object context0,
              long argument1, long argument0) {
        self.checkThread();
        int scope = self.scope;
        if (scope != Participant.NO_SCOPE) {
            run(self, scope, true, false, kind, body, context1, context0, argument1, argument0);
            return;
        }
        scope = scopes.acquire(self.workerIndex);
        if (scope < 0) {
            ThreadCounters counters = self.counters;
            counters.increment(ThreadCounters.INLINE_NO_FREE_SCOPE);
            counters.add(ThreadCounters.UNITS_SUBMITTED, 2);
            counters.add(ThreadCounters.UNITS_RUN_OWN, 2);
            FallbackEvent.record(FallbackEvent.NO_FREE_SCOPE, 2);
            run(self, Participant.NO_SCOPE, false, false, kind, body, context1, context0, argument1, argument0);
            return;
        }
        self.scope = scope;
        try {
            run(self, scope, true, true, kind, body, context1, context0, argument1, argument0);
        } finally {
            self.pending.endUnit(0);
            self.scope = Participant.NO_SCOPE;
            // Every job of the tree completed before this call got here: the scope is empty.
            scopes.release(scope);
        }
    }

    /**
     * Runs half 1, with half 0 pushed as a latent frame if {@code push} (else run in place: no scope was
     * free), then finishes half 0 and leaves both results in the registers.
     */
    private void run(Participant self, int scope, boolean push, boolean outermost, int kind, Object body,
                     Object context1, Object context0, long argument1, long argument0) {
        LatentFrames pending = self.pending;
        boolean both = UnitKind.completesBothHalves(kind);
        int offeredIn = -1;
        if (push) {
            pending.push(kind, body, context0, argument0);
            if (!both && pending.topIsFirstOfUnit()) {
                offerThroughTop(self, scope);
            } else {
                // The frame just pushed may be the oldest latent one: a request can take it at once.
                answerRequest(self, scope, both);
            }
            if (pending.offered() == pending.size()) {
                offeredIn = pending.newestOfferedSlot();
            }
        }
        boolean objects = UnitKind.hasObjectResult(kind);
        // Fork joins are not traced where they run in place: only the halves other threads take are.
        TraceBuffer trace = both ? null : self.traceBuffer(tracer);
        long start = trace == null ? 0 : System.nanoTime();
        // Half 1 of an outermost join(a, b) is a unit of the call, as half 0 is when another thread takes
        // it: its own first split is offered at once too.
        int savedBase = outermost && !both ? pending.beginUnit() : -1;
        Throwable failure = null;
        long result1 = 0;
        Object object1 = null;
        try {
            if (objects) {
                object1 = UnitKind.runForObject(self, kind, body, context1, argument1);
            } else {
                result1 = UnitKind.run(self, kind, body, context1, argument1);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (savedBase >= 0) {
                pending.endUnit(savedBase);
            }
        }
        if (trace != null) {
            trace.record(TraceBuffer.FOREGROUND, start, System.nanoTime(), scope, offeredIn, 1);
        }
        if (push) {
            int slot = pending.pop();
            if (slot == LatentFrames.NOT_OFFERED) {
                // Both halves counted as run on this thread (the snapshot derives them from this count).
                self.counters.increment(ThreadCounters.PAIRS_KEPT);
            } else {
                if (failure != null && !both) {
                    // Before the claim: a thief that has not started half 0 yet skips it.
                    slots.recordFailure(slot, failure);
                }
                int taken = claimBack(self, slot);
                if (taken != LatentFrames.NOT_OFFERED) {
                    finishTaken(self, taken, kind, failure, result1, object1);
                    return;
                }
            }
        }
        if (failure != null && !both) {
            // As in a published job: a unit that has not started when the first failure is recorded is skipped.
            throw Rethrow.<RuntimeException>unchecked(failure);
        }
        start = trace == null ? 0 : System.nanoTime();
        long result0 = 0;
        Object object0 = null;
        try {
            if (objects) {
                object0 = UnitKind.runForObject(self, kind, body, context0, argument0);
            } else {
                result0 = UnitKind.run(self, kind, body, context0, argument0);
            }
        } catch (Throwable t) {
            failure = first(failure, t);
        }
        if (trace != null) {
            trace.record(TraceBuffer.FOREGROUND, start, System.nanoTime(), scope, offeredIn, 0);
        }
        if (failure != null) {
            throw Rethrow.<RuntimeException>unchecked(failure);
        }
        self.setResults(result1, result0, object1, object0);
    }

    /**
     * Another thread took half 0 in {@code slot} after half 1 ran here ({@code failure} is what it threw,
     * or null): waits for it, then rethrows the first failure or leaves both results in the registers.
     */
    private void finishTaken(Participant self, int slot, int kind, Throwable failure, long result1, Object object1) {
        awaitTaken(self, slot);
        long result0 = slots.result(slot);
        Object object0 = slots.objectResult(slot);
        Throwable recorded = slots.release(slot);
        if (UnitKind.completesBothHalves(kind)) {
            failure = first(failure, recorded);
        } else if (recorded != null) {
            // The first failure recorded in the slot: half 1's, or half 0's if it failed first.
            failure = recorded;
        }
        if (failure != null) {
            throw Rethrow.<RuntimeException>unchecked(failure);
        }
        self.setResults(result1, result0, object1, object0);
    }

    /**
     * Half 1 ran; the frame pushed for half 0 was popped and found offered in {@code slot}: tries to
     * claim it back.
     *
     * @return {@link LatentFrames#NOT_OFFERED} if it was claimed back (the slot is released and half 0
     *         runs on this thread now), else {@code slot}, which another thread took
     */
    int claimBack(Participant self, int slot) {
        // Half 1 ran here; half 0 counts where it runs (the snapshot derives what was submitted).
        self.counters.increment(ThreadCounters.UNITS_RUN_OWN);
        int scope = self.scope;
        if (slots.tryClaim(slot, scope) == ClaimWord.NONE) {
            return slot;
        }
        // The slot is done with (the half is in the caller's locals). Withdraw, as every claimer of the
        // last unit does, complete and release; the half runs on this thread as if never offered, so
        // its first call starts no unit: it is this unit's own work.
        scopes.withdraw(scope, slot);
        slots.complete(slot, 1);
        commitOfferEvent(self, slot, scope);
        slots.release(slot);
        self.counters.increment(ThreadCounters.UNITS_RUN_OWN);
        return LatentFrames.NOT_OFFERED;
    }

    /** Waits for the half another thread took in {@code slot}, helping the scope meanwhile. */
    private void awaitTaken(Participant self, int slot) {
        int scope = self.scope;
        foreground.awaitCompletion(self, slot, scope);
        commitOfferEvent(self, slot, scope);
    }

    // ---- offers ----------------------------------------------------------------------------------------

    /**
     * If some thread asks for work and this one has a latent frame, offers its oldest one — unless the
     * newest offer is still unclaimed or, for a {@code Fork} join, the running unit has been looking for
     * less than the share-after time ({@link LatentFrames#look}, at most every {@link LatentFrames#quiet}
     * calls).
     */
    private void answerRequest(Participant self, int scope, boolean fork) {
        LatentFrames pending = self.pending;
        if (!requests.any() || !pending.hasUnoffered()) {
            return;
        }
        if (fork && (--pending.quiet >= 0
                || pending.look() < (requests.anySpinning() ? shareAfterSpinningNanos : shareAfterParkedNanos))) {
            return;
        }
        if (!offerOutstanding(pending)) {
            self.checkThread();
            offerOldest(self, scope);
        }
    }

    /**
     * @return whether the newest offered frame of {@code pending} is still unclaimed, so that a further
     *         offer would only add a second job nobody has asked for (acquire read of its claim word)
     */
    private boolean offerOutstanding(LatentFrames pending) {
        return pending.offered() > 0 && slots.unclaimed(pending.newestOfferedSlot()) != 0;
    }

    /** Offers every frame not offered yet up to the top one, oldest first, while slots last. */
    private void offerThroughTop(Participant self, int scope) {
        while (self.pending.hasUnoffered() && offerOldest(self, scope)) {
            // each offer publishes one frame
        }
    }

    /**
     * Publishes the oldest frame not offered yet as a job of one unit in {@code scope}.
     *
     * @return false if no slot was free (the frame stays latent, to be run in place)
     */
    private boolean offerOldest(Participant self, int scope) {
        int slot = slots.reserve(self.workerIndex);
        if (slot < 0) {
            self.counters.increment(ThreadCounters.INLINE_NO_FREE_SLOT);
            FallbackEvent.record(FallbackEvent.NO_FREE_SLOT, 1);
            return false;
        }
        offerEvents[slot] = JobEvent.beginIfEnabled();
        LatentFrames pending = self.pending;
        int frame = pending.oldestUnoffered();
        foreground.publish(self, slot, scope, pending.kind(frame), 1, pending.body(frame), pending.context(frame),
            pending.argument(frame));
        pending.markOffered(slot);
        self.counters.increment(ThreadCounters.PAIRS_OFFERED);
        return true;
    }

    /** Commits the JFR event of the offer in {@code slot}, if one was begun; before the slot's release. */
    private void commitOfferEvent(Participant self, int slot, int scope) {
        JobEvent event = offerEvents[slot];
        if (event != null) {
            offerEvents[slot] = null;
            JobEvent.commit(event, scope, slot, 1, self.workerIndex >= 0);
        }
    }

    /** @return {@code earlier} with {@code later} suppressed on it, or {@code later} if there was none */
    private static Throwable first(Throwable earlier, Throwable later) {
        if (earlier == null) {
            return later;
        }
        if (later != null) {
            suppress(earlier, later);
        }
        return earlier;
    }

    /** Adds {@code later} to {@code first}'s suppressed throwables, unless it is {@code first} itself. */
    static void suppress(Throwable first, Throwable later) {
        if (later != first) {
            first.addSuppressed(later);
        }
    }
}
