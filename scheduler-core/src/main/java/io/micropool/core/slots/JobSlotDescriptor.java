package io.micropool.core.slots;

import io.micropool.core.memory.OffHeapBuffer;

/**
 * Layout of one job slot in the off-heap slot table.
 *
 * <p>A slot is two 128-byte regions. The first holds the {@linkplain ClaimWord claim word}, hit by every
 * thread that claims a unit, and beside it the header that the owner writes before publishing and that a
 * claimer reads right after its claim (so the claim's cache miss brings the header along). The second
 * holds the {@linkplain CompletionWord completion word}, hit once by each thread when it has run its
 * units, and by the owner while it waits.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Claim word (scope, unclaimed)              |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Unit kind                           |  8
 *  +---------------------------------------------------------------+
 *  |                           Unit count                          | 12
 *  +---------------------------------------------------------------+
 *  |                     Padding to 128 bytes                     ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |               Completion word (flags, incomplete)             | 128
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Padding to 256 bytes                     ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class JobSlotDescriptor {
    /** Offset of the {@link ClaimWord}: CAS by claimers, release store by the owner on publication. */
    public static final int CLAIM_WORD_OFFSET;
    /** Offset of the unit kind ({@code UnitKind}): plain, written by the owner before publication. */
    public static final int KIND_OFFSET;
    /** Offset of the unit count: plain, written by the owner before publication. */
    public static final int COUNT_OFFSET;
    /** Offset of the {@link CompletionWord}: getAndAdd by finishers, CAS by the waiting owner. */
    public static final int COMPLETION_WORD_OFFSET;
    /** Length of one slot in bytes: a power of two, a multiple of 128. */
    public static final int SLOT_LENGTH;

    static {
        int offset = 0;
        CLAIM_WORD_OFFSET = offset;
        offset += Long.BYTES;
        KIND_OFFSET = offset;
        offset += Integer.BYTES;
        COUNT_OFFSET = offset;
        offset += Integer.BYTES;

        offset = OffHeapBuffer.align(offset);
        COMPLETION_WORD_OFFSET = offset;
        offset += Long.BYTES;

        SLOT_LENGTH = OffHeapBuffer.align(offset);
    }

    private JobSlotDescriptor() {
    }

    /** @return the offset of slot {@code slot} from the start of the table */
    public static int slotOffset(int slot) {
        return slot * SLOT_LENGTH;
    }

    /** @return the table length for {@code slots} slots, after checking the count */
    public static int tableLength(int slots) {
        checkCapacity(slots);
        return slots * SLOT_LENGTH;
    }

    /** @throws IllegalArgumentException if {@code slots} cannot be laid out */
    public static void checkCapacity(int slots) {
        if (slots < 1 || slots > JobSlotTable.MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be in [1, " + JobSlotTable.MAX_SLOTS + "]: " + slots);
        }
    }
}
