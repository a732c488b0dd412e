package io.micropool.stress;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.worker.WorkRequests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The offer of a pending half of a nested two-unit call ({@code ForegroundScheduler.tryRunPair}): a thread
 * that asks for work raises the pool's {@code WorkRequests}; a busy thread that reads it publishes its oldest
 * pending frame as a one-unit job; and the owner, back from its own half, claims the frame back unless a
 * thief took it first.
 */
public final class LazyJoinStress {
    private static final int SCOPE = 0;
    private static final int SLOT_HINT = 0;
    /** The value a unit writes into its payload. */
    private static final int WRITTEN = 42;

    private LazyJoinStress() {
    }

    @JCStressTest
    @Description("An offered frame (one unit, scope 0, advertised) is claimed back by its owner while a thief "
        + "of any scope finds it through the global mask and claims it. Whoever wins withdraws the masks, "
        + "runs the unit (a plain write of the payload) and completes it. r1: 1 if the owner claimed it "
        + "back; r2: 1 if the thief claimed it, 0 if it found the bit clear or lost the CAS; r3: what the "
        + "owner reads of the payload once incomplete() is zero, -1 if the unit was still running; r4: "
        + "advertise bits left set (global + scope) after both.")
    @Outcome(id = "1, 0, 42, 0", expect = ACCEPTABLE, desc = "The owner claimed the frame back and ran it.")
    @Outcome(id = "0, 1, 42, 0", expect = ACCEPTABLE, desc = "The thief ran it; the owner saw its write.")
    @Outcome(id = "0, 1, -1, 0", expect = ACCEPTABLE, desc = "The thief ran it; it was still running when the owner looked.")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "The frame ran twice.")
    @Outcome(id = "0, 1, 0, .*", expect = FORBIDDEN, desc = "The owner read zero units left but not the thief's write.")
    @Outcome(expect = FORBIDDEN, desc = "The frame was lost, or an advertise bit stayed set.")
    @State
    public static class ClaimBackVersusTake {
        private final JobSlotTable slots = new JobSlotTable(1);
        private final ScopeTable scopes = new ScopeTable(1, 1);
        private final StressFixtures.Payload payload = new StressFixtures.Payload();
        private final int slot;

        public ClaimBackVersusTake() {
            // What offerOldest() does: reserve, prepare one unit, advertise, release-publish.
            slot = slots.reserve(SLOT_HINT);
            slots.prepare(slot, StressFixtures.KIND, 1, null, payload, StressFixtures.NEVER_STARTED);
            scopes.advertise(SCOPE, slot);
            slots.publish(slot, SCOPE, 1);
        }

        private void runClaimed() {
            // The claimer of index 0 withdraws before running it, then completes.
            scopes.withdraw(SCOPE, slot);
            ((StressFixtures.Payload) slots.context(slot)).value = WRITTEN;
            slots.complete(slot, 1);
        }

        @Actor
        public void owner(IIII_Result r) {
            if (slots.tryClaim(slot, SCOPE) != ClaimWord.NONE) {
                runClaimed();
                r.r1 = 1;
            }
            r.r3 = slots.incomplete(slot) == 0 ? payload.value : -1;
        }

        @Actor
        public void thief(IIII_Result r) {
            AtomicBitSet global = scopes.global();
            if (global.get(slot) && slots.tryClaim(slot, -1) != ClaimWord.NONE) {
                runClaimed();
                r.r2 = 1;
            }
        }

        @Arbiter
        public void masks(IIII_Result r) {
            r.r4 = (scopes.global().get(slot) ? 1 : 0) + (scopes.advertised(SCOPE).get(slot) ? 1 : 0);
        }
    }

    @JCStressTest
    @Description("Request versus offer. Actor 1, an owner with nothing to help, raises a work request, then "
        + "searches the scope's advertise mask and claims what it finds, reading the unit's context. Actor 2, "
        + "a busy thread at its next nested call, reads the requests (opaque) and, if there is one, offers "
        + "its pending frame. r1: 0 if actor 1 claimed nothing, 2 if it claimed the unit and "
        + "saw the context prepare() wrote, 1 if it claimed it but saw no context; r2: 1 if actor 2 saw the "
        + "request and offered; r3: units left unclaimed.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Actor 2 read the count before the request: no offer (a later call answers).")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Offered after actor 1 searched: the unit waits for the next search.")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Offered in time: actor 1 claimed the unit and saw its context.")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "The unit was claimed before its context was visible.")
    @Outcome(expect = FORBIDDEN, desc = "A unit claimed that was never offered, or an offered unit lost.")
    @State
    public static class RequestVersusOffer {
        private final JobSlotTable slots = new JobSlotTable(1);
        private final ScopeTable scopes = new ScopeTable(1, 1);
        private final WorkRequests requests = new WorkRequests();
        private final Object context = new Object();

        @Actor
        public void requester(III_Result r) {
            requests.raise();
            AtomicBitSet mask = scopes.advertised(SCOPE);
            int found = 0;
            if (mask.get(0) && slots.tryClaim(0, SCOPE) != ClaimWord.NONE) {
                found = slots.context(0) == context ? 2 : 1;
            }
            r.r1 = found;
        }

        @Actor
        public void busy(III_Result r) {
            if (!requests.any()) {
                return;
            }
            int slot = slots.reserve(SLOT_HINT);
            slots.prepare(slot, StressFixtures.KIND, 1, null, context, StressFixtures.NEVER_STARTED);
            scopes.advertise(SCOPE, slot);
            slots.publish(slot, SCOPE, 1);
            r.r2 = 1;
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = slots.unclaimed(0);
        }
    }
}
