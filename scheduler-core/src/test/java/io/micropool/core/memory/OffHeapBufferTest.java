package io.micropool.core.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffHeapBufferTest {
    @Test
    void atomicAccessWorksAtEveryAlignedOffsetOfAFreshBuffer() {
        OffHeapBuffer buffer = OffHeapBuffer.allocate(4 * OffHeapBuffer.ALIGNMENT);
        assertEquals(4 * OffHeapBuffer.ALIGNMENT, buffer.capacity());
        for (int offset = 0; offset < buffer.capacity(); offset += Long.BYTES) {
            assertEquals(0, buffer.getLongVolatile(offset), "zeroed");
            assertTrue(buffer.compareAndSetLong(offset, 0, offset), "atomic access needs the real address aligned");
            assertEquals(offset, buffer.getAndAddLong(offset, 1));
            assertEquals(offset + 1, buffer.getLongAcquire(offset));
            assertEquals(offset + 1, buffer.getAndBitwiseOrLong(offset, 1L << 40));
            assertEquals((offset + 1) | (1L << 40), buffer.getAndBitwiseAndLong(offset, 0));
            buffer.setLongOpaque(offset, -offset);
            assertEquals(-offset, buffer.getLongOpaque(offset));
        }
        buffer.setIntRelease(4, 7);
        assertEquals(7, buffer.getIntAcquire(4));
        assertFalse(buffer.compareAndSetInt(4, 6, 9));
        assertEquals(7, buffer.getAndAddInt(4, 1));
        assertEquals(8, buffer.getIntVolatile(4));
    }

    @Test
    void alignRoundsUpToTheAlignment() {
        assertEquals(0, OffHeapBuffer.align(0));
        assertEquals(128, OffHeapBuffer.align(1));
        assertEquals(128, OffHeapBuffer.align(128));
        assertEquals(256, OffHeapBuffer.align(129));
        assertThrows(IllegalArgumentException.class, () -> OffHeapBuffer.allocate(0));
    }
}
