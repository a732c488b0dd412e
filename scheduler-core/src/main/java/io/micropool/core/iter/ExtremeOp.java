package io.micropool.core.iter;

import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * {@code min} and {@code max} of primitive elements: a {@link ReduceOp} without identity whose operator
 * is {@link Math#min} or {@link Math#max}, with the lane's value for no element in {@link Run#identity}
 * ({@code min(ifEmpty)}). Its specialised loops call {@code Math.min}/{@code max} straight, which the JIT
 * vectorises; they call nothing that can fail and do not read the cutoff. A chunk of a specialised loop
 * is never empty, so it always leaves a value.
 */
final class ExtremeOp {
    private static final IntBinaryOperator INT_MIN = Math::min;
    private static final IntBinaryOperator INT_MAX = Math::max;
    private static final LongBinaryOperator LONG_MIN = Math::min;
    private static final LongBinaryOperator LONG_MAX = Math::max;
    private static final DoubleBinaryOperator DOUBLE_MIN = Math::min;
    private static final DoubleBinaryOperator DOUBLE_MAX = Math::max;

    static final ReduceOp INT_MIN_OP = new Ints(false);
    static final ReduceOp INT_MAX_OP = new Ints(true);
    static final ReduceOp LONG_MIN_OP = new Longs(false);
    static final ReduceOp LONG_MAX_OP = new Longs(true);
    static final ReduceOp DOUBLE_MIN_OP = new Doubles(false);
    static final ReduceOp DOUBLE_MAX_OP = new Doubles(true);

    private ExtremeOp() {
    }

    /** @return the extreme if some chunk saw an element, else {@code run.identity} (the value for none) */
    private static long combineOrEmpty(ReduceOp op, Run run) {
        return ReduceOp.present(run) ? op.combinePresent(run) : run.identity;
    }

    /** An {@code int} array, or with {@code array == null} the range whose value at position 0 is {@code base}. */
    private static final class Ints extends ReduceOp.Ints {
        private final boolean max;

        Ints(boolean max) {
            this.max = max;
        }

        @Override Object operator(Run run) {
            return max ? INT_MAX : INT_MIN;
        }

        @Override long combine(Run run) {
            return combineOrEmpty(this, run);
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            int[] a = (int[]) run.array;
            int shift = run.base;
            boolean max = this.max;
            int best = valueAt(a, shift, from);
            for (int i = from + 1; i < to; i++) {
                int v = valueAt(a, shift, i);
                best = max ? Math.max(best, v) : Math.min(best, v);
            }
            run.values[chunk] = best;
            run.counts[chunk] = 1;
        }

        private static int valueAt(int[] a, int shift, int position) {
            return a == null ? shift + position : a[shift + position];
        }
    }

    private static final class Longs extends ReduceOp.Longs {
        private final boolean max;

        Longs(boolean max) {
            this.max = max;
        }

        @Override Object operator(Run run) {
            return max ? LONG_MAX : LONG_MIN;
        }

        @Override long combine(Run run) {
            return combineOrEmpty(this, run);
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            long[] a = (long[]) run.array;
            int shift = run.base;
            int end = to + shift;
            long best = a[from + shift];
            if (max) {
                for (int i = from + shift + 1; i < end; i++) {
                    best = Math.max(best, a[i]);
                }
            } else {
                for (int i = from + shift + 1; i < end; i++) {
                    best = Math.min(best, a[i]);
                }
            }
            run.values[chunk] = best;
            run.counts[chunk] = 1;
        }
    }

    private static final class Doubles extends ReduceOp.Doubles {
        private final boolean max;

        Doubles(boolean max) {
            this.max = max;
        }

        @Override Object operator(Run run) {
            return max ? DOUBLE_MAX : DOUBLE_MIN;
        }

        @Override long combine(Run run) {
            return combineOrEmpty(this, run);
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            double[] a = (double[]) run.array;
            int shift = run.base;
            int end = to + shift;
            boolean max = this.max;
            double best = a[from + shift];
            for (int i = from + shift + 1; i < end; i++) {
                best = max ? Math.max(best, a[i]) : Math.min(best, a[i]);
            }
            run.values[chunk] = Lane.ofDouble(best);
            run.counts[chunk] = 1;
        }
    }
}
