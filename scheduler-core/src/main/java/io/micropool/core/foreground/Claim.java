package io.micropool.core.foreground;

import io.micropool.core.scope.ScopeTable;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;

/**
 * A unit one thread claimed, as a value: the job's slot, the job's scope and the unit's index, packed in
 * a non-negative {@code long} that a search returns to the run that follows it (no field carries it
 * between them).
 *
 * <pre>
 *   63 62             47 46             31 30                                0
 *  +--+-----------------+-----------------+----------------------------------+
 *  |0 |      slot       |      scope      |           unit index             |
 *  +--+-----------------+-----------------+----------------------------------+
 * </pre>
 *
 * Slots and scopes are below 2<sup>16</sup> ({@link JobSlotTable#MAX_SLOTS}, {@link ScopeTable#MAX_SCOPES})
 * and a unit index below 2<sup>31</sup> (a job's count is an {@code int}), so every claim fits and
 * {@link #NONE} never is one.
 */
public final class Claim {
    /** No unit was claimed. */
    public static final long NONE = -1L;

    private static final int INDEX_BITS = 31;
    private static final int SCOPE_SHIFT = INDEX_BITS;
    private static final int SLOT_SHIFT = SCOPE_SHIFT + 16;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long FIELD16_MASK = 0xFFFF;

    static {
        if (JobSlotTable.MAX_SLOTS > 1 << 16 || ScopeTable.MAX_SCOPES > 1 << 16) {
            throw new AssertionError("a claim packs slots and scopes in 16 bits each");
        }
    }

    private Claim() {
    }

    /**
     * @param slot the slot claimed from
     * @param word the claim word the successful claim replaced ({@link ClaimWord}): its scope, and the
     *             index the claim took
     * @return the claim
     */
    static long of(int slot, long word) {
        return ((long) slot << SLOT_SHIFT)
            | ((long) ClaimWord.scope(word) << SCOPE_SHIFT)
            | ClaimWord.claimedIndex(word);
    }

    /** @return the slot of the job claimed from */
    static int slot(long claim) {
        return (int) (claim >>> SLOT_SHIFT);
    }

    /** @return the scope of the job claimed from */
    static int scope(long claim) {
        return (int) ((claim >>> SCOPE_SHIFT) & FIELD16_MASK);
    }

    /** @return the index of the unit claimed */
    public static int index(long claim) {
        return (int) (claim & INDEX_MASK);
    }
}
