package io.micropool.core.stats;

import io.micropool.core.Counter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link Counter}s that any thread may add to: what virtual threads do outside a borrowed seat — calls
 * they ran by themselves, calls run inline because every seat was lent, a {@code spawn}, a
 * {@code Task.join} — which has no single-writer {@link ThreadCounters} to go to.
 *
 * <p>The counters are striped: {@value #STRIPES} padded copies, and a thread adds to the copy its id
 * hashes to, so that two virtual threads running on two carriers at once rarely write the same cache
 * line; a snapshot sums the copies. Thread ids come in sequence, so consecutive threads take different
 * stripes.
 *
 * <p>Protocol of {@link #values}: every add is a volatile {@code getAndAdd}; a snapshot reads each element
 * with a volatile load, so a count is seen by a snapshot that starts after it. Counters are indexed as in
 * {@link ThreadCounters} (its constants) within each stripe, padded alike.
 */
public final class SharedCounters {
    /** Copies of the counters, a power of two. */
    static final int STRIPES = 16;

    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

    /** Counter {@code c} of stripe {@code s} at {@code s * ThreadCounters.LENGTH} plus its index; see the class comment. */
    private final long[] values = new long[STRIPES * ThreadCounters.LENGTH];

    /** Adds one to the counter at {@code index} (one of {@link ThreadCounters}' constants); any thread. */
    public void increment(int index) {
        add(index, 1L);
    }

    /** Adds {@code delta} to the counter at {@code index} (one of {@link ThreadCounters}' constants); any thread. */
    public void add(int index, long delta) {
        VALUES.getAndAdd(values, stripe() + index, delta);
    }

    /** Adds every counter, summed over the stripes and read volatile, to {@code sums} (by {@link Counter#ordinal}); any thread. */
    public void addTo(long[] sums) {
        for (int s = 0; s < STRIPES; s++) {
            int base = s * ThreadCounters.LENGTH + ThreadCounters.PAD;
            for (int c = 0; c < Counter.COUNT; c++) {
                sums[c] = Sums.add(sums[c], (long) VALUES.getVolatile(values, base + c));
            }
        }
    }

    /** @return the offset of the calling thread's stripe */
    @SuppressWarnings("deprecation")
    private static int stripe() {
        // Thread.getId() (threadId() from JDK 19): unique and stable; the top bits of a Fibonacci hash.
        long mixed = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> (64 - Integer.numberOfTrailingZeros(STRIPES))) * ThreadCounters.LENGTH;
    }
}
