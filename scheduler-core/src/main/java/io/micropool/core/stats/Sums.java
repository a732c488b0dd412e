package io.micropool.core.stats;

/**
 * Addition of counters that stops at {@link Long#MAX_VALUE} instead of wrapping. One thread's counter
 * cannot wrap in practice (a nanosecond count at one per nanosecond takes 292 years), but a total over
 * many threads can: the time 64 threads spend parked adds up at 64 nanoseconds per nanosecond and would
 * pass {@code Long.MAX_VALUE} after four and a half years of uptime. Every sum a snapshot makes goes
 * through here, so a total that reaches the limit stays there and never turns negative.
 */
final class Sums {
    private Sums() {
    }

    /**
     * @param a a count, at least 0
     * @param b a count, at least 0
     * @return {@code a + b}, or {@link Long#MAX_VALUE} if that does not fit
     */
    static long add(long a, long b) {
        long sum = a + b;
        // Both non-negative: the sum overflowed exactly when it came out negative.
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
