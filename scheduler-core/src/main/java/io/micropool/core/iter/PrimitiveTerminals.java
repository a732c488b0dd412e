package io.micropool.core.iter;

import io.micropool.api.Split;

import java.util.Arrays;

/**
 * Runs the terminal operations whose result is one primitive or nothing ({@link PrimitiveOp}: {@code sum},
 * {@code min} and {@code max} with a value for the empty case, {@code reduce} with an identity, the
 * matches, {@code forEach}, {@code count}) from a pipeline given as its parts: plan the run, execute it,
 * let the operation combine the chunks' results, give the run back.
 *
 * <h2>Why the pipeline comes in parts, and why {@link #evaluate} is large</h2>
 * A one-liner such as {@code pool.of(array).sum()} makes a pipeline that only this call uses. When the
 * JIT compiles the caller, escape analysis removes it if every method that receives it is inlined into
 * the caller and none stores it. So the pipeline's terminal methods ({@link AbstractPipe#primitive}) hand
 * this class the source's array, base and size, not the pipeline, when it is a bare array or range, and
 * their own code is a few field reads and one call here. {@link #evaluate} in turn must be larger than the
 * biggest method C2 inlines at a hot call site ({@code FreqInlineSize}, 325 bytecodes): then it is never
 * inlined into the terminal methods, whose compiled code therefore stays small enough
 * ({@code InlineSmallCode}) for C2 to inline them into any caller whichever is compiled first. Had it been
 * inlined, a terminal method compiled on its own before its caller would be "already compiled into a big
 * method" and the pipeline would escape as its receiver. Its steps (take a run from the thread's stack,
 * plan it, execute, combine, give it back) are therefore written out in it rather than called;
 * {@code PrimitiveTerminalsSizeTest} pins its size, and
 * {@code AllocationTest.oneLinerTerminalsOverArraysAndRangesAllocateNothing} the outcome on JDK 17 and 25. A
 * pipeline built once and reused allocates nothing whatever the JIT does.
 */
final class PrimitiveTerminals {
    private PrimitiveTerminals() {
    }

    /**
     * Runs terminal operation {@code op} of a pipeline.
     *
     * @param general    the source of a pipeline that is not a bare array or range, or {@code null} if
     *                   it is: then {@code array} ({@code null} for a range), {@code base} and
     *                   {@code sourceSize} describe it and {@code tail} is {@code null}
     * @param op         the operation, of the pipeline's lane
     * @param fn         the reduction's operator, the match's predicate or the action; {@code null} for
     *                   the others
     * @param identity   the reduction's identity, or for {@code min}/{@code max} the result if there is no
     *                   element (bits, see {@link Lane})
     * @param flag       for a match, the predicate result looked for (true for anyMatch and noneMatch);
     *                   for a reduction, whether it starts from {@code identity}
     * @return the operation's result: {@link PrimitiveOp#combine}
     */
    static long evaluate(Streams env, Source general, Object array, int base, int sourceSize,
                         long skip, long limit, Stage tail, Split split,
                         PrimitiveOp op, Object fn, long identity, boolean flag) {
        // The steps of Evaluator.openFast, take, execute and close are written out here, not called: see
        // the class comment for why this method must stay larger than FreqInlineSize. Keep them in step.
        Evaluator.RunStack stack = Evaluator.RUNS.get();
        Run run;
        if (general == null) {
            if (stack.depth == stack.runs.length) {
                stack.runs = Arrays.copyOf(stack.runs, 2 * stack.depth);
            }
            run = stack.runs[stack.depth];
            if (run == null) {
                run = new Run(stack.depth);
                stack.runs[stack.depth] = run;
            }
            stack.depth++;
            int start = (int) Math.min(sourceSize, skip);
            int count = (int) Math.min(sourceSize - start, limit);
            run.planFast(array, base, null, null, start, count, split, env.threads());
        } else {
            run = Evaluator.open(env, general, skip, limit, tail, split);
        }
        try {
            run.terminal(op, fn, null, flag);
            run.identity = identity;
            if (run.chunks > 0) {
                env.scheduler().invoke(run.chunks, run, Run.CHUNK);
            }
            return op.combine(run);
        } finally {
            // Evaluator.close, written out: runs an overflow left above this one are given back with it.
            for (int above = stack.depth - 1; above > run.level; above--) {
                stack.runs[above].clear();
            }
            run.clear();
            stack.depth = run.level;
        }
    }
}
