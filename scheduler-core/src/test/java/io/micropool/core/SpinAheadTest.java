package io.micropool.core;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spin-ahead ({@link Builder#spinAheadNanos}): a worker that learnt a steady cadence of calls is spinning
 * when the next one comes, so the call wakes nobody; without it every call after an idle gap wakes the
 * parked worker; and a pool whose calls stop goes back to sleeping untimed.
 */
@Timeout(value = 60, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpinAheadTest {
    /** Between two calls: far beyond the 50 µs spin budget, so that the worker parks in between. */
    private static final long PERIOD_NANOS = 2_000_000;
    private static final int LEARNING_CALLS = 20;
    private static final int MEASURED_CALLS = 60;

    /**
     * How many calls find the worker spinning depends on the machine's timer and wake-up latencies and
     * on what else runs (on a 2-vCPU guest, 14 to 46 of 60 calls needed a wake-up from one run to the
     * next), so this one is not part of the default run: {@code mvn -pl scheduler-core -am test
     * -Dgroups=timing -Dmicropool.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}. The
     * cadence's logic is tested deterministically in {@code ArrivalCadenceTest}; the effect is measured in
     * {@code perf} ({@code FrameProbe}, the showcase's wake-up counts).
     */
    @Test
    @Tag("timing")
    void aSteadyCadenceFindsTheWorkerSpinningAndWakesItForFewCalls() {
        long ahead = 500_000;
        try (MicroPool pool = MicroPool.builder().workers(1).spinAheadNanos(ahead).build()) {
            assertEquals(ahead, pool.spinAheadNanos());
            long sent = wakeUpsSentByCadence(pool);
            assertTrue(sent < MEASURED_CALLS / 2,
                "a worker spinning ahead of the calls needs waking for few of them: " + sent + " of " + MEASURED_CALLS
                    + "; " + pool.stats());
        }
    }

    /**
     * The control of the test above, in the same opt-in group: a call wakes the worker only if the worker
     * got a CPU to park in the gap before it, so the count depends on what else runs (24 and 44 of 60
     * while another process kept both vCPUs of a 2-vCPU guest busy, at least 45 in every CI run before).
     */
    @Test
    @Tag("timing")
    void withoutSpinAheadEveryCallAfterAnIdleGapWakesTheWorker() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            assertEquals(0, pool.spinAheadNanos());
            long sent = wakeUpsSentByCadence(pool);
            assertTrue(sent >= MEASURED_CALLS * 3 / 4,
                "the control: a worker parks between calls and each call wakes it: " + sent + " of " + MEASURED_CALLS);
        }
    }

    @Test
    void whenTheCallsStopTheWorkerStopsWakingByItself() {
        try (MicroPool pool = MicroPool.builder().workers(1).spinAheadNanos(300_000).build()) {
            wakeUpsSentByCadence(pool);
            // The worker spins once for the next expected call, which does not come, then sleeps untimed.
            sleepMillis(30);
            long parks = worker(pool).get(Counter.PARKS);
            sleepMillis(100);
            long later = worker(pool).get(Counter.PARKS);
            assertTrue(later - parks <= 1, "no timed wake-ups once the calls stopped: " + (later - parks) + " parks");
        }
    }

    @Test
    void aNegativeSpinAheadIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MicroPool.builder().spinAheadNanos(-1));
    }

    /**
     * Calls {@code invoke(4, …)} of short units every {@link #PERIOD_NANOS}, spinning in between as a
     * frame loop does, and counts the wake-ups the caller sent during the calls after the learning ones.
     */
    private static long wakeUpsSentByCadence(MicroPool pool) {
        AtomicInteger units = new AtomicInteger();
        long due = System.nanoTime() + PERIOD_NANOS;
        long sentBefore = 0;
        for (int call = 0; call < LEARNING_CALLS + MEASURED_CALLS; call++) {
            if (call == LEARNING_CALLS) {
                sentBefore = caller(pool).get(Counter.WAKE_UPS_SENT);
            }
            while (System.nanoTime() - due < 0) {
                Thread.onSpinWait();
            }
            pool.invoke(4, i -> {
                busyFor(20_000);
                units.incrementAndGet();
            });
            due += PERIOD_NANOS;
        }
        assertEquals(4 * (LEARNING_CALLS + MEASURED_CALLS), units.get());
        return caller(pool).get(Counter.WAKE_UPS_SENT) - sentBefore;
    }

    private static ThreadStats caller(MicroPool pool) {
        String name = Thread.currentThread().getName();
        return pool.stats().threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static ThreadStats worker(MicroPool pool) {
        return pool.stats().threads().stream().filter(t -> t.role() == ThreadStats.Role.WORKER).findFirst()
            .orElseThrow();
    }

    private static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
