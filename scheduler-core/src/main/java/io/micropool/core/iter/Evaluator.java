package io.micropool.core.iter;

import io.micropool.api.Split;

import java.util.Arrays;

/**
 * Turns a pipeline into runs: prepares the source, applies the window, evaluates the part before a
 * skip/limit that follows a filter into a buffer, and submits the chunks as one job of the scheduler.
 *
 * <p>Each thread keeps a stack of {@link Run}s, one per nesting level (a chunk may itself run a terminal
 * operation, on any thread); {@link #open} takes the next one and {@link #close} gives it back, in
 * last-in first-out order. A run is reused only after its job completed, when no other thread touches it.
 */
final class Evaluator {
    static final ThreadLocal<RunStack> RUNS = ThreadLocal.withInitial(RunStack::new);

    private Evaluator() {
    }

    /** The runs of one thread, by nesting level; confined to it. */
    static final class RunStack {
        Run[] runs = new Run[4];
        int depth;
    }

    /**
     * Takes a run of the calling thread and plans it on the pipeline ({@code source} through the stages up
     * to {@code tail}, the source narrowed to {@code [skip, skip + limit)}). Close it with {@link #close}.
     */
    static Run open(Streams env, Source source, long skip, long limit, Stage tail, Split split) {
        Source src = source.prepare();
        int size = src.size();
        int start = (int) Math.min(size, skip);
        int count = (int) Math.min(size - start, limit);
        Slice slice = lastSlice(tail);
        if (slice != null) {
            src = sliceOf(env, src, start, count, slice, split);
            start = 0;
            count = src.size();
        }
        Run run = take();
        run.plan(src, start, count, tail, slice, split, env.threads());
        return run;
    }

    /**
     * Takes a run of the calling thread for the terminal operation's specialised loop
     * ({@link TerminalOp#fast}) straight on an array or range of {@code sourceSize} elements, narrowed to
     * {@code [skip, skip + limit)}; the source comes as its parts: the array ({@code null} for a range),
     * the array index or range value of position 0, and for zipped arrays the second array and the
     * zipper. Close it with {@link #close}.
     *
     * <p>It takes the parts, not the {@link Source}, so that neither the source nor the pipeline escapes
     * a one-liner such as {@code pool.of(array).sum()}: when the JIT inlines the call chain from the
     * pipeline's creation to here, escape analysis removes both objects (the pipelines' terminal
     * methods keep their code before this call small for that reason; see {@link AbstractPipe}).
     */
    static Run openFast(Streams env, Object array, int base, Object array2, Object zipper,
                        int sourceSize, long skip, long limit, Split split) {
        int start = (int) Math.min(sourceSize, skip);
        int count = (int) Math.min(sourceSize - start, limit);
        Run run = take();
        run.planFast(array, base, array2, zipper, start, count, split, env.threads());
        return run;
    }

    /**
     * @return the calling thread's run for the next nesting level, counted as taken ({@link
     *         PrimitiveTerminals#evaluate} writes this and {@link #close} out: keep them in step)
     */
    static Run take() {
        RunStack stack = RUNS.get();
        if (stack.depth == stack.runs.length) {
            stack.runs = Arrays.copyOf(stack.runs, 2 * stack.depth);
        }
        Run run = stack.runs[stack.depth];
        if (run == null) {
            run = new Run(stack.depth);
            stack.runs[stack.depth] = run;
        }
        stack.depth++;
        return run;
    }

    /** Runs the planned run's chunks as one job, the calling thread taking part. */
    static void execute(Streams env, Run run) {
        if (run.chunks > 0) {
            env.scheduler().invoke(run.chunks, run, Run.CHUNK);
        }
    }

    /** Gives the run back to the calling thread's stack, with any an overflow left above it. */
    static void close(Run run) {
        RunStack stack = RUNS.get();
        // Normally run is the top. A StackOverflowError deeper down may have struck between a take and
        // its close (or inside a close), leaving runs above this one counted as taken: they are given
        // back with it, so that an overflow never leaves the thread's stack of runs out of step.
        for (int above = stack.depth - 1; above > run.level; above--) {
            stack.runs[above].clear();
        }
        run.clear();
        stack.depth = run.level;
    }

    private static Slice lastSlice(Stage tail) {
        for (Stage stage = tail; stage != null; stage = stage.up) {
            if (stage instanceof Slice) {
                return (Slice) stage;
            }
        }
        return null;
    }

    /**
     * Evaluates the pipeline up to {@code slice} into chunk buffers of at most {@code skip + limit}
     * elements each, and returns the elements {@code [skip, skip + limit)} of their concatenation in chunk
     * order as an array source.
     */
    private static Source sliceOf(Streams env, Source src, int start, int count, Slice slice, Split split) {
        Run run = open(env, src, start, count, slice.up, split);
        try {
            BufferOp buffer = BufferOp.of(slice.lane);
            run.terminal(buffer, null, null, false);
            run.cap = saturatedAdd(slice.skip, slice.limit);
            execute(env, run);
            int total = BufferOp.count(run);
            int from = (int) Math.min(total, slice.skip);
            int length = (int) Math.min(total - from, slice.limit);
            Object elements = buffer.concat(run, from, length);
            return slice.lane == Lane.OBJ
                ? new Source.ObjArray((Object[]) elements, 0, length)
                : new Source.LongArray(slice.lane, (long[]) elements, 0, length);
        } finally {
            close(run);
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
