package io.micropool.stress;

import io.micropool.api.Fork;
import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.Tracer;
import io.micropool.core.foreground.Claim;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.PairPath;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.WorkRequests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The two-half calls' latent frames, driven through the shipped entry points: an owner thread calls
 * {@code Participant.joinLong} / {@code joinRunnables} (the very methods {@code Fork} and {@code MicroPool}
 * call), whose pair path pushes the second half, offers it ({@code PairPath} → {@code ForegroundScheduler.publish})
 * and finishes it (claim back, or wait and take the result); a thief thread asks for work
 * ({@code WorkRequests.raise}) and takes what is advertised as a worker does
 * ({@code ForegroundScheduler.claimAny} then {@code runClaimed}). The pair path answers at once here (its
 * share-after times are 0), so every interleaving of the request with the owner's calls is reachable.
 */
public final class PairPathStress {
    /** How often the thief looks for an advertised unit before it gives up. */
    private static final int THIEF_LOOKS = 200;

    private PairPathStress() {
    }

    /** One pool's foreground tier, without worker threads: one scope, {@code slots} job slots. */
    static final class Tier {
        final JobSlotTable slots;
        final ScopeTable scopes;
        final ForegroundScheduler foreground;
        final PairPath pairs;
        final WorkRequests requests;

        Tier(int slotCount) {
            slots = new JobSlotTable(slotCount);
            scopes = new ScopeTable(1, slotCount);
            Sleepers sleepers = new Sleepers(1);
            sleepers.register(0, StressFixtures.NEVER_STARTED);
            Tracer tracer = new Tracer();
            foreground = new ForegroundScheduler(slots, scopes, sleepers, tracer);
            pairs = new PairPath(foreground, tracer, () -> false, 0, 0);
            requests = foreground.requests();
        }

        /** @return a participant for the calling thread: an outside caller, or worker 0 */
        Participant participant(boolean worker) {
            Thread thread = Thread.currentThread();
            return new Participant(thread, StressFixtures.NO_SPIN.newSpin(), worker ? 0 : -1,
                new ThreadCounters(thread, worker), pairs);
        }

        /** The thief: asks for work, takes one advertised unit if one shows up and runs it; stops asking. */
        void steal() {
            Participant self = participant(true);
            requests.raise();
            try {
                for (int look = 0; look < THIEF_LOOKS; look++) {
                    long claim = foreground.claimAny();
                    if (claim != Claim.NONE) {
                        foreground.runClaimed(self, claim, ThreadCounters.UNITS_RUN_BY_IDLE_WORKER);
                        return;
                    }
                    Thread.onSpinWait();
                }
            } finally {
                requests.lower();
            }
        }

        /** @return slots still reserved, scopes still in use and advertise bits still set, summed */
        int leftovers() {
            AtomicBitSet global = scopes.global();
            AtomicBitSet scope = scopes.advertised(0);
            return slots.reservedCount() + scopes.inUse() + global.cardinality() + scope.cardinality();
        }
    }

    /** A half of the owner's join: half 1 makes a nested join, half 0 doubles its value and counts its runs. */
    static final class Half {
        final boolean first;
        final int value;
        final AtomicInteger runs;
        volatile Thread ranOn;

        Half(boolean first, int value, AtomicInteger runs) {
            this.first = first;
            this.value = value;
            this.runs = runs;
        }
    }

    /** Non-capturing: half 1's nested join is where the owner answers a request, with the root's half 0. */
    private static final Fork.ToLongFunction<Half> HALF = (fork, half) -> {
        if (half.first) {
            return fork.joinLong((Fork.IntToLongFunction) (f, n) -> n, 600, 400, Long::sum);
        }
        half.runs.incrementAndGet();
        half.ranOn = Thread.currentThread();
        return 2L * half.value;
    };

