package io.micropool.core.sleep;

/**
 * When work is likely to arrive next, learnt by one idle worker from when it arrived before: the clock
 * behind the spin-ahead policy ({@code Builder.spinAheadNanos}), which lets a worker sleep through the
 * quiet part of a steady cadence — a frame every millisecond, a tick every 16 ms — and be spinning again,
 * instead of parked, when the next call comes.
 *
 * <p>An <em>arrival</em> is the moment work comes for an idle worker — advertised while it spins, a waker
 * ending its sleep, or a call stamped for it while it spun ahead — after an idle stretch of at least
 * {@code minIdleNanos} ({@link #idle}, {@link #arrived}). It counts whether or not the worker then gets
 * the work: a caller that finishes its call alone before the worker claims anything, or even before the
 * worker sees it, still arrived. Shorter stretches — the gaps between the
 * calls of one frame — are not arrivals and leave the cadence as it is. The cadence is <em>steady</em>
 * once the last {@link #GAPS} gaps between arrivals agree to within a quarter of their mean; the next
 * arrival is then expected one mean gap after the last one. An arrival that comes late — after a pause,
 * or a skipped frame — makes a gap that spoils the agreement until {@link #GAPS} steady gaps have been
 * seen again; and an expected arrival that never comes leaves an expectation in the past, which the
 * worker ignores. So a pool whose calls stop spends one extra spin, once.
 *
 * <p>The worker gives the time of each arrival as exactly as it has it: its own clock when it sees work
 * while spinning; the waker's stamp when woken (its own clock would be late by the wake-up's latency,
 * 40–130 µs on small VMs); the publisher's stamp for a call it missed while spinning ahead. The tolerance
 * of a quarter of the mean absorbs what is left: the calls of a frame vary, and a waker passing a
 * wake-up on stamps later than the publication.
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
    /** Whether the worker is in an idle stretch, and since when ({@link System#nanoTime}). */
    private boolean idle;
    private long idleSince;

    /**
     * @param minIdleNanos the shortest idle stretch whose end counts as an arrival (at least 1)
     */
    public ArrivalCadence(long minIdleNanos) {
        if (minIdleNanos < 1) {
            throw new IllegalArgumentException("minIdleNanos must be positive: " + minIdleNanos);
        }
        this.minIdleNanos = minIdleNanos;
    }

    /** @return whether an idle stretch is open: {@link #idle} was called after the last {@link #arrived} */
    public boolean isIdle() {
        return idle;
    }

    /** The worker is idle from {@code now} on, unless it already was: an idle stretch starts. */
    public void idle(long now) {
        if (!idle) {
            idle = true;
            idleSince = now;
        }
    }

    /** The worker, idle, sees work at {@code now}: the idle stretch ends, and is an arrival if long enough. */
    public void arrived(long now) {
        if (!idle) {
            return;
        }
        idle = false;
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
        if (most - least > mean / 4) {
            return NONE;
        }
        return lastArrival + mean;
    }
}
