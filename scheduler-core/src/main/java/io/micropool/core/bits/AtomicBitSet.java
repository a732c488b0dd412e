package io.micropool.core.bits;

import io.micropool.core.memory.OffHeapBuffer;

/**
 * A fixed-size set of bits in off-heap memory, updated atomically one bit at a time.
 *
 * <p>The scheduler uses it three ways: as the allocator of job slots and of scopes ({@link #claimFirstClear}
 * and {@link #clear}), and as the advertise masks that tell searching threads which job slots may have
 * claimable units ({@link #set}, {@link #clear}, {@link #word}).
 *
 * <h2>Memory ordering</h2>
 * Every update is a volatile read-modify-write ({@code getAndBitwiseOr}/{@code getAndBitwiseAnd}/
 * {@code compareAndSet}) and every read is a volatile load. The sleep protocol relies on that: a publisher
 * that {@link #set sets} an advertise bit and then reads the idle counts, and a worker that announces sleep
 * and then reads the advertise words, form a Dekker pair in which at least one sees the other (see
 * {@code io.micropool.core.sleep}). A slot released with {@link #clear} publishes the slot's last use to the
 * next thread that claims it with {@link #claimFirstClear}: release/acquire through the same word.
 *
 * <p>The words are contiguous and start at a 128-byte boundary; {@link #lengthFor} gives the region
 * length, rounded up to 128 bytes, so that two bit sets laid out one after another never share a line.
 */
public final class AtomicBitSet {
    private final OffHeapBuffer buffer;
    private final int baseOffset;
    private final int bits;
    private final int words;

    /**
     * @param buffer     memory that holds the set; must be zeroed in the region used
     * @param baseOffset where the region starts, aligned to {@link OffHeapBuffer#ALIGNMENT}
     * @param bits       how many bits, at least 1
     */
    public AtomicBitSet(OffHeapBuffer buffer, int baseOffset, int bits) {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be positive: " + bits);
        }
        if ((baseOffset & (OffHeapBuffer.ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("baseOffset not aligned: " + baseOffset);
        }
        if (baseOffset + lengthFor(bits) > buffer.capacity()) {
            throw new IllegalArgumentException("region outside the buffer");
        }
        this.buffer = buffer;
        this.baseOffset = baseOffset;
        this.bits = bits;
        this.words = wordsFor(bits);
    }

    /** @return a bit set of its own memory, for a set used alone */
    public static AtomicBitSet allocate(int bits) {
        return new AtomicBitSet(OffHeapBuffer.allocate(lengthFor(bits)), 0, bits);
    }

    /** @return the number of 64-bit words that hold {@code bits} bits */
    public static int wordsFor(int bits) {
        return (bits + Long.SIZE - 1) >>> 6;
    }

    /** @return the length in bytes of the region a set of {@code bits} bits takes, a multiple of 128 */
    public static int lengthFor(int bits) {
        return OffHeapBuffer.align(wordsFor(bits) * Long.BYTES);
    }

    /** @return the number of bits */
    public int capacity() {
        return bits;
    }

    /** @return the number of 64-bit words */
    public int words() {
        return words;
    }

    /** @return word {@code index} (bits {@code 64 * index} to {@code 64 * index + 63}), volatile read */
    public long word(int index) {
        return buffer.getLongVolatile(wordOffset(index));
    }

    /** @return whether bit {@code bit} is set, volatile read */
    public boolean get(int bit) {
        return (word(bit >>> 6) & (1L << bit)) != 0;
    }

    /**
     * Sets {@code bit}; a volatile read-modify-write.
     *
     * @return whether the bit was clear before
     */
    public boolean set(int bit) {
        long mask = 1L << bit;
        return (buffer.getAndBitwiseOrLong(wordOffset(bit >>> 6), mask) & mask) == 0;
    }

    /**
     * Clears {@code bit}; a volatile read-modify-write, so everything the clearing thread wrote before is
     * visible to a thread that later sets or claims the bit.
     *
     * @return whether the bit was set before
     */
    public boolean clear(int bit) {
        long mask = 1L << bit;
        return (buffer.getAndBitwiseAndLong(wordOffset(bit >>> 6), ~mask) & mask) != 0;
    }

    /**
     * Atomically finds a clear bit and sets it: the allocator. Two threads never claim the same bit
     * until it is {@link #clear cleared} again.
     *
     * <p>A claim is a CAS, so exclusive. A result of -1 is exact for a set of one word (at most 64 bits:
     * the word was read full). Across several words it is not linearizable: each word was full when it
     * was read, but a bit freed in a word already scanned while a later word filled up is missed, so no
     * moment with every bit set need have existed. Callers treat -1 as "no room now" and fall back safely
     * (a job runs inline), and count it.
     *
     * @param hint the bit to start looking from (any value; taken modulo the capacity), to spread threads
     * @return the bit claimed, or -1 if every word was seen full during the scan
     */
    public int claimFirstClear(int hint) {
        int startWord = Math.floorMod(hint, bits) >>> 6;
        for (int i = 0; i < words; i++) {
            int w = startWord + i;
            if (w >= words) {
                w -= words;
            }
            int offset = wordOffset(w);
            long valid = validMask(w);
            long current = buffer.getLongVolatile(offset);
            long free = ~current & valid;
            while (free != 0) {
                long lowest = free & -free;
                if (buffer.compareAndSetLong(offset, current, current | lowest)) {
                    return (w << 6) + Long.numberOfTrailingZeros(lowest);
                }
                current = buffer.getLongVolatile(offset);
                free = ~current & valid;
            }
        }
        return -1;
    }

    /**
     * The scan every search of a mask uses: {@code for (int b = set.nextSetBit(0); b >= 0; b = set.nextSetBit(b + 1))}.
     * Each call reads the word holding {@code from} afresh (volatile), so a scan sees bits set or cleared
     * behind its position only if they are in a word it has not passed yet; like any scan of a changing
     * mask it is not a snapshot.
     *
     * @param from the first bit to look at, {@code >= 0}
     * @return the first set bit at or after {@code from}, or -1 if there is none
     */
    public int nextSetBit(int from) {
        int w = from >>> 6;
        if (w >= words) {
            return -1;
        }
        long bits = word(w) & (-1L << from);
        while (bits == 0) {
            if (++w == words) {
                return -1;
            }
            bits = word(w);
        }
        return (w << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** @return whether no bit is set, from one volatile read per word until a set one (not a snapshot) */
    public boolean isEmpty() {
        for (int w = 0; w < words; w++) {
            if (word(w) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param bit a bit to leave out, or -1 to leave none out
     * @return whether no bit other than {@code bit} is set, from one volatile read per word until a set
     *         one (not a snapshot)
     */
    public boolean isEmptyExcept(int bit) {
        for (int w = 0; w < words; w++) {
            long value = word(w);
            if (bit >= 0 && w == bit >>> 6) {
                value &= ~(1L << bit);
            }
            if (value != 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the number of set bits, from one volatile read per word (not an atomic snapshot) */
    public int cardinality() {
        int count = 0;
        for (int w = 0; w < words; w++) {
            count += Long.bitCount(word(w));
        }
        return count;
    }

    private long validMask(int word) {
        int bitsInWord = Math.min(Long.SIZE, bits - (word << 6));
        return bitsInWord == Long.SIZE ? -1L : (1L << bitsInWord) - 1;
    }

    private int wordOffset(int word) {
        return baseOffset + (word << 3);
    }
}
