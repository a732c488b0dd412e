package io.micropool.core.slots;

/**
 * The packed word that units are claimed from: which scope the job belongs to, and how many of its units
 * no thread has claimed yet.
 *
 * <pre>
 *   63                              32 31                               0
 *  +----------------------------------+----------------------------------+
 *  |             scope id             |          unclaimed units         |
 *  +----------------------------------+----------------------------------+
 * </pre>
 *
 * <p>A claim is a CAS from {@code w} to {@code w - 1} (one {@link #UNCLAIMED_UNIT}), made only while
 * {@link #unclaimed unclaimed} is positive and, for a thread that may help only its own scope, only while
 * {@link #scope} is that scope. The unit claimed is index {@code unclaimed(w) - 1}. Because the scope is
 * part of the compared value, a thread can never claim a unit of a job that replaced the one it looked
 * at in another scope: the CAS fails instead. (A plain {@code getAndAdd} could not make that check.)
 */
public final class ClaimWord {
    /** Width of the unclaimed-units field. */
    public static final int UNCLAIMED_BITS = 32;
    /** Shift of the scope field. */
    public static final int SCOPE_SHIFT = UNCLAIMED_BITS;
    /** Mask of the unclaimed-units field. */
    public static final long UNCLAIMED_MASK = (1L << UNCLAIMED_BITS) - 1;
    /** One unclaimed unit: subtract it to claim. */
    public static final long UNCLAIMED_UNIT = 1L;
    /** Returned by claim operations when nothing was claimed; never a valid word, whose scope is non-negative. */
    public static final long NONE = -1L;

    private ClaimWord() {
    }

    /**
     * @param scope     the scope id, in {@code [0, 2^31)}
     * @param unclaimed the number of unclaimed units, in {@code [0, 2^31)}
     * @return the packed word
     */
    public static long pack(int scope, int unclaimed) {
        return ((long) scope << SCOPE_SHIFT) | (unclaimed & UNCLAIMED_MASK);
    }

    /** @return the scope id in {@code word} */
    public static int scope(long word) {
        return (int) (word >>> SCOPE_SHIFT);
    }

    /** @return the unclaimed-units count in {@code word} */
    public static int unclaimed(long word) {
        return (int) (word & UNCLAIMED_MASK);
    }

    /** @return the unit index a successful claim from {@code word} took */
    public static int claimedIndex(long word) {
        return unclaimed(word) - 1;
    }
}
