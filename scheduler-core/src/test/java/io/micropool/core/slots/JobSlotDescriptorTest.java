package io.micropool.core.slots;

import io.micropool.core.memory.OffHeapBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobSlotDescriptorTest {
    @Test
    void slotLengthIsAPowerOfTwoAndAMultipleOfTheAlignment() {
        int length = JobSlotDescriptor.SLOT_LENGTH;
        assertEquals(0, length & (length - 1), "power of two");
        assertEquals(0, length % OffHeapBuffer.ALIGNMENT);
        assertEquals(256, length, "two 128-byte regions, as the diagram shows");
    }

    @Test
    void contendedWordsSitInSeparate128ByteRegions() {
        int claim = JobSlotDescriptor.CLAIM_WORD_OFFSET;
        int completion = JobSlotDescriptor.COMPLETION_WORD_OFFSET;
        assertEquals(0, claim);
        assertEquals(128, completion);
        assertTrue(completion / OffHeapBuffer.ALIGNMENT != claim / OffHeapBuffer.ALIGNMENT);
    }

    @Test
    void headerFieldsShareTheClaimRegionAndAreAligned() {
        assertEquals(8, JobSlotDescriptor.KIND_OFFSET);
        assertEquals(12, JobSlotDescriptor.COUNT_OFFSET);
        assertTrue(JobSlotDescriptor.COUNT_OFFSET + Integer.BYTES <= OffHeapBuffer.ALIGNMENT);
        assertEquals(0, JobSlotDescriptor.CLAIM_WORD_OFFSET % Long.BYTES);
        assertEquals(0, JobSlotDescriptor.COMPLETION_WORD_OFFSET % Long.BYTES);
    }

    @Test
    void slotOffsetsAreSpacedBySlotLength() {
        for (int slot = 0; slot < 100; slot++) {
            assertEquals(slot * 256, JobSlotDescriptor.slotOffset(slot));
        }
        assertEquals(3 * 256, JobSlotDescriptor.tableLength(3));
    }

    @Test
    void capacityIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> JobSlotDescriptor.checkCapacity(0));
        assertThrows(IllegalArgumentException.class, () -> JobSlotDescriptor.checkCapacity(JobSlotTable.MAX_SLOTS + 1));
        JobSlotDescriptor.checkCapacity(1);
        JobSlotDescriptor.checkCapacity(JobSlotTable.MAX_SLOTS);
    }
}
