package io.micropool.stress;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.sleep.IdleCounts;
import io.micropool.core.sleep.SleepDescriptor;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.trace.Tracer;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.Participant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The sleep protocol of {@link Sleepers}: a publisher sets an advertise bit and calls
 * {@link Sleepers#wakeOne}; a worker that counts as a spinner announces sleep
 * ({@link Sleepers#announceSleep}: {@code prepareSleep}, the re-check, and {@code cancelSleep} if it finds
 * work) or would park. The two form a Dekker pair; a worker left SLEEPING while the publisher did not wake
 * it is a lost wake-up. Where the scheduler's tables are involved, the actors call the shipped methods:
 * the publisher {@code ForegroundScheduler.publish} (prepare, advertise, publish, {@code signalWork} with
 * its skip when a worker spins), the worker {@code Sleepers.announceSleep} with the worker loop's
 * re-check of the global mask.
 *
 * <p>The registered worker thread is never started, so the unpark in {@code wakeOne} does nothing; the
 * arbiter asks {@link Sleepers#awaitWakeUp} with a stop condition that is already true, which returns at
 * once: true if the worker's flag reads AWAKE (woken or cancelled), false if it still reads SLEEPING.
 */
public final class SleepWakeStress {
    private static final int WORKER = 0;

    private SleepWakeStress() {
    }

    /** One worker, registered and counted as a spinner, as the worker loop leaves it before it sleeps. */
    abstract static class OneSpinningWorker {
        final Sleepers sleepers = new Sleepers(1);

        OneSpinningWorker() {
            sleepers.register(WORKER, StressFixtures.NEVER_STARTED);
            sleepers.startSpinning();
        }

        /** @return 1 if the worker's flag reads AWAKE, 0 if it still reads SLEEPING; never parks */
        int awake() {
            return sleepers.awaitWakeUp(WORKER, () -> true) ? 1 : 0;
        }

        /** @return the idle counts as sleepers * 10 + spinners */
        int counts() {
            long counts = sleepers.idleCounts();
            return IdleCounts.sleepers(counts) * 10 + IdleCounts.spinners(counts);
        }
    }

    /** One worker that announced sleep ({@link Sleepers#prepareSleep}) and has not re-checked yet. */
    abstract static class OneSleepingWorker extends OneSpinningWorker {
        OneSleepingWorker() {
            sleepers.prepareSleep(WORKER);
        }
    }

    /**
     * Outcomes shared by the publisher-versus-worker tests. r1: wake-ups the publisher sent; r2: the worker's
     * re-check saw work; r3: awake; r4: counts.
     */
    @Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE,
        desc = "The worker's re-check saw the work and it cancelled its sleep; the publisher saw a spinner and did not wake.")
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "The worker saw the work, but the publisher's wake won the CAS before its cancel: a harmless extra wake.")
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE,
        desc = "The worker's re-check missed the work; the publisher saw it sleeping and woke it.")
    @Outcome(id = "0, 0, 0, 10", expect = FORBIDDEN,
        desc = "Lost wake-up: the worker would park, the publisher did not wake it, its flag stays SLEEPING.")
    @Outcome(expect = FORBIDDEN, desc = "Idle counts out of balance, or any other result.")
    public static class PublisherVersusWorkerOutcomes {
    }

    @JCStressTest
    @JCStressMeta(PublisherVersusWorkerOutcomes.class)
    @Description("Dekker pair on the bare primitives: publisher = AtomicBitSet.set then wakeOne; worker = "
        + "Sleepers.announceSleep re-checking the advertise word.")
    @State
    public static class SetBitVersusPrepareSleep extends OneSpinningWorker {
        private final AtomicBitSet advertised = AtomicBitSet.allocate(1);

        @Actor
        public void publisher(IIII_Result r) {
            advertised.set(0);
            r.r1 = sleepers.wakeOne() ? 1 : 0;
        }

        @Actor
        public void worker(IIII_Result r) {
            r.r2 = sleepers.announceSleep(WORKER, () -> advertised.word(0) != 0) ? 0 : 1;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r3 = awake();
            r.r4 = counts();
        }
    }

    @JCStressTest
    @JCStressMeta(PublisherVersusWorkerOutcomes.class)
    @Description("Dekker pair through the shipped methods: publisher = ForegroundScheduler.publish (prepare, "
        + "ScopeTable.advertise, publish, signalWork: no wake-up while a worker spins, else a parked owner of "
        + "the scope or wakeOne); worker = Sleepers.announceSleep re-checking ForegroundScheduler.anyAdvertised "
        + "(the worker loop's re-check of the global mask).")
    @State
    public static class AdvertiseVersusWorkerRecheck extends OneSpinningWorker {
        private final JobSlotTable table = new JobSlotTable(1);
        private final ScopeTable scopes = new ScopeTable(1, 1);
        private final ForegroundScheduler foreground =
            StressFixtures.foreground(table, scopes, sleepers);
        private final int slot = table.reserve(0);
        private final Participant publisher = StressFixtures.caller();

        @Actor
        public void publisher(IIII_Result r) {
            foreground.publish(publisher, slot, 0, StressFixtures.KIND, 2, new Object(), null, 0);
            r.r1 = StressFixtures.wakeUpsSent(publisher);
        }

        @Actor
        public void worker(IIII_Result r) {
            r.r2 = sleepers.announceSleep(WORKER, foreground::anyAdvertised) ? 0 : 1;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r3 = awake();
            r.r4 = counts();
        }
    }

    @JCStressTest
    @Description("A worker that announced sleep; a publisher's wakeOne races with the worker's own cancelSleep: "
        + "exactly one CAS wins and moves the worker back to the spinners once. r1: wakeOne; r2: awake; "
        + "r3: counts (sleepers * 10 + spinners).")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The publisher's wake won; the cancel found the flag AWAKE.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The cancel won; the publisher found the worker no longer sleeping.")
    @Outcome(id = ".*, .*, 2", expect = FORBIDDEN, desc = "Both moved the worker to the spinners: it is counted twice.")
    @Outcome(expect = FORBIDDEN, desc = "The worker is left SLEEPING or miscounted.")
    @State
    public static class WakeVersusCancel extends OneSleepingWorker {
        @Actor
        public void publisher(III_Result r) {
            r.r1 = sleepers.wakeOne() ? 1 : 0;
        }

        @Actor
        public void worker() {
            sleepers.cancelSleep(WORKER);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = awake();
            r.r3 = counts();
        }
    }

    @JCStressTest
    @Description("A worker sleeping with a deadline (spin-ahead) reaches it while a publisher's wakeOne races: "
        + "the worker's wait returns woken or timed out, and a timed-out worker takes its sleep back with "
        + "cancelSleep, whose CAS decides against the waker's. r1: wakeOne; r2: the wait returned woken; "
        + "r3: the worker took its sleep back (so goes on as not woken); r4: counts (sleepers * 10 + spinners).")
    @Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE, desc = "The publisher woke the worker before its deadline check.")
    @Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "The worker timed out, but the publisher's CAS won before its cancel: it goes on as woken.")
    @Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE,
        desc = "The worker timed out and took its sleep back first; the publisher found nobody asleep.")
    @Outcome(id = "1, .*, 1, .*", expect = FORBIDDEN,
        desc = "The worker took back a sleep the publisher had ended: a wake-up counted twice.")
    @Outcome(expect = FORBIDDEN, desc = "The worker is left SLEEPING or miscounted.")
    @State
    public static class WakeVersusDeadline extends OneSleepingWorker {
        @Actor
        public void publisher(IIII_Result r) {
            r.r1 = sleepers.wakeOne() ? 1 : 0;
        }

        @Actor
        public void worker(IIII_Result r) {
            // A deadline already past: the wait reads the flag once and never parks.
            boolean woken = sleepers.awaitWakeUp(WORKER, () -> false, System.nanoTime() - 1);
            r.r2 = woken ? 1 : 0;
            r.r3 = !woken && sleepers.cancelSleep(WORKER) ? 1 : 0;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r4 = counts();
        }
    }

    @JCStressTest
    @Description("Spin-ahead: a worker spinning ahead of an expected arrival closes its window while a caller "
        + "publishes (advertise bit, then anySpinning, which skips the wake-up and stamps the call for an ahead "
        + "spinner) and takes its work back at once (clears the bit). After closing, the worker looks for the "
        + "bit and then for the stamp. r1: the worker saw the bit; r2: the worker read a stamp; r3: a stamp "
        + "exists once both are done (the caller saw the worker ahead); r4: the caller's anySpinning.")
    @Outcome(id = {"0, 0, 0, 1", "1, 0, 0, 1"}, expect = ACCEPTABLE,
        desc = "The caller came after the window closed (no stamp); the worker may still have seen the bit.")
    @Outcome(id = {"0, 1, 1, 1", "1, 1, 1, 1"}, expect = ACCEPTABLE,
        desc = "The caller saw the worker ahead and stamped; the worker read the stamp.")
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "The caller stamped after the worker's read of the stamp, but the worker saw the bit instead.")
    @Outcome(id = "0, 0, 1, 1", expect = FORBIDDEN,
        desc = "A call the caller meant for the ahead spinner, seen by it neither as work nor as a stamp.")
    @Outcome(expect = FORBIDDEN, desc = "The caller did not count the worker a spinner, or any other result.")
    @State
    public static class AheadCallVersusWindowEnd extends OneSpinningWorker {
        private final AtomicBitSet advertised = AtomicBitSet.allocate(1);

        @Actor
        public void caller(IIII_Result r) {
            advertised.set(0);
            r.r4 = sleepers.anySpinning() ? 1 : 0;
            advertised.clear(0);
        }

        @Actor
        public void worker(IIII_Result r) {
            sleepers.openAheadWindow();
            sleepers.closeAheadWindow();
            r.r1 = advertised.word(0) != 0 ? 1 : 0;
            r.r2 = sleepers.aheadCall() != SleepDescriptor.NO_CALL ? 1 : 0;
        }

        @Arbiter
        public void after(IIII_Result r) {
            r.r3 = sleepers.aheadCall() != SleepDescriptor.NO_CALL ? 1 : 0;
        }
    }

    @JCStressTest
    @Description("Two publishers call wakeOne for one sleeping worker: exactly one wakes it. r1, r2: wakeOne "
        + "results; r3: counts (sleepers * 10 + spinners).")
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One publisher woke the worker, the other found it awake.")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both woke the same worker: counted twice.")
    @Outcome(expect = FORBIDDEN, desc = "Nobody woke the sleeping worker, or the counts are out of balance.")
    @State
    public static class TwoWakersOneSleeper extends OneSleepingWorker {
        @Actor
        public void first(III_Result r) {
            r.r1 = sleepers.wakeOne() ? 1 : 0;
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = sleepers.wakeOne() ? 1 : 0;
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = counts();
        }
    }

    @JCStressTest
    @Description("Two workers: one found work while it counted as a spinner and now stops (stopSpinning, then "
        + "ForegroundScheduler.passOn), the other sleeps; a publisher publishes a job (ForegroundScheduler.publish). "
        + "The publisher skips its wake-up if the first worker still counts as spinning; then that worker's "
        + "passOn must see the job and wake the sleeper. r1: wake-ups the publisher sent; r2: the sleeper is "
        + "awake; r3: counts (sleepers * 10 + spinners).")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The publisher saw no spinner and woke the sleeper.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE,
        desc = "The publisher counted on the spinner; the stopping spinner saw the job and woke the sleeper.")
    @Outcome(id = "0, 0, 10", expect = FORBIDDEN,
        desc = "Lost wake-up: the job is advertised, nobody spins, and the sleeper was never woken.")
    @Outcome(expect = FORBIDDEN, desc = "Idle counts out of balance, or any other result.")
    @State
    public static class StoppingSpinnerVersusPublisher {
        private static final int SLEEPER = 1;
        private final Sleepers sleepers = new Sleepers(2);
        private final JobSlotTable table = new JobSlotTable(1);
        private final ScopeTable scopes = new ScopeTable(1, 1);
        private final ForegroundScheduler foreground =
            StressFixtures.foreground(table, scopes, sleepers);
        private final int slot = table.reserve(0);
        private final Participant spinner = new Participant(StressFixtures.NEVER_STARTED, StressFixtures.NO_SPIN.newSpin(),
            WORKER, new ThreadCounters(StressFixtures.NEVER_STARTED, true));

        public StoppingSpinnerVersusPublisher() {
            sleepers.register(WORKER, StressFixtures.NEVER_STARTED);
            sleepers.register(SLEEPER, StressFixtures.NEVER_STARTED);
            sleepers.startSpinning();
            sleepers.startSpinning();
            sleepers.prepareSleep(SLEEPER);
        }

        private final Participant publisher = StressFixtures.caller();

        @Actor
        public void publisher(III_Result r) {
            foreground.publish(publisher, slot, 0, StressFixtures.KIND, 2, new Object(), null, 0);
            r.r1 = StressFixtures.wakeUpsSent(publisher);
        }

        @Actor
        public void stoppingSpinner() {
            // It polled a task (no slot claimed) and the queue is empty now: only the job can make it wake.
            sleepers.stopSpinning();
            foreground.passOn(spinner, -1, false);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = sleepers.awaitWakeUp(SLEEPER, () -> true) ? 1 : 0;
            long counts = sleepers.idleCounts();
            r.r3 = IdleCounts.sleepers(counts) * 10 + IdleCounts.spinners(counts);
        }
    }
}
