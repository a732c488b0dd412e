package io.micropool.core.sleep;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cadence a worker learns: steady gaps, jitter, short idle stretches, and a pause. */
class ArrivalCadenceTest {
    private static final long MS = 1_000_000;
    private static final long MIN_IDLE = 50_000;

    private final ArrivalCadence cadence = new ArrivalCadence(MIN_IDLE);

    /** An arrival at {@code at}, after an idle stretch long enough to count. */
    private void arriveAt(long at) {
        cadence.idle(at - 10 * MIN_IDLE);
        cadence.arrived(at);
    }

    @Test
    void threeEqualGapsMakeASteadyCadenceThatExpectsTheNextArrivalOneGapLater() {
        arriveAt(0);
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "no gap yet");
        arriveAt(MS);
        arriveAt(2 * MS);
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "two gaps are not enough");
        arriveAt(3 * MS);
        assertEquals(4 * MS, cadence.expectedNanos());
        arriveAt(4 * MS);
        assertEquals(5 * MS, cadence.expectedNanos(), "the expectation moves with each arrival");
    }

    @Test
    void gapsWithinAQuarterOfTheirMeanAreSteadyAndWiderOnesAreNot() {
        arriveAt(0);
        arriveAt(MS);
        arriveAt(2 * MS + 60_000);
        arriveAt(3 * MS);
        // gaps 1.00, 1.06, 0.94 ms: spread 0.12 ms, under a quarter of the 1 ms mean
        assertEquals(4 * MS, cadence.expectedNanos());
        arriveAt(4 * MS + 230_000);
        // gaps 1.06, 0.94, 1.23 ms: spread 0.29 ms, over a quarter of the 1.08 ms mean
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "a jittery cadence is not anticipated");
        arriveAt(5 * MS + 230_000);
        // gaps 0.94, 1.23, 1.0 ms: spread 0.29 ms, a quarter of 1.06 ms is 0.26
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "a jittery cadence is not anticipated");
    }

    @Test
    void idleStretchesShorterThanTheMinimumAreNotArrivals() {
        arriveAt(0);
        arriveAt(MS);
        arriveAt(2 * MS);
        cadence.idle(2 * MS + 100_000);
        cadence.arrived(2 * MS + 100_000 + MIN_IDLE - 1);
        arriveAt(3 * MS);
        assertEquals(4 * MS, cadence.expectedNanos(), "the gaps between a frame's own calls leave the cadence alone");
    }

    @Test
    void aLateArrivalSpoilsTheCadenceUntilThreeSteadyGapsAreSeenAgain() {
        for (int i = 0; i <= 3; i++) {
            arriveAt(i * MS);
        }
        assertEquals(4 * MS, cadence.expectedNanos());
        arriveAt(10 * MS);
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "the gap across the pause disagrees");
        arriveAt(12 * MS);
        arriveAt(14 * MS);
        assertEquals(ArrivalCadence.NONE, cadence.expectedNanos(), "while it is one of the last three");
        arriveAt(16 * MS);
        assertEquals(18 * MS, cadence.expectedNanos(), "a new cadence is learnt");
    }

    @Test
    void onlyTheFirstSightingOfWorkEndsAnIdleStretchAndAnIdleStretchKeepsItsStart() {
        arriveAt(0);
        cadence.arrived(MS / 2);
        cadence.idle(MS - 10 * MIN_IDLE);
        cadence.idle(MS - MIN_IDLE / 2);
        cadence.arrived(MS);
        cadence.arrived(MS + 1);
        arriveAt(2 * MS);
        arriveAt(3 * MS);
        assertEquals(4 * MS, cadence.expectedNanos(),
            "work seen while not idle is no arrival, and a second idle() does not restart the stretch");
    }

    @Test
    void theMinimumIdleStretchMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ArrivalCadence(0));
    }
}
