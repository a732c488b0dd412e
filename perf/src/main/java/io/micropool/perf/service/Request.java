package io.micropool.perf.service;

/**
 * One request of the service: {@value #UNITS} units of busy CPU work, each between
 * {@value #MIN_UNIT_MICROS} and {@value #MAX_UNIT_MICROS} µs, {@value #MEAN_REQUEST_NANOS} ns on average.
 * A unit's length is a function of the request's index and the unit's, so every pool gets the same
 * sequence of requests.
 *
 * <p>A unit spins on {@link System#nanoTime} (the work itself, as in the game-loop showcase) and stops
 * early once the run is {@linkplain OpenLoopRun.Stop stopped}, so that a pool which fell behind drains at
 * once when the run gives up on it. An instance is also the context of micropool's non-capturing
 * {@code invoke(count, context, job)}.
 */
final class Request {
    /** Units per request. */
    static final int UNITS = 8;
    static final int MIN_UNIT_MICROS = 5;
    static final int MAX_UNIT_MICROS = 20;
    /** The mean busy time of a request: 8 units of 12.5 µs. */
    static final long MEAN_REQUEST_NANOS = UNITS * (MIN_UNIT_MICROS + MAX_UNIT_MICROS) * 1000L / 2;

    /** The request's number in its run. */
    final long index;
    /** When the request was due ({@link System#nanoTime}): its latency counts from here. */
    final long dueNanos;
    private final OpenLoopRun.Stop stop;

    Request(long index, long dueNanos, OpenLoopRun.Stop stop) {
        this.index = index;
        this.dueNanos = dueNanos;
        this.stop = stop;
    }

    /** Runs unit {@code unit} of this request on the calling thread. */
    void unit(int unit) {
        long end = System.nanoTime() + unitNanos(index, unit);
        while (System.nanoTime() - end < 0 && !stop.stopped) {
            // spin: the loop itself is the busy work
        }
    }

    /** {@code invoke(count, context, job)}'s job: unit {@code unit} of {@code request}. */
    static void runUnit(Request request, int unit) {
        request.unit(unit);
    }

    /** @return the length of unit {@code unit} of request {@code index}: 5 to 20 µs, evenly spread */
    static long unitNanos(long index, int unit) {
        long mixed = (index * UNITS + unit) * 0x9E3779B97F4A7C15L;
        int span = MAX_UNIT_MICROS - MIN_UNIT_MICROS + 1;
        return (MIN_UNIT_MICROS + (mixed >>> 33) % span) * 1000L;
    }
}
