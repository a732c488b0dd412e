package io.micropool.core.sleep;

/**
 * The packed word that counts the pool's idle workers: those spinning (searching for work without
 * having found any) and those asleep (parked, waiting for a wake-up).
 *
 * <pre>
 *   63                              32 31                               0
 *  +----------------------------------+----------------------------------+
 *  |             sleepers             |             spinners             |
 *  +----------------------------------+----------------------------------+
 * </pre>
 *
 * <p>Both counts change together in one {@code getAndAdd} when a worker moves from spinning to asleep
 * ({@link #SPINNER_TO_SLEEPER}) or is woken ({@link #SLEEPER_TO_SPINNER}), so a reader never sees a
 * worker in neither count nor in both.
 */
public final class IdleCounts {
    /** Width of each count. */
    public static final int COUNT_BITS = 32;
    /** Shift of the sleepers count. */
    public static final int SLEEPERS_SHIFT = COUNT_BITS;
    /** Mask of a count once shifted down. */
    public static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    /** One spinning worker. */
    public static final long SPINNER_UNIT = 1L;
    /** One sleeping worker. */
    public static final long SLEEPER_UNIT = 1L << SLEEPERS_SHIFT;
    /** Delta of a spinning worker that falls asleep. */
    public static final long SPINNER_TO_SLEEPER = SLEEPER_UNIT - SPINNER_UNIT;
    /** Delta of a sleeping worker that is woken (it spins until it finds work). */
    public static final long SLEEPER_TO_SPINNER = SPINNER_UNIT - SLEEPER_UNIT;

    private IdleCounts() {
    }

    /** @return the word holding {@code sleepers} and {@code spinners}, each in {@code [0, 2^31)} */
    public static long pack(int sleepers, int spinners) {
        return ((long) sleepers << SLEEPERS_SHIFT) | (spinners & COUNT_MASK);
    }

    /** @return the number of spinning workers in {@code word} */
    public static int spinners(long word) {
        return (int) (word & COUNT_MASK);
    }

    /** @return the number of sleeping workers in {@code word} */
    public static int sleepers(long word) {
        return (int) (word >>> SLEEPERS_SHIFT);
    }
}
