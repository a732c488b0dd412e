package io.micropool.stress.lincheck;

import io.micropool.core.bits.AtomicBitSet;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import java.util.BitSet;

/**
 * Linearizability of {@link AtomicBitSet}'s {@code set}, {@code clear}, {@code get} and
 * {@code claimFirstClear} against {@link SequentialBits}, a {@link BitSet} that scans the words the same
 * way: from the word of the hint, lowest clear bit first, wrapping around, -1 when every bit is set.
 *
 * <p>Two sets: {@link OneWord} (3 bits, one word) and {@link TwoWords} (70 bits, two words, the second
 * one partial: bits 64 to 69). In the two-word set bits 0 to 63 and 67 to 69 are set from the start and
 * the operations set, clear and read bits 64 to 66 only, so word 0 stays full: a claim that starts in
 * word 0 moves on to word 1, and a claim that finds word 1 full wraps around to word 0 and returns -1.
 * Claims racing with changes in both words are checked by {@code SlotAllocatorLincheckTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AtomicBitSetLincheckTest {

    @Test
    void oneWordModelChecking() {
        LincheckSupport.modelChecking()
            .iterations(30)
            .invocationsPerIteration(500)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(OneWordSpec.class)
            .check(OneWord.class);
    }

    @Test
    void oneWordStress() {
        new StressOptions()
            .iterations(10)
            .invocationsPerIteration(500)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(OneWordSpec.class)
            .check(OneWord.class);
    }

    @Test
    void twoWordsModelChecking() {
        LincheckSupport.modelChecking()
            .iterations(20)
            .invocationsPerIteration(300)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(TwoWordsSpec.class)
            .check(TwoWords.class);
    }

    /** The bits that {@link TwoWords} and {@link TwoWordsSpec} leave clear at the start. */
    static final int TWO_WORDS_FIRST_FREE = 64;
    static final int TWO_WORDS_LAST_FREE = 66;
    static final int TWO_WORDS_BITS = 70;

    /** A 3-bit set: bits 0 to 2; hints 0 to 5 wrap around the capacity. */
    @Param(name = "bit", gen = IntGen.class, conf = "0:2")
    @Param(name = "hint", gen = IntGen.class, conf = "0:5")
    public static class OneWord {
        private final AtomicBitSet bits = AtomicBitSet.allocate(3);

        @Operation
        public boolean set(@Param(name = "bit") int bit) {
            return bits.set(bit);
        }

        @Operation
        public boolean clear(@Param(name = "bit") int bit) {
            return bits.clear(bit);
        }

        @Operation
        public boolean get(@Param(name = "bit") int bit) {
            return bits.get(bit);
        }

        @Operation
        public int claimFirstClear(@Param(name = "hint") int hint) {
            return bits.claimFirstClear(hint);
        }
    }

    /** Sequential specification of {@link OneWord}. */
    public static class OneWordSpec extends SequentialBits {
        public OneWordSpec() {
            super(3);
        }
    }

    /**
     * A 70-bit set with every bit set but 64 to 66. Operations touch bits 64 to 66. Hints 60 to 63 start
     * the scan at word 0, 64 to 69 at word 1, and 70 and 71 (taken modulo 70) at word 0.
     */
    @Param(name = "bit", gen = IntGen.class, conf = "64:66")
    @Param(name = "hint", gen = IntGen.class, conf = "60:71")
    public static class TwoWords {
        private final AtomicBitSet bits = AtomicBitSet.allocate(TWO_WORDS_BITS);

        public TwoWords() {
            for (int bit = 0; bit < TWO_WORDS_BITS; bit++) {
                if (bit < TWO_WORDS_FIRST_FREE || bit > TWO_WORDS_LAST_FREE) {
                    bits.set(bit);
                }
            }
        }

        @Operation
        public boolean set(@Param(name = "bit") int bit) {
            return bits.set(bit);
        }

        @Operation
        public boolean clear(@Param(name = "bit") int bit) {
            return bits.clear(bit);
        }

        @Operation
        public boolean get(@Param(name = "bit") int bit) {
            return bits.get(bit);
        }

        @Operation
        public int claimFirstClear(@Param(name = "hint") int hint) {
            return bits.claimFirstClear(hint);
        }
    }

    /** Sequential specification of {@link TwoWords}: the same bits set at the start. */
    public static class TwoWordsSpec extends SequentialBits {
        public TwoWordsSpec() {
            super(TWO_WORDS_BITS);
            for (int bit = 0; bit < TWO_WORDS_BITS; bit++) {
                if (bit < TWO_WORDS_FIRST_FREE || bit > TWO_WORDS_LAST_FREE) {
                    set(bit);
                }
            }
        }
    }

    /** A {@link BitSet} with the operations of {@link AtomicBitSet}, one at a time. */
    public static class SequentialBits {
        private final int capacity;
        private final BitSet bits;

        SequentialBits(int capacity) {
            this.capacity = capacity;
            this.bits = new BitSet(capacity);
        }

        public boolean set(int bit) {
            boolean wasClear = !bits.get(bit);
            bits.set(bit);
            return wasClear;
        }

        public boolean clear(int bit) {
            boolean wasSet = bits.get(bit);
            bits.clear(bit);
            return wasSet;
        }

        public boolean get(int bit) {
            return bits.get(bit);
        }

        /** Lowest clear bit of the hint's word, else of the next words in turn (wrapping), else -1. */
        public int claimFirstClear(int hint) {
            int words = (capacity + Long.SIZE - 1) / Long.SIZE;
            int startWord = Math.floorMod(hint, capacity) / Long.SIZE;
            for (int i = 0; i < words; i++) {
                int word = (startWord + i) % words;
                int from = word * Long.SIZE;
                int to = Math.min(capacity, from + Long.SIZE);
                int clear = bits.nextClearBit(from);
                if (clear < to) {
                    bits.set(clear);
                    return clear;
                }
            }
            return -1;
        }
    }
}
