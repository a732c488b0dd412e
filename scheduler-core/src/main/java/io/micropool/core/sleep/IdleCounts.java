package io.micropool.core.sleep;

/**
 * The packed word that counts the pool's idle workers: those spinning (searching for work without
 * having found any), those asleep (parked, waiting for a wake-up), and, among the spinners, those
 * spinning <em>ahead</em> of an arrival their cadence expects (spin-ahead, {@link ArrivalCadence}).
 *
 * <pre>
 *   63 62               42 41               21 20                0
 *  +--+-------------------+-------------------+-------------------+
 *  |0 |  ahead spinners   |     sleepers      |     spinners      |
 *  +--+-------------------+-------------------+-------------------+
 * </pre>
 *
 * <p>Spinners and sleepers change together in one {@code getAndAdd} when a worker moves from spinning to
 * asleep ({@link #SPINNER_TO_SLEEPER}) or is woken ({@link #SLEEPER_TO_SPINNER}), so a reader never sees
 * a worker in neither count nor in both. An ahead spinner is also counted a spinner; the ahead count only
 * tells a publisher that skips the wake-up to leave a stamp of its call for that spinner
 * ({@link Sleepers#anySpinning}), and is zero whenever spin-ahead is off.
 */
public final class IdleCounts {
    /** Width of each count. */
    public static final int COUNT_BITS = 21;
    /** The largest value of each count: the most workers a pool can have. */
    public static final int MAX_COUNT = (1 << COUNT_BITS) - 1;
    /** Shift of the sleepers count. */
    public static final int SLEEPERS_SHIFT = COUNT_BITS;
    /** Shift of the ahead-spinners count. */
    public static final int AHEAD_SHIFT = 2 * COUNT_BITS;
    /** Mask of a count once shifted down. */
    public static final long COUNT_MASK = MAX_COUNT;
    /** One spinning worker. */
    public static final long SPINNER_UNIT = 1L;
    /** One sleeping worker. */
    public static final long SLEEPER_UNIT = 1L << SLEEPERS_SHIFT;
    /** One worker spinning ahead of an expected arrival (it is counted a spinner as well). */
    public static final long AHEAD_UNIT = 1L << AHEAD_SHIFT;
    /** Delta of a spinning worker that falls asleep. */
    public static final long SPINNER_TO_SLEEPER = SLEEPER_UNIT - SPINNER_UNIT;
    /** Delta of a sleeping worker that is woken (it spins until it finds work). */
    public static final long SLEEPER_TO_SPINNER = SPINNER_UNIT - SLEEPER_UNIT;

    private IdleCounts() {
    }

    /** @return the word holding {@code sleepers} and {@code spinners}, each in {@code [0, MAX_COUNT]}, and no ahead spinner */
    public static long pack(int sleepers, int spinners) {
        return pack(sleepers, spinners, 0);
    }

    /** @return the word holding the three counts, each in {@code [0, MAX_COUNT]} */
    public static long pack(int sleepers, int spinners, int ahead) {
        return ((ahead & COUNT_MASK) << AHEAD_SHIFT) | ((sleepers & COUNT_MASK) << SLEEPERS_SHIFT)
            | (spinners & COUNT_MASK);
    }

    /** @return the number of spinning workers in {@code word} */
    public static int spinners(long word) {
        return (int) (word & COUNT_MASK);
    }

    /** @return the number of sleeping workers in {@code word} */
    public static int sleepers(long word) {
        return (int) ((word >>> SLEEPERS_SHIFT) & COUNT_MASK);
    }

    /** @return the number of workers in {@code word} that spin ahead of an expected arrival */
    public static int aheadSpinners(long word) {
        return (int) (word >>> AHEAD_SHIFT);
    }
}
