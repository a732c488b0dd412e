package io.micropool.core.sleep;

import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/**
 * How long an idle thread spins before it parks, and with which {@link IdleStrategy}.
 *
 * <p>The budget is a time, not an iteration count: a PAUSE instruction costs 10 to 140 cycles depending
 * on the processor. Reading the clock on every iteration would double the cost of a spin, so the policy
 * is calibrated once, when built: it times the strategy's {@code idle()} and derives how many iterations
 * pass between two clock reads ({@link #checkInterval()}, about one per microsecond).
 */
public final class SpinPolicy {
    private static final long CALIBRATION_NANOS = 200_000;
    private static final int CALIBRATION_MAX_CALLS = 20_000;
    private static final int MAX_CHECK_INTERVAL = 1024;

    private final long budgetNanos;
    /** How far ahead of an expected arrival a worker that sleeps through a cadence wakes; 0: never. */
    private final long aheadNanos;
    private final Supplier<? extends IdleStrategy> strategies;
    private final int checkInterval;
    /** Measured cost of one {@code idle()} call, in picoseconds (0 when the budget is 0). */
    private final long picosPerCall;

    /**
     * @param budgetNanos how long to spin before parking; 0 parks at once
     * @param strategies  makes one strategy per thread (strategies may keep state)
     */
    public SpinPolicy(long budgetNanos, Supplier<? extends IdleStrategy> strategies) {
        this(budgetNanos, 0, strategies);
    }

    /**
     * @param budgetNanos how long to spin before parking; 0 parks at once
     * @param aheadNanos  how long before an expected arrival a worker that learnt a steady cadence of
     *                    calls ({@link ArrivalCadence}) wakes by itself and spins for it; 0 never
     * @param strategies  makes one strategy per thread (strategies may keep state)
     */
    public SpinPolicy(long budgetNanos, long aheadNanos, Supplier<? extends IdleStrategy> strategies) {
        if (budgetNanos < 0) {
            throw new IllegalArgumentException("spin budget must not be negative: " + budgetNanos);
        }
        if (aheadNanos < 0) {
            throw new IllegalArgumentException("spin-ahead time must not be negative: " + aheadNanos);
        }
        this.budgetNanos = budgetNanos;
        this.aheadNanos = aheadNanos;
        this.strategies = strategies;
        long picos = budgetNanos == 0 ? 0 : calibrate(newStrategy());
        this.picosPerCall = picos;
        this.checkInterval = picos == 0 ? 1 : (int) Math.max(1, Math.min(MAX_CHECK_INTERVAL, 1_000_000 / picos));
    }

    /** @return the spin budget in nanoseconds */
    public long budgetNanos() {
        return budgetNanos;
    }

    /** @return how long before an expected arrival a worker wakes to spin for it; 0 if it never does */
    public long aheadNanos() {
        return aheadNanos;
    }

    /**
     * @return a new cadence for one worker to learn arrivals with, or null if spinning ahead is off.
     *         Idle stretches shorter than the spin budget (or a microsecond) are not arrivals.
     */
    public ArrivalCadence newCadence() {
        return aheadNanos == 0 ? null : new ArrivalCadence(Math.max(1_000, budgetNanos));
    }

    /** @return how many {@code idle()} calls pass between two clock reads */
    public int checkInterval() {
        return checkInterval;
    }

    /** @return a new spin for one thread, with a strategy of its own ({@link #newStrategy}) */
    public Spin newSpin() {
        return new Spin(this, newStrategy());
    }

    /**
     * @param strategy the strategy the spin idles with, which only one thread may use
     * @return a new spin for one thread with this policy's budget and {@code strategy}
     */
    public Spin newSpin(IdleStrategy strategy) {
        return new Spin(this, java.util.Objects.requireNonNull(strategy, "strategy"));
    }

    /** @return a new strategy for one thread */
    public IdleStrategy newStrategy() {
        IdleStrategy strategy = strategies.get();
        if (strategy == null) {
            throw new NullPointerException("the idle strategy supplier returned null");
        }
        return strategy;
    }

    /**
     * @param start     when the phase began ({@link System#nanoTime})
     * @param iteration the number of {@code idle()} calls so far in the phase
     * @param budget    the phase's budget in nanoseconds
     * @return whether the phase is over; reads the clock only every {@link #checkInterval} iterations
     */
    boolean expired(long start, int iteration, long budget) {
        return budget <= 0
            || (iteration % checkInterval == 0 && System.nanoTime() - start >= budget);
    }

    /**
     * @param iterations the number of {@code idle()} calls of a spin phase
     * @return how long they took, estimated from the calibrated cost of one call without reading the
     *         clock: for counting spin time off the path that picks work up
     */
    public long estimateNanos(int iterations) {
        return iterations * picosPerCall / 1000;
    }

    /** @return the measured cost of one {@code idle()} call of {@code strategy}, in picoseconds (at least 1) */
    private static long calibrate(IdleStrategy strategy) {
        strategy.reset();
        int calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 8; i++) {
                strategy.idle();
            }
            calls += 8;
            elapsed = System.nanoTime() - start;
        } while (elapsed < CALIBRATION_NANOS && calls < CALIBRATION_MAX_CALLS);
        strategy.reset();
        return Math.max(1, elapsed * 1000 / calls);
    }
}
