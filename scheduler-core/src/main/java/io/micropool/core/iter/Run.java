package io.micropool.core.iter;

import io.micropool.api.IndexedJob;
import io.micropool.api.Split;

import java.util.Arrays;

/**
 * One terminal operation in flight: what it runs on, how it is cut into chunks, which operation it is
 * with the call's arguments, and where the chunks leave their results. Runs are reused: each thread keeps
 * a stack of them ({@link Evaluator}), one per nesting level, so that a terminal operation allocates no
 * {@code Run} in steady state.
 *
 * <p>The calling thread fills every field with plain writes, then submits {@link #CHUNK} with this run as
 * the job's context: the scheduler's publication of the job orders those writes before any chunk runs.
 * Chunk {@code c} writes only its slots — {@code values[c]}, {@code counts[c]}, {@code objs[c]} and
 * {@code kahan[3c .. 3c + 2]} — and the caller reads them after the job completed (the completion orders
 * them). The only field written by several chunks at once is the {@link #cutoff}, which has its own
 * protocol.
 */
final class Run {
    /** Unit {@code u} of the job runs chunk {@code chunks - 1 - u}: the caller, which runs the last unit
     *  first, starts with chunk 0, and claims take chunks in ascending order. */
    static final IndexedJob<Run> CHUNK = (run, unit) -> run.runChunk(run.chunks - 1 - unit);

    final Cutoff cutoff = new Cutoff();
    /** The run's index in its thread's stack of runs ({@link Evaluator}), which is where it stays. */
    final int level;

    // The elements: source positions [start, start + size), in chunks cut by split. With a source, pushed
    // through the stages from tail up to (not including) stopAt; without one (null), the chunks run the
    // operation's specialised loop on the bare array or range below.
    Source source;
    int start;
    int size;
    Stage tail;
    Stage stopAt;
    Split split;
    int chunks;

    // A bare source, when source is null: the array (null for a range) and the array index or range value
    // at position 0; for zipped arrays (toArray only), the second array and the zipper. Kept apart from a
    // Source object, which then need not outlive the call.
    Object array;
    int base;
    Object array2;
    Object zipper;

    // The terminal operation and the call's arguments, which its sinks and loops read.
    TerminalOp op;
    /** The user's function: action, operator, predicate, destination array or collect's supplier. */
    Object fn;
    /** collect's accumulator. */
    Object fn2;
    /** For a match, the predicate result looked for; for a reduction, whether it starts from {@link #identity}. */
    boolean flag;
    /** A reduction's identity, or min/max's result for no element (bits, see {@link Lane}). */
    long identity;
    Object identityObj;
    /** For a buffer, the most elements a chunk keeps. */
    long cap;

    // Per-chunk results ("slots"): what each operation leaves there is in its class comment.
    long[] values = new long[0];
    long[] counts = new long[0];
    Object[] objs = new Object[0];
    double[] kahan = new double[0];

    /**
     * Sets up a sink-chain run: the elements and the chunks, and clears the cutoff; before the job is
     * submitted. The terminal operation comes next ({@link #terminal}).
     */
    void plan(Source source, int start, int size, Stage tail, Stage stopAt, Split split, int threads) {
        this.source = source;
        this.tail = tail;
        this.stopAt = stopAt;
        this.array = null;
        this.array2 = null;
        this.zipper = null;
        cut(start, size, split, threads);
    }

    /**
     * Sets up a run of the operation's specialised loop on the bare array or range that {@code array} and
     * {@code base} describe (with {@code array2} and {@code zipper}: zipped arrays): the source object
     * itself is not kept, so a pipeline made for one call need not outlive it (see
     * {@link Evaluator#openFast}). The terminal operation comes next ({@link #terminal}).
     */
    void planFast(Object array, int base, Object array2, Object zipper, int start, int size, Split split,
                  int threads) {
        this.source = null;
        this.tail = null;
        this.stopAt = null;
        this.array = array;
        this.base = base;
        this.array2 = array2;
        this.zipper = zipper;
        cut(start, size, split, threads);
    }

    private void cut(int start, int size, Split split, int threads) {
        this.start = start;
        this.size = size;
        this.split = split;
        this.chunks = split.chunkCount(size, threads);
        cutoff.reset();
        if (values.length < chunks) {
            values = new long[chunks];
            counts = new long[chunks];
            objs = new Object[chunks];
            kahan = new double[Kahan.WIDTH * chunks];
        }
    }

    /** Sets the terminal operation and the call's arguments (see the fields); before the job is submitted. */
    void terminal(TerminalOp op, Object fn, Object fn2, boolean flag) {
        this.op = op;
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
            if (source == null) {
                op.fast(this, chunk, from, to);
            } else {
                Terminal terminal = op.sink(this);
                Sink head = terminal;
                for (Stage stage = tail; stage != stopAt; stage = stage.up) {
                    head = stage.wrap(head);
                }
                source.push(from, to, head, terminal);
                terminal.end(this, chunk);
            }
        } catch (Throwable failure) {
            // Other chunks stop at their next element; the scheduler reports the failure to the caller.
            cutoff.stopAll();
            throw failure;
        }
    }

    /** @param level the run's index in its thread's stack of runs */
    Run(int level) {
        this.level = level;
    }

    /** Drops every reference the run holds, so that a pooled run keeps no user object alive. */
    void clear() {
        Arrays.fill(objs, 0, Math.min(chunks, objs.length), null);
        source = null;
        tail = null;
        stopAt = null;
        split = null;
        op = null;
        fn = null;
        fn2 = null;
        identityObj = null;
        array = null;
        array2 = null;
        zipper = null;
    }
}
