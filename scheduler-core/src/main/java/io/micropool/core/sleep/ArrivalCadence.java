package io.micropool.core.sleep;

/**
 * When work is likely to arrive next, learnt by one idle worker from when it arrived before: the clock
 * behind the spin-ahead policy ({@code Builder.spinAheadNanos}), which lets a worker sleep through the
 * quiet part of a steady cadence — a frame every millisecond, a tick every 16 ms — and be spinning again,
 * instead of parked, when the next call comes.
 *
 * <p>An <em>arrival</em> is the moment a worker finds work after an idle stretch of at least
 * {@link #minIdleNanos} ({@link #arrived}); shorter stretches — the gaps between the calls of one frame —
 * are not arrivals and leave the cadence as it is. The cadence is <em>steady</em> once the last
 * {@link #GAPS} gaps between arrivals agree to within an eighth of their mean; the next arrival is then
 * expected one mean gap after the last one. An arrival that comes late — after a pause, or a skipped
 * frame — makes a gap that spoils the agreement until {@link #GAPS} steady gaps have been seen again; and
 * an expected arrival that never comes leaves an expectation in the past, which the worker ignores. So a
 * pool whose calls stop spends one extra spin, once.
 *
 * <p>Confined to its worker thread: every field is plain.
 */
public final class ArrivalCadence {
    /** Value of {@link #expectedNanos} when no arrival is expected. */
    public static final long NONE = Long.MIN_VALUE;
    /** Gaps between arrivals that must agree before the cadence counts as steady. */
    static final int GAPS = 3;

    private final long minIdleNanos;
    /** The last {@link #GAPS} gaps between arrivals, oldest first; {@link #known} of them are valid. */
    private final long[] gaps = new long[GAPS];
    private int known;
    /** When work last arrived, {@link System#nanoTime}; meaningful once {@link #hasArrival} is true. */
    private long lastArrival;
    private boolean hasArrival;

    /**
     * @param minIdleNanos the shortest idle stretch whose end counts as an arrival (at least 1)
     */
    public ArrivalCadence(long minIdleNanos) {
        if (minIdleNanos < 1) {
            throw new IllegalArgumentException("minIdleNanos must be positive: " + minIdleNanos);
        }
        this.minIdleNanos = minIdleNanos;
    }

    /** @return the shortest idle stretch whose end counts as an arrival */
    public long minIdleNanos() {
        return minIdleNanos;
    }

    /**
     * The worker found work at {@code now}, after being idle since {@code idleSince}.
     */
    public void arrived(long idleSince, long now) {
        if (now - idleSince < minIdleNanos) {
            return;
        }
        if (hasArrival) {
            if (known == GAPS) {
                System.arraycopy(gaps, 1, gaps, 0, GAPS - 1);
                known--;
            }
            gaps[known++] = now - lastArrival;
        }
        lastArrival = now;
        hasArrival = true;
    }

    /**
     * @return when the next arrival is expected ({@link System#nanoTime}), or {@link #NONE} if the
     *         cadence is not steady
     */
    public long expectedNanos() {
        if (known < GAPS) {
            return NONE;
        }
        long sum = 0;
        long least = Long.MAX_VALUE;
        long most = 0;
        for (long gap : gaps) {
            sum += gap;
            least = Math.min(least, gap);
            most = Math.max(most, gap);
        }
        long mean = sum / GAPS;
        if (most - least > mean / 8) {
            return NONE;
        }
        return lastArrival + mean;
    }
}
