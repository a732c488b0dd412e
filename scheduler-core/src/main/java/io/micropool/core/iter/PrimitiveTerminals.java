package io.micropool.core.iter;

import io.micropool.api.Split;

/**
 * The terminal operations whose result is one primitive or nothing ({@code sum}, {@code min} and
 * {@code max} with a value for the empty case, {@code reduce} with an identity, the matches,
 * {@code forEach}), run from a pipeline given as its parts: plan the run, execute it, combine the chunks'
 * results in chunk order, give the run back.
 *
 * <h2>Why the pipeline comes in parts</h2>
 * A one-liner such as {@code pool.of(array).sum()} makes a pipeline and a source that only this call uses.
 * When the JIT compiles the caller, escape analysis removes both objects if every method that receives
 * them is inlined into the caller and none stores them. So the pipeline's terminal methods
 * ({@link AbstractPipe}) hand this class the source's array, base and size, not the source, when the
 * pipeline is a bare array or range, and their own code is a few field reads and one call here.
 * {@link #evaluate} in turn is one method for every operation, larger than the biggest method C2 inlines
 * at a hot call site ({@code FreqInlineSize}, 325 bytecodes): it is never inlined into the terminal
 * methods, whose compiled code therefore stays small enough ({@code InlineSmallCode}) for C2 to inline
 * them into any caller whichever is compiled first. The allocation test pins the result on JDK 17 and 25
 * ({@code AllocationTest.oneLinerTerminalsAllocateNothing}); a pipeline built once and reused allocates
 * nothing whatever the JIT does.
 */
final class PrimitiveTerminals {
    private PrimitiveTerminals() {
    }

    /**
     * Runs terminal operation {@code op} of a pipeline of {@code lane} elements.
     *
     * @param general    the source of a pipeline that is not a bare array or range, or {@code null} if
     *                   it is: then {@code kind}, {@code array}, {@code base} and {@code sourceSize}
     *                   describe it (see {@link Source#fastKind}) and {@code tail} is {@code null}
     * @param op         {@link FastLoops#SUM}, {@link FastLoops#MIN}, {@link FastLoops#MAX},
     *                   {@link FastLoops#REDUCE}, {@link FastLoops#MATCH} or {@link FastLoops#FOR_EACH}
     * @param fn         the reduction's operator, the match's predicate or the action; {@code null} for
     *                   the others
     * @param identity   the reduction's identity, or for {@code min}/{@code max} the result if there is no
     *                   element (bits, see {@link Lane})
     * @param target     for a match, the predicate result looked for (true for anyMatch and noneMatch)
     * @return the sum, extreme or reduction as bits of the lane (a {@code double} sum compensated, as
     *         {@link Kahan}), 1 or 0 for whether a match was found, 0 for {@code forEach}
     */
    static long evaluate(Streams env, Source general, int kind, Object array, int base, int sourceSize,
                         long skip, long limit, Stage tail, Split split,
                         int lane, int op, Object fn, long identity, boolean target) {
        Run run = general == null
            ? Evaluator.openFast(env, kind, array, base, null, null, sourceSize, skip, limit, split, op)
            : Evaluator.open(env, general, skip, limit, tail, split);
        try {
            Object extreme = op == FastLoops.MIN || op == FastLoops.MAX
                ? Terminal.Reduce.minMax(lane, op == FastLoops.MAX) : null;
            if (run.fast) {
                run.fn = fn;
                run.flag = target;
                run.identity = identity;
            } else {
                switch (op) {
                    case FastLoops.SUM:
                        run.terminal(Run.SUM, lane, null, null, false);
                        break;
                    case FastLoops.MIN:
                    case FastLoops.MAX:
                        run.terminal(Run.REDUCE, lane, extreme, null, false);
                        break;
                    case FastLoops.REDUCE:
                        run.terminal(Run.REDUCE, lane, fn, null, true);
                        run.identity = identity;
                        break;
                    case FastLoops.MATCH:
                        run.terminal(Run.MATCH, lane, fn, null, target);
                        break;
                    default:
                        run.terminal(Run.FOR_EACH, lane, fn, null, false);
                }
            }
            Evaluator.execute(env, run);
            switch (op) {
                case FastLoops.SUM:
                    if (lane == Lane.DOUBLE) {
                        return Lane.ofDouble(mergeDoubleSums(run));
                    }
                    long sum = 0;
                    for (int c = 0; c < run.chunks; c++) {
                        sum += run.fast ? run.longs[c] : ((Terminal.Sum) run.sinks[c]).sum;
                    }
                    return sum;
                case FastLoops.MIN:
                case FastLoops.MAX:
                    return present(run) ? combinePrimitives(run, lane, extreme) : identity;
                case FastLoops.REDUCE: {
                    long value = identity;
                    for (int c = 0; c < run.chunks; c++) {
                        long part = run.fast ? run.longs[c] : ((Terminal.Reduce) run.sinks[c]).value;
                        value = Terminal.Reduce.apply(lane, fn, value, part);
                    }
                    return value;
                }
                case FastLoops.MATCH:
                    // Only a match lowers the cutoff this far (a failure does too, but then execute threw).
                    return run.cutoff.get() == Long.MIN_VALUE ? 1 : 0;
                default:
                    return 0;
            }
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return whether some chunk of an executed reduction without identity saw an element */
    static boolean present(Run run) {
        for (int c = 0; c < run.chunks; c++) {
            if (run.fast || ((Terminal.Reduce) run.sinks[c]).present) {
                return true;
            }
        }
        return false;
    }

    /** @return the chunks' primitive results (bits) of an executed reduction combined by {@code op} in chunk order */
    static long combinePrimitives(Run run, int lane, Object op) {
        boolean present = false;
        long value = 0;
        for (int c = 0; c < run.chunks; c++) {
            long part;
            if (run.fast) {
                part = run.longs[c];
            } else if (((Terminal.Reduce) run.sinks[c]).present) {
                part = ((Terminal.Reduce) run.sinks[c]).value;
            } else {
                continue;
            }
            value = present ? Terminal.Reduce.apply(lane, op, value, part) : part;
            present = true;
        }
        return value;
    }

    /** @return the compensated total of an executed {@code double} sum: the chunks' Kahan states merged in chunk order */
    static double mergeDoubleSums(Run run) {
        double[] total = run.doubles;
        if (run.chunks == 0) {
            return 0.0;
        }
        if (!run.fast) {
            Kahan.reset(total, 0);
        }
        for (int c = run.fast ? 1 : 0; c < run.chunks; c++) {
            if (run.fast) {
                Kahan.merge(total, 0, total, Kahan.WIDTH * c);
            } else {
                Kahan.merge(total, 0, ((Terminal.Sum) run.sinks[c]).kahan, 0);
            }
        }
        return Kahan.result(total, 0);
    }
}
