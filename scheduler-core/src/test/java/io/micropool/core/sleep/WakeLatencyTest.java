package io.micropool.core.sleep;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The running average of wake-up latencies: first sample, weight, bounds. */
class WakeLatencyTest {
    @Test
    void theFirstSampleSetsTheAverageAndEachLaterOneMovesItAnEighthOfTheWay() {
        WakeLatency latency = new WakeLatency();
        assertEquals(0, latency.nanos());
        latency.record(40_000);
        assertEquals(40_000, latency.nanos());
        latency.record(120_000);
        assertEquals(40_000 + 80_000 / WakeLatency.WEIGHT, latency.nanos());
    }

    @Test
    void samplesAreBoundedToZeroAndAMillisecond() {
        WakeLatency latency = new WakeLatency();
        latency.record(5_000_000_000L);
        assertEquals(WakeLatency.MAX_SAMPLE_NANOS, latency.nanos());
        WakeLatency other = new WakeLatency();
        other.record(10_000);
        other.record(-1_000_000);
        assertEquals(10_000 - 10_000 / WakeLatency.WEIGHT, other.nanos());
    }
}
