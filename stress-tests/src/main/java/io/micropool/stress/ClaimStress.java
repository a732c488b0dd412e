package io.micropool.stress;

import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Claiming units with {@link JobSlotTable#tryClaim}: a CAS of the packed {@link ClaimWord} from {@code w}
 * to {@code w - 1}, made only while units remain and, for a scoped claimer, only while the word carries
 * the claimer's scope.
 */
public final class ClaimStress {
    private static final int SLOT_HINT = 0;

    private ClaimStress() {
    }

    /** @return the unit index a claim took, or -1 if it took none */
    static int claimedIndex(long word) {
        return word == ClaimWord.NONE ? -1 : ClaimWord.claimedIndex(word);
    }

    /** A one-slot table whose slot holds a published job of scope 0 with {@code units} unclaimed units. */
    abstract static class PublishedJob {
        final JobSlotTable table = new JobSlotTable(1);
        final int slot;

        PublishedJob(int units) {
            slot = table.reserve(SLOT_HINT);
            table.prepare(slot, StressFixtures.KIND, units + 1, new Object(), null, 0, StressFixtures.NEVER_STARTED);
            table.publish(slot, 0, units);
        }
    }

    @JCStressTest
    @Description("One unclaimed unit, two claimers of any scope: exactly one claims it.")
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "Actor 1 claimed unit 0.")
    @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Actor 2 claimed unit 0.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "The unit was claimed twice.")
    @Outcome(expect = FORBIDDEN, desc = "The unit was lost, or a claim returned an index that does not exist.")
    @State
    public static class OneUnitTwoClaimers extends PublishedJob {
        public OneUnitTwoClaimers() {
            super(1);
        }

        @Actor
        public void first(II_Result r) {
            r.r1 = claimedIndex(table.tryClaim(slot, -1));
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = claimedIndex(table.tryClaim(slot, -1));
        }
    }

    @JCStressTest
    @Description("Two unclaimed units, two claimers of the job's scope, one claim each: each index is "
        + "claimed once and none remains.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Actor 1 claimed first (index 1), actor 2 took index 0.")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Actor 2 claimed first (index 1), actor 1 took index 0.")
    @Outcome(id = {"0, 0, .*", "1, 1, .*"}, expect = FORBIDDEN, desc = "One index was claimed twice.")
    @Outcome(expect = FORBIDDEN, desc = "A claim failed while a unit remained, or the count left is wrong.")
    @State
    public static class TwoUnitsTwoClaimers extends PublishedJob {
        public TwoUnitsTwoClaimers() {
            super(2);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = claimedIndex(table.tryClaim(slot, 0));
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = claimedIndex(table.tryClaim(slot, 0));
        }

        @Arbiter
        public void remaining(III_Result r) {
            r.r3 = table.unclaimed(slot);
        }
    }

    @JCStressTest
    @Description("Two unclaimed units, two claimers that claim until tryClaim returns NONE (at most three "
        + "attempts each). Each result counts the indices one claimer took in decimal digits (index 0 in "
        + "the ones, index 1 in the tens): every index is taken exactly once, never more claims than units.")
    @Outcome(id = "11, 0, 0", expect = ACCEPTABLE, desc = "Actor 1 claimed both units.")
    @Outcome(id = "0, 11, 0", expect = ACCEPTABLE, desc = "Actor 2 claimed both units.")
    @Outcome(id = "10, 1, 0", expect = ACCEPTABLE, desc = "Actor 1 took index 1, actor 2 index 0.")
    @Outcome(id = "1, 10, 0", expect = ACCEPTABLE, desc = "Actor 2 took index 1, actor 1 index 0.")
    @Outcome(expect = FORBIDDEN, desc = "An index claimed twice, a unit lost, or a claim beyond the units.")
    @State
    public static class ClaimUntilNone extends PublishedJob {
        public ClaimUntilNone() {
            super(2);
        }

        private int claimAll() {
            int taken = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                long word = table.tryClaim(slot, -1);
                if (word == ClaimWord.NONE) {
                    break;
                }
                int index = ClaimWord.claimedIndex(word);
                // A repeated index shows up as a digit above 1, an index outside [0, 2) as 100: neither is listed.
                taken += index == 0 ? 1 : index == 1 ? 10 : 100;
            }
            return taken;
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = claimAll();
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = claimAll();
        }

        @Arbiter
        public void remaining(III_Result r) {
            r.r3 = table.unclaimed(slot);
        }
    }

    @JCStressTest
    @Description("The slot is re-published in another scope while a scoped claimer looks at it. Actor 1 "
        + "claims the last unit of the scope-0 job, completes and releases it, reserves the slot again and "
        + "publishes a scope-1 job with one unit. Actor 2 may claim only scope 0. r1: 1 if actor 1 turned "
        + "the slot over; r2: scope of the word actor 2 claimed from, or -1; r3: scope * 10 + unclaimed "
        + "left at the end.")
    @Outcome(id = "1, -1, 11", expect = ACCEPTABLE,
        desc = "Actor 1 claimed the scope-0 unit; actor 2 found none it may claim; the scope-1 unit is intact.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE,
        desc = "Actor 2 claimed the scope-0 unit first; actor 1 found none and did not turn the slot over.")
    @Outcome(id = "1, 1, 10", expect = FORBIDDEN, desc = "The scope-0 claimer took the unit of the scope-1 job.")
    @Outcome(expect = FORBIDDEN, desc = "A unit claimed twice or lost, or the slot could not be reserved again.")
    @State
    public static class ScopeChangesUnderClaimer {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;

        public ScopeChangesUnderClaimer() {
            slot = table.reserve(SLOT_HINT);
            // One incomplete unit: the one a claimer takes (the owner's own share is already done).
            table.prepare(slot, StressFixtures.KIND, 1, new Object(), null, 0, StressFixtures.NEVER_STARTED);
            table.publish(slot, 0, 1);
        }

        @Actor
        public void claimAndTurnOver(III_Result r) {
            if (table.tryClaim(slot, -1) == ClaimWord.NONE) {
                r.r1 = 0;
                return;
            }
            table.complete(slot, 1);
            table.release(slot);
            int next = table.reserve(SLOT_HINT);
            if (next != slot) {
                r.r1 = -1;
                return;
            }
            table.prepare(next, StressFixtures.KIND, 1, new Object(), null, 0, StressFixtures.NEVER_STARTED);
            table.publish(next, 1, 1);
            r.r1 = 1;
        }

        @Actor
        public void scopedClaimer(III_Result r) {
            long word = table.tryClaim(slot, 0);
            r.r2 = word == ClaimWord.NONE ? -1 : ClaimWord.scope(word);
        }

        @Arbiter
        public void finalWord(III_Result r) {
            long word = StressFixtures.claimWord(table, slot);
            r.r3 = ClaimWord.scope(word) * 10 + ClaimWord.unclaimed(word);
        }
    }
}
