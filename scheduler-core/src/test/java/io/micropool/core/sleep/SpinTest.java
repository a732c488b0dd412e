package io.micropool.core.sleep;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpinTest {
    /** A strategy that counts what the spin asks of it. */
    static final class CountingStrategy implements IdleStrategy {
        int idles;
        int resets;

        @Override
        public void idle(int workCount) {
            idles++;
        }

        @Override
        public void idle() {
            idles++;
        }

        @Override
        public void reset() {
            resets++;
        }
    }

    @Test
    void aPhaseIdlesWithTheConfiguredStrategyUntilItsBudgetIsSpent() {
        CountingStrategy strategy = new CountingStrategy();
        SpinPolicy policy = new SpinPolicy(2_000_000, () -> strategy);
        Spin spin = policy.newSpin(strategy);
        int resetsBefore = strategy.resets;
        long start = System.nanoTime();
        spin.begin();
        int idled = 0;
        while (spin.idle()) {
            idled++;
        }
        long took = System.nanoTime() - start;
        assertTrue(took >= 2_000_000, "the phase lasts its budget: " + took + " ns");
        assertEquals(resetsBefore + 1, strategy.resets, "begin resets the strategy");
        assertTrue(idled > 0 && strategy.idles >= idled, "every idle() that returned true idled: " + idled + " / " + strategy.idles);
        assertEquals(2_000_000, spin.spunNanos(), "a spent phase counts its budget");
    }

    @Test
    void aPhaseLeftEarlyCountsAnEstimateAndTheNextPhaseStartsAfresh() {
        SpinPolicy policy = new SpinPolicy(1_000_000_000L, CountingStrategy::new);
        Spin spin = policy.newSpin();
        spin.begin();
        for (int i = 0; i < 100; i++) {
            assertTrue(spin.idle(), "a one-second budget is not spent after 100 calls");
        }
        long estimate = spin.spunNanos();
        assertTrue(estimate >= 0 && estimate < 1_000_000_000L, "an estimate, not the budget: " + estimate);
        spin.begin(0);
        assertFalse(spin.idle(), "a zero budget ends at the first call");
        assertEquals(0, spin.spunNanos());
        spin.begin();
        assertTrue(spin.idle(), "a new phase has the whole budget again");
    }

    @Test
    void aPhaseThatGivesWayStillEndsAtItsBudget() {
        SpinPolicy policy = new SpinPolicy(1_000_000, CountingStrategy::new);
        Spin spin = policy.newSpin();
        long start = System.nanoTime();
        spin.beginGivingWay(3_000_000);
        while (spin.idle()) {
            // Spin.
        }
        assertTrue(System.nanoTime() - start >= 3_000_000, "its own budget, not the policy's");
        assertEquals(3_000_000, spin.spunNanos());
    }

    @Test
    void aNullStrategyIsRejected() {
        SpinPolicy policy = new SpinPolicy(0, CountingStrategy::new);
        assertThrows(NullPointerException.class, () -> policy.newSpin(null));
        assertThrows(NullPointerException.class, () -> new SpinPolicy(1_000, () -> null).newSpin());
    }
}
