package io.micropool.core.bits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicBitSetTest {
    @Test
    void scansVisitExactlyTheSetBitsInOrderAcrossWords() {
        java.util.Random random = new java.util.Random(7);
        for (int bits : new int[] {1, 63, 64, 65, 128, 130, 300}) {
            for (int round = 0; round < 50; round++) {
                AtomicBitSet set = AtomicBitSet.allocate(bits);
                BitSet expected = new BitSet();
                for (int i = 0; i < bits; i++) {
                    if (random.nextInt(4) == 0) {
                        set.set(i);
                        expected.set(i);
                    }
                }
                BitSet scanned = new BitSet();
                int previous = -1;
                for (int b = set.nextSetBit(0); b >= 0; b = set.nextSetBit(b + 1)) {
                    assertTrue(b > previous, "ascending: " + b + " after " + previous);
                    scanned.set(b);
                    previous = b;
                }
                assertEquals(expected, scanned, bits + " bits");
                assertEquals(expected.isEmpty(), set.isEmpty());
                assertEquals(-1, set.nextSetBit(bits), "nothing at or past the capacity");
                int only = expected.nextSetBit(0);
                boolean onlyOne = expected.cardinality() == 1;
                assertEquals(expected.isEmpty() || onlyOne, set.isEmptyExcept(only), "all but the first set bit");
                assertEquals(expected.isEmpty(), set.isEmptyExcept(-1), "-1 leaves nothing out");
            }
        }
    }

    @Test
    void claimsEveryBitOnceThenReportsFull() {
        for (int bits : new int[] {1, 2, 63, 64, 65, 130}) {
            AtomicBitSet set = AtomicBitSet.allocate(bits);
            BitSet seen = new BitSet();
            for (int i = 0; i < bits; i++) {
                int bit = set.claimFirstClear(i * 7);
                assertTrue(bit >= 0 && bit < bits, "in range: " + bit);
                assertFalse(seen.get(bit), "claimed twice: " + bit);
                seen.set(bit);
            }
            assertEquals(-1, set.claimFirstClear(0), "full at " + bits + " bits");
            assertEquals(bits, set.cardinality());
            assertTrue(set.clear(bits - 1));
            assertEquals(bits - 1, set.claimFirstClear(0), "the one cleared bit is found from any hint");
        }
    }

    @Test
    void setClearAndGetReportPreviousState() {
        AtomicBitSet set = AtomicBitSet.allocate(100);
        assertTrue(set.set(70));
        assertFalse(set.set(70));
        assertTrue(set.get(70));
        assertEquals(1L << (70 - 64), set.word(1));
        assertEquals(0, set.word(0));
        assertTrue(set.clear(70));
        assertFalse(set.clear(70));
        assertFalse(set.get(70));
    }

    @Test
    void regionsAreWholeAlignedBlocks() {
        assertEquals(128, AtomicBitSet.lengthFor(1));
        assertEquals(128, AtomicBitSet.lengthFor(1024));
        assertEquals(256, AtomicBitSet.lengthFor(1025));
        assertEquals(2, AtomicBitSet.wordsFor(65));
        assertThrows(IllegalArgumentException.class, () -> AtomicBitSet.allocate(0));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentClaimersNeverHoldTheSameBit() throws Exception {
        AtomicBitSet set = AtomicBitSet.allocate(3);
        AtomicIntegerArray holders = new AtomicIntegerArray(3);
        AtomicIntegerArray violations = new AtomicIntegerArray(1);
        CyclicBarrier start = new CyclicBarrier(2);
        Runnable claimer = () -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (int round = 0; round < 200_000; round++) {
                int bit = set.claimFirstClear(round);
                if (bit < 0) {
                    continue;
                }
                if (holders.incrementAndGet(bit) != 1) {
                    violations.incrementAndGet(0);
                }
                holders.decrementAndGet(bit);
                set.clear(bit);
            }
        };
        Thread other = new Thread(claimer);
        other.start();
        claimer.run();
        other.join();
        assertEquals(0, violations.get(0));
        assertEquals(0, set.cardinality());
    }
}
