package io.micropool.core.sleep;

import org.agrona.concurrent.IdleStrategy;

/**
 * One thread's spin phase, the one way a waiting loop of the pool spins: with the thread's configured
 * {@link IdleStrategy}, for the pool's budget (or a budget the caller gives), reading the clock only every
 * {@link SpinPolicy#checkInterval} calls. The condition stays in the caller's loop, where the JIT sees it:
 *
 * <pre>{@code
 * spin.begin();
 * while (!done()) {
 *     if (!spin.idle()) {
 *         break;                      // budget spent: park
 *     }
 * }
 * counters.add(SPIN_NANOS, spin.spunNanos());
 * }</pre>
 *
 * The worker looking for work, the owner waiting for its job and a thread joining a background task all
 * spin this way. State is per phase and confined to the thread that owns the spin (a participant's, or
 * one made for a single wait); {@link #begin} resets it and the strategy.
 */
public final class Spin {
    /**
     * How many of the spin's clock checks (about a microsecond apart, {@link SpinPolicy#checkInterval})
     * pass between two yields of a spin that {@linkplain #beginGivingWay gives way}. A worker spinning
     * ahead of an expected call does: a spin-ahead window lasts hundreds of microseconds that nobody asked
     * the worker to spin; on a small VM whose guest scheduler packs threads onto few vCPUs, the thread due
     * to make the expected call — a frame loop woken by its timer — can be queued behind the spinning
     * worker for the whole window and call late, after the window. Yielding every ~10 µs lets it run: with
     * a caller that parks between calls every 2 ms, the calls that had to wake the worker went from
     * 181–190 to 24–49 of 480 ({@code perf} {@code SpinAheadProbe park}, see docs/PERFORMANCE.md). With
     * nothing else to run, a yield returns at once.
     */
    static final int GIVE_WAY_CHECKS = 10;

    private final SpinPolicy policy;
    private final IdleStrategy strategy;
    /** When the phase began ({@link System#nanoTime}). */
    private long start;
    /** The phase's budget in nanoseconds; at most 0 spins not at all. */
    private long budget;
    /** {@code idle()} calls so far in the phase, the one that found the budget spent included. */
    private int iterations;
    /** Yield instead of idling every this many calls; 0 never. */
    private int giveWayEvery;
    /** Whether the phase ended because its budget ran out. */
    private boolean expired;

    /**
     * @param policy   the pool's budget and clock-check interval
     * @param strategy this thread's strategy, which may keep state between phases
     */
    Spin(SpinPolicy policy, IdleStrategy strategy) {
        this.policy = policy;
        this.strategy = strategy;
    }

    /** Begins a phase of the pool's budget. */
    public void begin() {
        begin(policy.budgetNanos(), 0);
    }

    /** Begins a phase of {@code budget} nanoseconds (at most 0: the first {@link #idle} ends it). */
    public void begin(long budget) {
        begin(budget, 0);
    }

    /**
     * Begins a phase of {@code budget} nanoseconds that yields the processor about every
     * {@link #GIVE_WAY_CHECKS} clock checks instead of idling.
     */
    public void beginGivingWay(long budget) {
        begin(budget, policy.checkInterval() * GIVE_WAY_CHECKS);
    }

    private void begin(long budget, int giveWayEvery) {
        strategy.reset();
        this.budget = budget;
        this.giveWayEvery = giveWayEvery;
        this.iterations = 0;
        this.expired = false;
        this.start = System.nanoTime();
    }

    /**
     * Idles once with the strategy (or yields, if the phase gives way and its turn has come), unless the
     * phase's budget is spent.
     *
     * @return true if it idled and the caller should check its condition again; false if the budget is
     *         spent (the caller parks or gives up)
     */
    public boolean idle() {
        int i = ++iterations;
        if (policy.expired(start, i, budget)) {
            expired = true;
            return false;
        }
        if (giveWayEvery != 0 && i % giveWayEvery == 0) {
            Thread.yield();
        } else {
            strategy.idle();
        }
        return true;
    }

    /**
     * @return how long the phase spun: its budget if the budget ran out, otherwise an estimate from the
     *         calibrated cost of one call ({@link SpinPolicy#estimateNanos}), so that counting spin time
     *         reads no clock on the path that picks work up
     */
    public long spunNanos() {
        return expired ? Math.max(0, budget) : policy.estimateNanos(iterations);
    }
}
