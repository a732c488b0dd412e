package io.micropool.stress;

import io.micropool.core.Counter;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The statistics counters. {@link ThreadCounters}: one writer, its own thread, counts with a plain read
 * and an opaque store; a snapshot reads opaque from another thread. A reader must see whole values (the
 * added amount sets both halves of the {@code long}, so a torn read shows) and never a counter going back.
 * {@link SharedCounters}: any thread adds with a {@code getAndAdd} to its stripe; no add may be lost, and a
 * snapshot sums whole values.
 */
public final class CounterStress {
    /** Added per count: one in each 32-bit half, so a torn read is a value no count produces. */
    private static final long DELTA = (1L << 32) + 1;
    private static final int OWN = Counter.UNITS_RUN_OWN.ordinal();

    private CounterStress() {
    }

    @JCStressTest
    @Description("The owning thread counts twice (plain read, opaque store); a reader snapshots twice. r1, r2: "
        + "the reader's two reads of the counter; r3: the value once both are done.")
    @Outcome(id = {"0, 0, 8589934594", "0, 4294967297, 8589934594", "0, 8589934594, 8589934594",
        "4294967297, 4294967297, 8589934594", "4294967297, 8589934594, 8589934594",
        "8589934594, 8589934594, 8589934594"}, expect = ACCEPTABLE, desc = "Whole values, never going back.")
    @Outcome(expect = FORBIDDEN, desc = "A torn value, a count lost, or a second read older than the first.")
    @State
    public static class SnapshotVersusCount {
        private final ThreadCounters counters = new ThreadCounters(Thread.currentThread(), true);

        @Actor
        public void owner() {
            counters.add(ThreadCounters.UNITS_RUN_OWN, DELTA);
            counters.add(ThreadCounters.UNITS_RUN_OWN, DELTA);
        }

        @Actor
        public void reader(JJJ_Result r) {
            r.r1 = counters.snapshot()[OWN];
            r.r2 = counters.snapshot()[OWN];
        }

        @Arbiter
        public void after(JJJ_Result r) {
            r.r3 = counters.snapshot()[OWN];
        }
    }

    /** @return counter {@link #OWN} of {@code counters}, summed over its stripes */
    static long sum(SharedCounters counters) {
        long[] sums = new long[Counter.COUNT];
        counters.addTo(sums);
        return sums[OWN];
    }

    @JCStressTest
    @Description("Two threads add to the shared (striped) counters at once, each to the stripe its id picks, "
        + "the second also reading a sum. r1: the second thread's sum, read after its own add; r2: the sum once "
        + "both are done.")
    @Outcome(id = {"4294967297, 8589934594", "8589934594, 8589934594"}, expect = ACCEPTABLE,
        desc = "Its own add seen, the other's seen or not yet; both in the end.")
    @Outcome(expect = FORBIDDEN, desc = "An add lost, a torn value, or its own add missing from its sum.")
    @State
    public static class SharedAddVersusAdd {
        private final SharedCounters counters = new SharedCounters();

        @Actor
        public void first() {
            counters.add(ThreadCounters.UNITS_RUN_OWN, DELTA);
        }

        @Actor
        public void second(JJ_Result r) {
            counters.add(ThreadCounters.UNITS_RUN_OWN, DELTA);
            r.r1 = sum(counters);
        }

        @Arbiter
        public void after(JJ_Result r) {
            r.r2 = sum(counters);
        }
    }
}
