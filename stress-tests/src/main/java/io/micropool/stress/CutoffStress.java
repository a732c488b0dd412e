package io.micropool.stress;

import io.micropool.core.iter.Cutoff;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZJ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The early-exit bound of a parallel-stream operation, {@link Cutoff}: lowered by chunks with a CAS-min,
 * read opaque before each element. It must only go down, the lowest lowering must win, and a lowering to
 * a position must never make a chunk skip an earlier position.
 */
public final class CutoffStress {
    private CutoffStress() {
    }

    @JCStressTest
    @Description("Two chunks find matches at positions 5 and 3 at the same time (findFirst): the bound "
        + "ends at 3 whatever the order, and the lowering to 3 always succeeds.")
    @Outcome(id = "true, true, 3", expect = ACCEPTABLE, desc = "5 lowered first, then 3 lowered it further.")
    @Outcome(id = "false, true, 3", expect = ACCEPTABLE, desc = "3 lowered first; 5 found it already lower.")
    @Outcome(expect = FORBIDDEN, desc = "The higher lowering overwrote the lower one, or 3 was refused.")
    @State
    public static class LowestLoweringWins {
        final Cutoff cutoff = new Cutoff();

        @Actor
        public void five(ZZJ_Result r) {
            r.r1 = cutoff.lowerTo(5);
        }

        @Actor
        public void three(ZZJ_Result r) {
            r.r2 = cutoff.lowerTo(3);
        }

        @Arbiter
        public void bound(ZZJ_Result r) {
            r.r3 = cutoff.get();
        }
    }

    @JCStressTest
    @Description("A chunk finds a match at position 4 while another checks positions 2 and 6: position 2 "
        + "is always admitted, position 6 may or may not be.")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "The checker ran before the lowering was visible.")
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The checker saw the lowering before position 6.")
    @Outcome(expect = FORBIDDEN, desc = "A position before the match was skipped.")
    @State
    public static class MatchSkipsOnlyLaterPositions {
        final Cutoff cutoff = new Cutoff();

        @Actor
        public void finder() {
            cutoff.lowerTo(4);
        }

        @Actor
        public void checker(ZZ_Result r) {
            r.r1 = cutoff.admits(2);
            r.r2 = cutoff.admits(6);
        }
    }

    @JCStressTest
    @Description("stopAll (a match of anyMatch, or a failure) against a chunk reading the bound twice for "
        + "the same position: once it reads stopped, it never reads admitted again.")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both reads before the stop was visible.")
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The stop became visible between the reads.")
    @Outcome(id = "false, false", expect = ACCEPTABLE, desc = "Both reads saw the stop.")
    @Outcome(id = "false, true", expect = FORBIDDEN, desc = "The bound went back up: reads were not coherent.")
    @State
    public static class StopIsNeverUndone {
        final Cutoff cutoff = new Cutoff();

        @Actor
        public void stopper() {
            cutoff.stopAll();
        }

        @Actor
        public void chunk(ZZ_Result r) {
            r.r1 = cutoff.admits(0);
            r.r2 = cutoff.admits(0);
        }
    }
}
