package io.micropool.stress;

import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Seats;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The seats virtual threads borrow ({@link Seats}): a seat is lent to one thread at a time, the next
 * borrower sees what the last one wrote to it, and a borrower finds its own seat in the owner table and
 * never another's.
 */
public final class SeatStress {
    private static final int COUNTED = ThreadCounters.PAIRS_KEPT;

    private SeatStress() {
    }

    static Seats seats(int count, int tableSize) {
        return new Seats(count, tableSize, seat -> new Participant(null, StressFixtures.NO_SPIN.newSpin(), -1,
            new ThreadCounters(null, false), null, seat));
    }

    /**
     * Borrows a seat, checks that the owner table gives it back to this thread, counts once on it (a plain
     * read and an opaque write: a second holder at the same time could lose a count), gives it back.
     *
     * @return 1 if it borrowed and found its seat, 0 if every seat was lent, 9 if it found another seat
     */
    static int borrowCountGiveBack(Seats seats) {
        Thread me = Thread.currentThread();
        Participant seat = seats.lend(me);
        if (seat == null) {
            return 0;
        }
        int found = seats.held(me) == seat && seat.toString().contains(me.getName()) ? 1 : 9;
        seat.counters().increment(COUNTED);
        seats.giveBack(seat);
        return found;
    }

    @JCStressTest
    @Description("Two threads borrow the one seat, count once on it and give it back. r1, r2: 1 if the "
        + "thread borrowed it (and found it as its own), 0 if it was lent at the time; r3: the seat's count, "
        + "read after both.")
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "One after the other: the second saw the first's count.")
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One borrowed while the other held it.")
    @Outcome(expect = FORBIDDEN, desc = "Both held it at once (a count lost), a count not handed on, or a "
        + "thread found a seat not its own.")
    @State
    public static class LendVersusLend {
        final Seats seats = seats(1, 64);

        @Actor
        public void first(III_Result r) {
            r.r1 = borrowCountGiveBack(seats);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = borrowCountGiveBack(seats);
        }

        @Arbiter
        public void after(III_Result r) {
            Participant seat = seats.lend(Thread.currentThread());
            r.r3 = seat == null ? -1 : (int) seat.counters().snapshot()[io.micropool.core.Counter.PAIRS_KEPT.ordinal()];
        }
    }

    @JCStressTest
    @Description("Two threads borrow one of two seats each while their owner-table windows overlap (a "
        + "table of one window), look their seats up and give them back. r1, r2: 1 if the thread found its "
        + "own seat; r3: seats still lent afterwards.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Each listed and found its own seat; both given back.")
    @Outcome(expect = FORBIDDEN, desc = "A thread found another's seat or none, or a seat stayed lent.")
    @State
    public static class ListVersusList {
        final Seats seats = seats(2, 8);

        @Actor
        public void first(III_Result r) {
            r.r1 = borrowCountGiveBack(seats);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = borrowCountGiveBack(seats);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = seats.lentCount();
        }
    }
}
