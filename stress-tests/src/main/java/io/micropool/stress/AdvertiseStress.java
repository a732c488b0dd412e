package io.micropool.stress;

import io.micropool.core.scope.ScopeTable;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.foreground.Claim;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.Participant;
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
 * Advertising jobs in the scope and global masks of {@link ScopeTable}: the owner
 * {@link ScopeTable#advertise advertises} before it publishes the claim word, and the thread that claims
 * a job's last unit (index 0) {@link ScopeTable#withdraw withdraws} it before running that unit. The owner
 * publishes through the shipped {@code ForegroundScheduler.publish}; the searchers claim and withdraw
 * through the shipped {@code claimInScope} and {@code afterClaim} (the first half of {@code runClaimed}),
 * without running a unit.
 */
public final class AdvertiseStress {
    private static final int SCOPE = 0;

    private AdvertiseStress() {
    }

    /** One slot, one scope, one worker that never runs; the slot is reserved by the owner. */
    abstract static class OneSlotOneScope {
        final JobSlotTable table = new JobSlotTable(1);
        final ScopeTable scopes = new ScopeTable(1, 1);
        final ForegroundScheduler foreground = StressFixtures.foreground(table, scopes);
        final Participant owner = StressFixtures.caller();
        /** The searchers' participants, one per actor: {@code afterClaim} counts the wake-ups sent in them. */
        final Participant searcher = StressFixtures.caller();
        final Participant otherSearcher = StressFixtures.caller();
        final int slot = table.reserve(0);

        /**
         * The owner's side of a publication, the shipped method: {@code ForegroundScheduler.publish} of a job
         * of {@code units + 1} units, the owner keeping one (prepare, advertise, publish {@code units}
         * claimable units, signal: nobody sleeps here, so no wake-up).
         */
        void advertiseAndPublish(int units) {
            publishJob(units + 1);
        }

        /**
         * {@code ForegroundScheduler.publish} of a job of {@code count} units in {@link #slot}: {@code count - 1}
         * claimable, or 1 for a one-unit job (an offered half).
         */
        void publishJob(int count) {
            foreground.publish(owner, slot, SCOPE, StressFixtures.KIND, count, new Object(), null, 0);
        }

        /**
         * A searcher of {@link #SCOPE}, through the shipped methods: {@code ForegroundScheduler.claimInScope}
         * (the search an owner waiting for its job makes) and {@code afterClaim} (what {@code runClaimed}
         * does before running the unit: withdraw the job when it took index 0).
         *
         * @param self the searcher's participant
         * @return the index claimed, or -1
         */
        int searchAndClaim(Participant self) {
            long claim = foreground.claimInScope(SCOPE);
            if (claim == Claim.NONE) {
                return -1;
            }
            foreground.afterClaim(self, claim);
            return Claim.index(claim);
        }

        int scopeBit() {
            return scopes.advertised(SCOPE).get(slot) ? 1 : 0;
        }

        int globalBit() {
            return scopes.global().get(slot) ? 1 : 0;
        }
    }

    @JCStressTest
    @Description("A thread that sees the publication (acquire read of the claim word) then reads the masks "
        + "finds the job advertised in both. r1: unclaimed units read; r2: global bit; r3: scope bit.")
    @Outcome(id = {"0, 0, 0", "0, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE,
        desc = "Read before the publication; the advertisement may be partly or wholly visible.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Saw the published unit and both advertise bits.")
    @Outcome(id = {"1, 0, .*", "1, .*, 0"}, expect = FORBIDDEN, desc = "A published unit was not advertised.")
    @Outcome(expect = FORBIDDEN,
        desc = "Global bit seen without the scope bit set before it (advertise sets scope, then global).")
    @State
    public static class PublishedImpliesAdvertised extends OneSlotOneScope {
        @Actor
        public void owner() {
            advertiseAndPublish(1);
        }

        @Actor
        public void observer(III_Result r) {
            r.r1 = table.unclaimed(slot);
            r.r2 = globalBit();
            r.r3 = scopeBit();
        }
    }

    @JCStressTest
    @Description("The owner advertises and publishes one unit while a searcher of its scope scans the mask, "
        + "claims and withdraws. Afterwards the job is either claimed and withdrawn, or still claimable and "
        + "advertised. r1: index the searcher claimed or -1; r2: scope bit; r3: global bit; r4: unclaimed.")
    @Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "The searcher claimed the unit and withdrew the job.")
    @Outcome(id = "-1, 1, 1, 1", expect = ACCEPTABLE,
        desc = "The searcher looked too early; the unit is still claimable and advertised for the next search.")
    @Outcome(id = "-1, 0, .*, 1", expect = FORBIDDEN, desc = "A claimable unit is invisible to searchers of its scope.")
    @Outcome(id = "0, 1, .*, 0", expect = FORBIDDEN, desc = "The bit is left set after the last unit was claimed and withdrawn.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class SearcherClaimsOrJobStaysAdvertised extends OneSlotOneScope {
        @Actor
        public void owner() {
            advertiseAndPublish(1);
        }

        @Actor
        public void searcher(IIII_Result r) {
            r.r1 = searchAndClaim(searcher);
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r2 = scopeBit();
            r.r3 = globalBit();
            r.r4 = table.unclaimed(slot);
        }
    }

    @JCStressTest
    @Description("Two searchers race for the two units of an advertised job; the one that takes index 0 "
        + "withdraws. r1, r2: indices claimed; r3: scope bit * 10 + global bit afterwards.")
    @Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE, desc = "Each claimed one unit; the job was withdrawn.")
    @Outcome(expect = FORBIDDEN, desc = "A unit claimed twice or missed, or a bit left set after the last claim.")
    @State
    public static class TwoSearchersLastWithdraws extends OneSlotOneScope {
        public TwoSearchersLastWithdraws() {
            advertiseAndPublish(2);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = searchAndClaim(searcher);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = searchAndClaim(otherSearcher);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = scopeBit() * 10 + globalBit();
        }
    }

    @JCStressTest
    @Description("Withdraw versus the slot's next advertisement. Job 1 (one unit) is advertised and published. "
        + "Actor 1 searches, claims index 0, withdraws, runs the unit and completes. Actor 2, job 1's owner, "
        + "if it sees job 1 complete, releases the slot, reserves it again, and advertises and publishes job 2 "
        + "in the same scope. r1: index actor 1 claimed; r2: 1 if job 2 was published, 0 if job 1 was not "
        + "complete yet, 2 if the slot could not be reserved, 3 if the unit's write was not visible after the "
        + "completion; r3: scope bit * 10 + global bit; r4: unclaimed.")
    @Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "Job 1 was not complete when its owner looked; it was withdrawn.")
    @Outcome(id = "0, 1, 11, 1", expect = ACCEPTABLE, desc = "Job 2 was published and stays advertised.")
    @Outcome(id = "0, 1, (0|1|10), 1", expect = FORBIDDEN,
        desc = "Job 1's withdraw cleared job 2's advertisement: a claimable unit is invisible.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class WithdrawBeforeSlotReuse extends OneSlotOneScope {
        private int unitResult;

        public WithdrawBeforeSlotReuse() {
            // Job 1: one incomplete unit, the one actor 1 claims (a one-unit job, as an offered half is).
            publishJob(1);
        }

        @Actor
        public void lastClaimer(IIII_Result r) {
            int index = searchAndClaim(searcher);
            r.r1 = index;
            if (index >= 0) {
                unitResult = 1;
                table.complete(slot, 1);
            }
        }

        @Actor
        public void ownerThenNextOwner(IIII_Result r) {
            if (table.incomplete(slot) != 0) {
                r.r2 = 0;
                return;
            }
            table.release(slot);
            int next = table.reserve(0);
            if (next != slot) {
                r.r2 = 2;
                return;
            }
            // Job 2: two units, one claimable (the owner keeps the other).
            publishJob(2);
            r.r2 = unitResult == 1 ? 1 : 3;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r3 = scopeBit() * 10 + globalBit();
            r.r4 = table.unclaimed(slot);
        }
    }
}