    @JCStressTest
    @Description("Request versus answer, and the answered half's way back. The owner (actor 1) calls "
        + "joinLong(HALF, first, second): the outermost call pushes the second half (21, to double) as a "
        + "latent frame; the first half's nested join answers a request if it sees one, offering the oldest "
        + "latent frame: the second half. The owner then claims it back, or waits for the thread that took it "
        + "and takes its result from the slot. The thief (actor 2) raises a request and looks for an "
        + "advertised unit a bounded number of times, running what it claims as a worker does. "
        + "r1: the owner's result (1042 expected: 600 + 400 + 2 x 21); r2: 1 if the second half ran on the "
        + "thief; r3: how many times the second half ran; r4: slots, scopes and advertise bits left over.")
    @Outcome(id = "1042, 0, 1, 0", expect = ACCEPTABLE, desc = "The owner ran the second half: not offered in time, or claimed back.")
    @Outcome(id = "1042, 1, 1, 0", expect = ACCEPTABLE, desc = "The thief took the second half; the owner saw its argument's result.")
    @Outcome(id = {"0, 1, 1, 0", "0, 0, 1, 0", "42, .*", "1000, .*"}, expect = FORBIDDEN,
        desc = "A half's result lost: the thief saw no argument, or the owner read the slot before the result.")
    @Outcome(id = ".*, .*, 2, .*", expect = FORBIDDEN, desc = "The second half ran twice.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result: a half lost, or a slot, scope or bit leaked.")
    @State
    public static class RequestVersusAnswer {
        private final Tier tier = new Tier(2);
        private final AtomicInteger runs = new AtomicInteger();
        private final Half first = new Half(true, 0, runs);
        private final Half second = new Half(false, 21, runs);

        @Actor
        public void owner(IIII_Result r) {
            r.r1 = (int) tier.participant(false).joinLong(HALF, first, second, Long::sum);
        }

        @Actor
        public void thief(IIII_Result r) {
            Thread me = Thread.currentThread();
            tier.steal();
            r.r2 = second.ranOn == me ? 1 : 0;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r3 = runs.get();
            r.r4 = tier.leftovers();
        }
    }

    @JCStressTest
    @Description("A failed first half versus a thief taking the second, for join(a, b), whose second half is "
        + "skipped if it has not started when the first fails. The owner (actor 1) calls joinRunnables(a, b): "
        + "the outermost call offers b at once; a throws; the owner records the failure in b's slot, then "
        + "claims b back (and skips it) or waits for the thief. The thief (actor 2) takes what is advertised "
        + "and runs it, skipping it if the job has failed. r1: 1 if the owner rethrew a's exception itself; "
        + "r2: how many times b ran; r3: 1 if b ran on the thief; r4: leftovers.")
    @Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "b skipped: claimed back, or the thief saw the failure first.")
    @Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "The thief started b before a's failure was recorded.")
    @Outcome(id = "1, 1, 0, 0", expect = FORBIDDEN, desc = "The owner ran b after a had failed.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result: the failure lost or replaced, b run twice, a leak.")
    @State
    public static class FailedFirstHalfVersusTake {
        private final Tier tier = new Tier(1);
        private final RuntimeException failure = new IllegalStateException("a failed");
        private final AtomicInteger runs = new AtomicInteger();
        private volatile Thread ranOn;
        private final Runnable a = () -> {
            throw failure;
        };
        private final Runnable b = () -> {
            runs.incrementAndGet();
            ranOn = Thread.currentThread();
        };

        @Actor
        public void owner(IIII_Result r) {
            try {
                tier.participant(false).joinRunnables(a, b);
            } catch (RuntimeException thrown) {
                r.r1 = thrown == failure ? 1 : 0;
            }
        }

        @Actor
        public void thief(IIII_Result r) {
            Thread me = Thread.currentThread();
            tier.steal();
            r.r3 = ranOn == me ? 1 : 0;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r2 = runs.get();
            r.r4 = tier.leftovers();
        }
    }
}
