package io.micropool.perf.showcase;

import org.HdrHistogram.Histogram;

/**
 * The results of one configuration: one pool, one load level, one frame variant.
 *
 * @param pool                the pool's display name
 * @param poolFileId          the pool's name in file names
 * @param load                with or without background tasks
 * @param variant             the shape of the frames
 * @param latencies           frame latencies from due time to completion, in nanoseconds
 * @param outcome             frames run, late and skipped
 * @param coresBusy           process CPU time over wall time during the run
 * @param coresStolen         steal time of the whole machine over wall time during the run ({@code NaN}
 *                            if unknown): CPU the hypervisor gave to other guests
 * @param bytesPerFrame       bytes allocated by all threads during the run, per frame run (approximate)
 * @param backgroundPerSecond background tasks completed per second, {@code NaN} without load
 */
record Measurement(
    String pool,
    String poolFileId,
    Load load,
    FrameVariant variant,
    Histogram latencies,
    FrameLoop.Outcome outcome,
    double coresBusy,
    double coresStolen,
    double bytesPerFrame,
    double backgroundPerSecond) {

    /** Histograms hold nanoseconds; everything shown to people is in microseconds. */
    static final double NANOS_PER_MICRO = 1000.0;

    /**
     * @param percentile in {@code [0, 100]}
     * @return the latency at that percentile, in microseconds
     */
    double latencyMicros(double percentile) {
        return latencies.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /** @return the largest latency recorded, in microseconds */
    double maxMicros() {
        return latencies.getMaxValue() / NANOS_PER_MICRO;
    }

    /** @return the share of the frames due that missed their deadline (finished late or never ran) */
    double lateShare() {
        long due = outcome.frames() + outcome.skipped();
        return due == 0 ? 0 : (double) (outcome.late() + outcome.skipped()) / due;
    }

    /** @return the base name of this configuration's files, for example {@code micropool-load-nested} */
    String fileBaseName() {
        return poolFileId + "-" + load.id + "-" + variant.id;
    }
}
