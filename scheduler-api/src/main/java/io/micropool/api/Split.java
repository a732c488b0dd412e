package io.micropool.api;

/**
 * How a parallel stream cuts its elements into chunks, the pieces of work that threads claim. Each chunk
 * is a contiguous run of elements processed in order by one thread; the chunks of one terminal operation
 * run in parallel, and their results are combined in chunk order, so the outcome does not depend on the
 * split (see {@link ParLongStream}).
 *
 * <p>Instances are immutable and may be shared; keep a {@code per(..)} or {@code by(..)} split in a
 * {@code static final} field to choose it without allocating.
 *
 * <table class="striped">
 *   <caption>Splits and when to choose them</caption>
 *   <tr><th>split</th><th>chunks for {@code n} elements</th><th>for</th></tr>
 *   <tr><td>{@link #byThreads()}</td><td>workers + 1 (the caller), at most {@code n}</td>
 *       <td>the default: even, cheap elements</td></tr>
 *   <tr><td>{@link #by(int) by(k)}</td><td>{@code k}, at most {@code n}</td>
 *       <td>a fixed amount of parallel slack</td></tr>
 *   <tr><td>{@link #per(int) per(size)}</td><td>{@code ceil(n / size)}</td>
 *       <td>uneven elements: small chunks balance the load</td></tr>
 *   <tr><td>{@link #perItem()}</td><td>{@code n}</td>
 *       <td>few, heavy, uneven elements</td></tr>
 * </table>
 * Chunks of {@code byThreads} and {@code by(k)} differ in length by at most one element.
 */
public final class Split {
    private static final int BY_COUNT = 0;
    private static final int BY_SIZE = 1;
    private static final int BY_THREADS = 2;

    private static final Split BY_THREADS_SPLIT = new Split(BY_THREADS, 0);
    private static final Split PER_ITEM = new Split(BY_SIZE, 1);

    private final int mode;
    private final int value;

    private Split(int mode, int value) {
        this.mode = mode;
        this.value = value;
    }

    /** {@return the split into one chunk per worker thread plus one for the calling thread (the default split)} */
    public static Split byThreads() {
        return BY_THREADS_SPLIT;
    }

    /**
     * {@return a split into {@code chunks} chunks of equal length (give or take one element)}
     *
     * @param chunks the number of chunks, at least 1; fewer are used when there are fewer elements
     * @throws IllegalArgumentException if {@code chunks < 1}
     */
    public static Split by(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("chunks must be at least 1: " + chunks);
        }
        return new Split(BY_COUNT, chunks);
    }

    /** {@return a split with one element per chunk} */
    public static Split perItem() {
        return PER_ITEM;
    }

    /**
     * {@return a split into chunks of {@code chunkSize} elements}
     *
     * @param chunkSize the number of elements per chunk, at least 1; the last chunk may be shorter
     * @throws IllegalArgumentException if {@code chunkSize < 1}
     */
    public static Split per(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
        }
        return chunkSize == 1 ? PER_ITEM : new Split(BY_SIZE, chunkSize);
    }

    /**
     * {@return the number of chunks this split makes of {@code elements} elements: 0 for none, otherwise
     * between 1 and {@code elements}}
     *
     * @param elements the number of elements, at least 0
     * @param threads  the number of threads that may run chunks, the caller included (at least 1)
     */
    public int chunkCount(int elements, int threads) {
        if (elements <= 0) {
            return 0;
        }
        switch (mode) {
            case BY_THREADS:
                return Math.min(elements, Math.max(1, threads));
            case BY_COUNT:
                return Math.min(elements, value);
            default:
                return (int) (((long) elements + value - 1) / value);
        }
    }

    /**
     * {@return the index of the first element of {@code chunk}; for {@code chunk == chunks}, {@code elements}}
     *
     * @param elements the number of elements
     * @param chunks   the number of chunks, as returned by {@link #chunkCount}
     * @param chunk    a chunk, in {@code [0, chunks]}
     */
    public int chunkStart(int elements, int chunks, int chunk) {
        if (mode == BY_SIZE) {
            return (int) Math.min(elements, (long) chunk * value);
        }
        return (int) ((long) chunk * elements / chunks);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Split && ((Split) other).mode == mode && ((Split) other).value == value;
    }

    @Override
    public int hashCode() {
        return 31 * mode + value;
    }

    @Override
    public String toString() {
        switch (mode) {
            case BY_THREADS:
                return "Split.byThreads()";
            case BY_COUNT:
                return "Split.by(" + value + ")";
            default:
                return value == 1 ? "Split.perItem()" : "Split.per(" + value + ")";
        }
    }
}
