package io.micropool.stress;

import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.CompletionWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.Tracer;
import io.micropool.core.foreground.Claim;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.UnitKind;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The two ways a parked owner is woken. By the last finisher, on one {@link CompletionWord}: the owner sets
 * {@link CompletionWord#OWNER_PARKED} by CAS ({@link JobSlotTable#announceOwnerParked}) only while units are
 * incomplete; the finisher's {@code getAndAdd} in {@link JobSlotTable#complete} sees the flag in the same
 * atomic step and unparks the owner. And by a publisher in its scope: the owner sets its bit in
 * {@link ScopeTable#parked} and re-checks the scope's advertise mask
 * ({@code ForegroundScheduler.announceParkInScope}); the publisher sets the advertise bit and, in
 * {@code ForegroundScheduler.signalWork}, reads the parked mask and clears the owner's bit to wake it
 * (the publisher calls the shipped {@code ForegroundScheduler.publish}, {@code claimAny} and
 * {@code runClaimed}).
 */
public final class CompletionParkStress {
    /** How long a parked owner waits for its unpark before the test records a lost wake-up. */
    private static final long PARK_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final IntConsumer NO_OP_UNIT = index -> { };
    /** Scope of the claim word before the publisher's job is published; the scope table has only scope 0. */
    private static final int UNPUBLISHED_SCOPE = 5;

    private CompletionParkStress() {
    }

    @JCStressTest
    @Description("Owner announceOwnerParked versus finisher complete(slot, 1) on a job with one incomplete "
        + "unit. r1: announce returned true (the owner would park); r2: complete returned true; r3: the "
        + "final completion word (flag bit as 1, plus 10 * incomplete).")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE,
        desc = "The owner's CAS came first: the finisher's getAndAdd found OWNER_PARKED and unparks it.")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE,
        desc = "The finisher came first: the owner found the job complete and does not park.")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN,
        desc = "Lost wake-up: the owner would park, but the finisher's getAndAdd did not see OWNER_PARKED.")
    @Outcome(expect = FORBIDDEN, desc = "The job did not complete exactly once, or the flag is set on a job "
        + "whose owner does not park.")
    @State
    public static class AnnounceVersusComplete {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;

        public AnnounceVersusComplete() {
            slot = table.reserve(0);
            table.prepare(slot, StressFixtures.KIND, 1, new Object(), null, 0, StressFixtures.NEVER_STARTED);
        }

        @Actor
        public void owner(III_Result r) {
            r.r1 = table.announceOwnerParked(slot) ? 1 : 0;
        }

        @Actor
        public void finisher(III_Result r) {
            r.r2 = table.complete(slot, 1) ? 1 : 0;
        }

        @Arbiter
        public void after(III_Result r) {
            long word = StressFixtures.completionWord(table, slot);
            r.r3 = (CompletionWord.ownerParked(word) ? 1 : 0) + 10 * CompletionWord.incomplete(word);
        }
    }

    @JCStressTest
    @Description("The owner really parks. Actor 1, the owner, prepares a one-unit job naming itself the owner, "
        + "publishes it, announces and, if told to, parks until incomplete() reads zero. Actor 2 spins until "
        + "it claims the unit, then completes it, which must unpark the owner. r1: 1 if the owner announced "
        + "(0 if the job was already complete); r2: 0 if the owner returned in time, 1 if it had to wait "
        + "for its park limit (no unpark came), 2 if the job never completed.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The owner parked and the finisher unparked it.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The finisher completed before the owner announced.")
    @Outcome(id = ".*, 1", expect = FORBIDDEN, desc = "Lost wake-up: the owner slept until its time limit.")
    @Outcome(expect = FORBIDDEN, desc = "The job never completed, or any other result.")
    @State
    public static class OwnerParksUntilUnparked {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;

        public OwnerParksUntilUnparked() {
            slot = table.reserve(0);
        }

        @Actor
        public void owner(II_Result r) {
            table.prepare(slot, StressFixtures.KIND, 1, new Object(), null, 0, Thread.currentThread());
            table.publish(slot, 0, 1);
            if (!table.announceOwnerParked(slot)) {
                r.r1 = 0;
                r.r2 = table.incomplete(slot) == 0 ? 0 : 2;
                return;
            }
            r.r1 = 1;
            long deadline = System.nanoTime() + PARK_LIMIT_NANOS;
            long left = PARK_LIMIT_NANOS;
            // Spurious returns and permits left from earlier states are absorbed by re-checking the count.
            while (table.incomplete(slot) != 0 && left > 0) {
                LockSupport.parkNanos(this, left);
                left = deadline - System.nanoTime();
            }
            if (table.incomplete(slot) != 0) {
                r.r2 = 2;
            } else {
                r.r2 = left > 0 ? 0 : 1;
            }
        }

        @Actor
        public void finisher() {
            long deadline = System.nanoTime() + PARK_LIMIT_NANOS;
            while (table.tryClaim(slot, -1) == ClaimWord.NONE) {
                if (System.nanoTime() - deadline > 0) {
                    return;
                }
                Thread.onSpinWait();
            }
            table.complete(slot, 1);
        }
    }
    @JCStressTest
    @Description("Parked owner versus a publisher in its scope. Slot 0 holds the waiting owner's job, slot 1 "
        + "the publisher's. Actor 1, the owner, calls ForegroundScheduler.announceParkInScope (its bit in the "
        + "scope's parked mask, then the re-check of the scope's advertise mask, as awaitCompletion does before "
        + "it parks), then reads slot 1's claim word. Actor 2 publishes a job of three units in slot 1 "
        + "(ForegroundScheduler.publish, whose signalWork reads the parked mask: no worker spins), claims a unit "
        + "as a worker does (claimAny) and runs it through runClaimed, which claims and withdraws the rest. "
        + "r1: 1 if the owner's re-check saw work, 0 if "
        + "it would park; r2: slot 1's claim word when the owner read it: 0 not yet published, 1 units left, "
        + "2 all claimed; r3: the owner's parked bit at the end (1: nobody took the right to wake it).")
    @Outcome(id = {"1, 0, 0", "1, 1, 0", "1, 2, 0"}, expect = ACCEPTABLE,
        desc = "The owner's re-check saw the advertised job; it took its parked bit back and helps instead.")
    @Outcome(id = {"0, 0, 0", "0, 1, 0", "0, 2, 0"}, expect = ACCEPTABLE,
        desc = "The owner would park; the publisher saw its parked bit, cleared it and unparks it.")
    @Outcome(id = "0, 2, 1", expect = ACCEPTABLE,
        desc = "The owner looked after the publisher's job was fully claimed and withdrawn: nothing to help with.")
    @Outcome(id = {"0, 0, 1", "0, 1, 1"}, expect = FORBIDDEN,
        desc = "Lost wake-up: the owner would park although units of its scope were still to be published or "
            + "claimed, and the publisher did not wake it.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class ParkedOwnerVersusPublisher {
        private static final int OWNER_SLOT = 0;
        private static final int PUBLISHED_SLOT = 1;
        private static final int SCOPE = 0;

        private final JobSlotTable table = new JobSlotTable(2);
        private final ScopeTable scopes = new ScopeTable(1, 2);
        private final Sleepers sleepers = new Sleepers(1);
        private final ForegroundScheduler foreground =
            StressFixtures.foreground(table, scopes, sleepers);

        public ParkedOwnerVersusPublisher() {
            sleepers.register(0, StressFixtures.NEVER_STARTED);
            int ownerSlot = table.reserve(OWNER_SLOT);
            int publishedSlot = table.reserve(PUBLISHED_SLOT);
            if (ownerSlot != OWNER_SLOT || publishedSlot != PUBLISHED_SLOT) {
                throw new IllegalStateException("unexpected slots " + ownerSlot + ", " + publishedSlot);
            }
            // The owner's job: one unit still running elsewhere; the owner thread is never started, so the
            // publisher's unpark does nothing.
            table.prepare(OWNER_SLOT, UnitKind.INT_CONSUMER, 1, NO_OP_UNIT, null, 0, StressFixtures.NEVER_STARTED);
            // A claim word no claimer accepts, whose scope tells the owner the job is not yet published.
            table.publish(PUBLISHED_SLOT, UNPUBLISHED_SCOPE, 0);
        }

        private final Participant publisher = StressFixtures.caller();

        @Actor
        public void owner(III_Result r) {
            r.r1 = foreground.announceParkInScope(SCOPE, OWNER_SLOT) ? 0 : 1;
            long word = StressFixtures.claimWord(table, PUBLISHED_SLOT);
            if (ClaimWord.scope(word) == UNPUBLISHED_SCOPE) {
                r.r2 = 0;
            } else {
                r.r2 = ClaimWord.unclaimed(word) > 0 ? 1 : 2;
            }
        }

        @Actor
        public void publisher() {
            // The shipped path: publish (its signalWork reads the parked mask), then a worker's claim of
            // the published units and runClaimed (whose signalWork reads it again while units are left).
            foreground.publish(publisher, PUBLISHED_SLOT, SCOPE, UnitKind.INT_CONSUMER, 3, NO_OP_UNIT, null, 0);
            long claim = foreground.claimAny();
            if (claim != Claim.NONE) {
                foreground.runClaimed(publisher, claim, ThreadCounters.UNITS_RUN_BY_IDLE_WORKER);
            }
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = scopes.parked(SCOPE).get(OWNER_SLOT) ? 1 : 0;
        }
    }
}
