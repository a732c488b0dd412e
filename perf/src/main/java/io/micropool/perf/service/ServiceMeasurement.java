package io.micropool.perf.service;

/**
 * The results of one configuration: one pool, one kind of caller, one fan-out, one offered rate.
 *
 * @param callers           who made the requests
 * @param fanOut            how a request's units were expressed
 * @param pool              the pool's display name
 * @param poolFileId        the pool's name in file names
 * @param offeredPerSecond  requests due per second
 * @param machineShare      the offered rate as a share of what the machine's cores can serve
 * @param outcome           latencies, dispatch lateness and counts
 * @param coresBusy         process CPU time over wall time during the run
 * @param coresStolen       the machine's steal time over wall time ({@code NaN} if unknown)
 * @param cpuMicrosPerRequest process CPU time per request dispatched, in µs
 * @param bytesPerRequest   bytes allocated by all threads per request dispatched (approximate)
 * @param collections       garbage collections during the measurement
 */
record ServiceMeasurement(
    Callers callers,
    FanOut fanOut,
    String pool,
    String poolFileId,
    double offeredPerSecond,
    double machineShare,
    OpenLoopRun.Outcome outcome,
    double coresBusy,
    double coresStolen,
    double cpuMicrosPerRequest,
    double bytesPerRequest,
    long collections) {

    static final double NANOS_PER_MICRO = 1000.0;

    /** @return the latency at {@code percentile} (in {@code [0, 100]}) in µs; {@code NaN} if nothing completed */
    double latencyMicros(double percentile) {
        return outcome.latencies().getTotalCount() == 0 ? Double.NaN
            : outcome.latencies().getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /** @return the dispatcher's lateness at {@code percentile}, in µs */
    double latenessMicros(double percentile) {
        return outcome.lateness().getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /** @return the base name of this configuration's files, for example {@code virtual-invoke-micropool-14000} */
    String fileBaseName() {
        return callers.id + "-" + fanOut.id + "-" + poolFileId + "-" + Math.round(offeredPerSecond);
    }
}
