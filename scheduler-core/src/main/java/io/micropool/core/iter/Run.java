package io.micropool.core.iter;

import io.micropool.api.IndexedJob;
import io.micropool.api.Split;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One terminal operation in flight: what it runs on, how it is cut into chunks, and where the chunks
 * leave their results. Runs are reused: each thread keeps a stack of them ({@link Evaluator}), one per
 * nesting level, so that a terminal operation allocates no {@code Run} in steady state.
 *
 * <p>The calling thread fills every field with plain writes, then submits {@link #CHUNK} with this run as
 * the job's context: the scheduler's publication of the job orders those writes before any chunk runs.
 * Chunk {@code c} writes only {@code sinks[c]}, {@code longs[c]} and {@code doubles[3c .. 3c + 2]}; the
 * caller reads them after the job completed (the completion orders them). The only field written by
 * several chunks at once is the {@link #cutoff}, which has its own protocol.
 */
final class Run {
    /** Unit {@code u} of the job runs chunk {@code chunks - 1 - u}: the caller, which runs the last unit
     *  first, starts with chunk 0, and claims take chunks in ascending order. */
    static final IndexedJob<Run> CHUNK = (run, unit) -> run.runChunk(run.chunks - 1 - unit);

    // What a terminal operation is; see newTerminal.
    static final int FOR_EACH = 0;
    static final int SUM = 1;
    static final int COUNT = 2;
    static final int REDUCE = 3;
    static final int MATCH = 4;
    static final int FIND_FIRST = 5;
    static final int FIND_ANY = 6;
    static final int BUFFER = 7;
    static final int PLACE = 8;
    static final int COLLECT = 9;

    final Cutoff cutoff = new Cutoff();

    // The elements: source positions [start, start + size), pushed through the stages from tail up to
    // (not including) stopAt, in chunks cut by split.
    Source source;
    int start;
    int size;
    Stage tail;
    Stage stopAt;
    Split split;
    int chunks;

    // A specialised loop's source, when fast: the array (null for a range) and the array index or range
    // value at position 0. Kept apart from the Source object, which then need not outlive the call.
    int fastKind;
    Object fastArray;
    int fastBase;
    /** For zipped arrays: the second array and the zipper. */
    Object fastArray2;
    Object fastZipper;

    // The terminal operation: a constant of this class, or when fast, of FastLoops.
    int op;
    int lane;
    Object fn;
    Object fn2;
    boolean flag;
    long identity;
    Object identityObj;
    long cap;
    /** Whether the chunks run a specialised loop of {@link FastLoops} instead of a sink chain. */
    boolean fast;

    // Per-chunk results.
    Terminal[] sinks = new Terminal[0];
    long[] longs = new long[0];
    double[] doubles = new double[0];

    /**
     * Sets up a sink-chain run: the elements and the chunks, and clears the cutoff; before the job is
     * submitted. The terminal operation comes next ({@link #terminal}).
     */
    void plan(Source source, int start, int size, Stage tail, Stage stopAt, Split split, int threads) {
        this.source = source;
        this.tail = tail;
        this.stopAt = stopAt;
        this.fast = false;
        this.fastArray = null;
        this.fastArray2 = null;
        this.fastZipper = null;
        cut(start, size, split, threads);
    }

    /**
     * Sets up a specialised loop ({@link FastLoops} operation {@code op}) on the array or range that
     * {@code kind}, {@code array}, {@code base}, {@code array2} and {@code zipper} describe (see
     * {@link Source#fastKind}): the source object itself is not kept, so a pipeline made for one call
     * need not outlive it (see {@link Evaluator#openFast}).
     */
    void planFast(int kind, Object array, int base, Object array2, Object zipper, int op,
                  int start, int size, Split split, int threads) {
        this.source = null;
        this.tail = null;
        this.stopAt = null;
        this.fast = true;
        this.fastKind = kind;
        this.fastArray = array;
        this.fastBase = base;
        this.fastArray2 = array2;
        this.fastZipper = zipper;
        this.op = op;
        cut(start, size, split, threads);
    }

    private void cut(int start, int size, Split split, int threads) {
        this.start = start;
        this.size = size;
        this.split = split;
        this.chunks = split.chunkCount(size, threads);
        cutoff.reset();
        if (sinks.length < chunks) {
            sinks = new Terminal[chunks];
            longs = new long[chunks];
            doubles = new double[3 * chunks];
        }
    }

    /** Sets the terminal operation. */
    void terminal(int op, int lane, Object fn, Object fn2, boolean flag) {
        this.op = op;
        this.lane = lane;
        this.fn = fn;
        this.fn2 = fn2;
        this.flag = flag;
    }

    /** @return the source position where chunk {@code chunk} starts ({@code chunk == chunks}: the end) */
    int chunkStart(int chunk) {
        return start + split.chunkStart(size, chunks, chunk);
    }

    private void runChunk(int chunk) {
        int from = chunkStart(chunk);
        int to = chunkStart(chunk + 1);
        try {
            if (fast) {
                FastLoops.run(this, chunk, from, to);
            } else {
                Terminal terminal = newTerminal();
                sinks[chunk] = terminal;
                Sink head = terminal;
                for (Stage stage = tail; stage != stopAt; stage = stage.up) {
                    head = stage.wrap(head);
                }
                source.push(from, to, head, terminal);
            }
        } catch (Throwable failure) {
            // Other chunks stop at their next element; the scheduler reports the failure to the caller.
            cutoff.stopAll();
            throw failure;
        }
    }

    private Terminal newTerminal() {
        switch (op) {
            case FOR_EACH:
                return new Terminal.ForEach(cutoff, lane, fn);
            case SUM:
                return new Terminal.Sum(cutoff, lane);
            case COUNT:
                return new Terminal.Count(cutoff);
            case REDUCE:
                return new Terminal.Reduce(cutoff, lane, fn, flag, identity, identityObj);
            case MATCH:
                return new Terminal.Match(cutoff, lane, fn, flag);
            case FIND_FIRST:
                return new Terminal.Find(cutoff, true);
            case FIND_ANY:
                return new Terminal.Find(cutoff, false);
            case BUFFER:
                return new Terminal.Buffer(cutoff, lane, cap);
            case PLACE:
                return new Terminal.Place(cutoff, lane, fn, start);
            case COLLECT:
                return new Terminal.Collect(cutoff, lane, (Supplier<?>) fn, fn2);
            default:
                throw new IllegalStateException("unknown terminal operation " + op);
        }
    }

    /** Drops every reference the run holds, so that a pooled run keeps no user object alive. */
    void clear() {
        Arrays.fill(sinks, 0, Math.min(chunks, sinks.length), null);
        source = null;
        tail = null;
        stopAt = null;
        split = null;
        fn = null;
        fn2 = null;
        identityObj = null;
        fastArray = null;
        fastArray2 = null;
        fastZipper = null;
    }
}
