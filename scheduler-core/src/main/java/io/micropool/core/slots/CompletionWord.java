package io.micropool.core.slots;

/**
 * The packed word that tracks how many units of a job have not finished, and whether the owner is parked
 * waiting for them.
 *
 * <pre>
 *   63                              33 32 31                               0
 *  +----------------------------------+--+----------------------------------+
 *  |             unused (0)           |P |         incomplete units         |
 *  +----------------------------------+--+----------------------------------+
 *   P: OWNER_PARKED, set by the owner (CAS) before it parks
 * </pre>
 *
 * <p>A thread that ran {@code n} units subtracts {@code n} with one {@code getAndAdd}; the one whose
 * subtraction brings the count to zero saw, in the same atomic step, whether {@code P} was set, and if so
 * unparks the owner. The owner sets {@code P} by CAS only while the count is non-zero, then parks while it
 * stays non-zero. One word, one total order of updates: either the owner's CAS comes first and the
 * finisher sees {@code P}, or the finisher's subtraction comes first and the owner's CAS fails on a zero
 * count. No wake-up is lost.
 */
public final class CompletionWord {
    /** Width of the incomplete-units field. */
    public static final int INCOMPLETE_BITS = 32;
    /** Mask of the incomplete-units field. */
    public static final long INCOMPLETE_MASK = (1L << INCOMPLETE_BITS) - 1;
    /** Set by the owner before it parks; tells the finisher to unpark it. */
    public static final long OWNER_PARKED = 1L << INCOMPLETE_BITS;

    private CompletionWord() {
    }

    /** @return the word of a job with {@code incomplete} units to finish and no parked owner */
    public static long pack(int incomplete) {
        return incomplete & INCOMPLETE_MASK;
    }

    /** @return the incomplete-units count in {@code word} */
    public static int incomplete(long word) {
        return (int) (word & INCOMPLETE_MASK);
    }

    /** @return whether the owner announced in {@code word} that it parks */
    public static boolean ownerParked(long word) {
        return (word & OWNER_PARKED) != 0;
    }
}
