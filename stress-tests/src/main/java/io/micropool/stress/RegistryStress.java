package io.micropool.stress;

import io.micropool.core.Counter;
import io.micropool.core.ThreadStats;
import io.micropool.core.stats.StatsRegistry;
import io.micropool.core.stats.ThreadCounters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The statistics registry's list ({@link StatsRegistry}): registrations push with a CAS while a sweep
 * unlinks ended entries behind the head, or a snapshot unlinks the head itself with a CAS. No entry may be
 * lost (its counts missing) or folded twice (counted twice).
 */
public final class RegistryStress {
    /** A thread that has ended: an entry registered for it is folded by the next sweep that sees it. */
    private static final Thread ENDED = endedThread();

    private RegistryStress() {
    }

    private static Thread endedThread() {
        // No lambda: its body would be a method of this class, still being initialised: a deadlock.
        Thread thread = new Thread("stress-ended");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return thread;
    }

    /** A registry holding {@code entries} ended entries, each having counted one unit submitted. */
    static StatsRegistry withEnded(int entries) {
        StatsRegistry registry = new StatsRegistry();
        for (int i = 0; i < entries; i++) {
            registry.register(ENDED, false).increment(ThreadCounters.UNITS_SUBMITTED);
        }
        return registry;
    }

    /**
     * @return the threads a snapshot accounts for: one per caller entry, plus the number the ended entry
     *         folded (its name starts with it) — whether a jcstress actor thread had ended by then or not
     */
    static int threadsIn(StatsRegistry.Snapshot snapshot) {
        int threads = 0;
        for (ThreadStats entry : snapshot.threads()) {
            if (entry.role() == ThreadStats.Role.CALLER) {
                threads++;
            } else if (entry.role() == ThreadStats.Role.ENDED) {
                threads += Integer.parseInt(entry.name().substring(0, entry.name().indexOf(' ')));
            }
        }
        return threads;
    }

    /** What a thread's first call does: registers itself (alive, so never folded meanwhile), then counts. */
    static void registerAndCount(StatsRegistry registry) {
        registry.register(Thread.currentThread(), false).increment(ThreadCounters.UNITS_SUBMITTED);
    }

    @JCStressTest
    @Description("Two threads register at once on a list of four ended entries: each pushes with a CAS and "
        + "may sweep (one at a time) behind the head. r1: units submitted in the totals of a snapshot taken "
        + "after both; r2: threads that snapshot accounts for (listed, or folded as ended).")
    @Outcome(id = "6, 6", expect = ACCEPTABLE, desc = "Every entry counted exactly once, listed or folded.")
    @Outcome(expect = FORBIDDEN, desc = "An entry lost or folded twice, or left unfolded.")
    @State
    public static class PushVersusPush {
        final StatsRegistry registry = withEnded(4);

        @Actor
        public void first() {
            registerAndCount(registry);
        }

        @Actor
        public void second() {
            registerAndCount(registry);
        }

        @Arbiter
        public void after(II_Result r) {
            StatsRegistry.Snapshot snapshot = registry.snapshot();
            r.r1 = (int) snapshot.total().get(Counter.UNITS_SUBMITTED);
            r.r2 = threadsIn(snapshot);
        }
    }

    @JCStressTest
    @Description("A thread registers while a snapshot folds the ended head with a CAS of the head. r1: "
        + "units submitted in the totals of a snapshot taken after both; r2: threads that snapshot accounts for "
        + "(listed, or folded as ended).")
    @Outcome(id = "4, 4", expect = ACCEPTABLE, desc = "Every entry counted exactly once, listed or folded.")
    @Outcome(expect = FORBIDDEN, desc = "The pushed entry lost with the head, or an entry folded twice.")
    @State
    public static class PushVersusSnapshot {
        final StatsRegistry registry = withEnded(3);

        @Actor
        public void register() {
            registerAndCount(registry);
        }

        @Actor
        public void snapshot() {
            registry.snapshot();
        }

        @Arbiter
        public void after(II_Result r) {
            StatsRegistry.Snapshot snapshot = registry.snapshot();
            r.r1 = (int) snapshot.total().get(Counter.UNITS_SUBMITTED);
            r.r2 = threadsIn(snapshot);
        }
    }
}
