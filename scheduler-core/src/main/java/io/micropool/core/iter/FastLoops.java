package io.micropool.core.iter;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoublePredicate;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * Specialised chunk loops for a terminal operation straight on an array or a range: a plain indexed
 * loop with no sink chain, which the JIT compiles to the same code as a hand-written loop (vectorised for
 * {@code sum}, {@code min}, {@code max}) and which allocates nothing.
 *
 * <p>Loops that call a user function check the {@link Cutoff} before each element, so that a match or a
 * failure in another chunk stops them; {@code sum}, {@code min} and {@code max} call nothing that can fail
 * and do not check. Results go to the run's per-chunk arrays: {@code longs[chunk]} (a double as its raw
 * bits) and, for a double sum, the {@link Kahan} state at {@code doubles[3 * chunk]}.
 */
final class FastLoops {
    static final int SUM = 0;
    static final int MIN = 1;
    static final int MAX = 2;
    static final int REDUCE = 3;
    static final int FOR_EACH = 4;
    static final int MATCH = 5;
    static final int PLACE = 6;

    private FastLoops() {
    }

    /** Runs positions {@code [from, to)} of {@code run}'s source for its fast operation. */
    static void run(Run run, int chunk, int from, int to) {
        Object array = run.fastArray;
        int shift = run.fastBase;
        switch (run.fastKind) {
            case Source.INT_RANGE:
            case Source.INT_ARRAY:
                ints(run, chunk, (int[]) array, shift, from, to);
                break;
            case Source.LONG_ARRAY:
                longs(run, chunk, (long[]) array, shift, from, to);
                break;
            default:
                doubles(run, chunk, (double[]) array, shift, from, to);
        }
    }

    /** An int array, or with {@code a == null} the range whose value at position 0 is {@code shift}. */
    private static void ints(Run run, int chunk, int[] a, int shift, int from, int to) {
        Cutoff cutoff = run.cutoff;
        switch (run.op) {
            case SUM: {
                long sum = 0;
                if (a == null) {
                    for (int i = from; i < to; i++) {
                        sum += shift + i;
                    }
                } else {
                    for (int i = from + shift, end = to + shift; i < end; i++) {
                        sum += a[i];
                    }
                }
                run.longs[chunk] = sum;
                break;
            }
            case MIN:
            case MAX: {
                boolean max = run.op == MAX;
                int best = valueAt(a, shift, from);
                for (int i = from + 1; i < to; i++) {
                    int v = valueAt(a, shift, i);
                    best = max ? Math.max(best, v) : Math.min(best, v);
                }
                run.longs[chunk] = best;
                break;
            }
            case REDUCE: {
                IntBinaryOperator op = (IntBinaryOperator) run.fn;
                int acc = (int) run.identity;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    acc = op.applyAsInt(acc, valueAt(a, shift, i));
                }
                run.longs[chunk] = acc;
                break;
            }
            case FOR_EACH: {
                IntConsumer action = (IntConsumer) run.fn;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    action.accept(valueAt(a, shift, i));
                }
                break;
            }
            case MATCH: {
                IntPredicate predicate = (IntPredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(valueAt(a, shift, i)) == target) {
                        cutoff.stopAll();
                    }
                }
                break;
            }
            default: {
                int[] destination = (int[]) run.fn;
                int at = from - run.start;
                if (a == null) {
                    for (int i = from; i < to; i++) {
                        destination[at++] = shift + i;
                    }
                } else {
                    System.arraycopy(a, from + shift, destination, at, to - from);
                }
            }
        }
    }

    private static int valueAt(int[] a, int shift, int position) {
        return a == null ? shift + position : a[shift + position];
    }

    private static void longs(Run run, int chunk, long[] a, int shift, int from, int to) {
        Cutoff cutoff = run.cutoff;
        int end = to + shift;
        switch (run.op) {
            case SUM: {
                long sum = 0;
                for (int i = from + shift; i < end; i++) {
                    sum += a[i];
                }
                run.longs[chunk] = sum;
                break;
            }
            case MIN: {
                long best = a[from + shift];
                for (int i = from + shift + 1; i < end; i++) {
                    best = Math.min(best, a[i]);
                }
                run.longs[chunk] = best;
                break;
            }
            case MAX: {
                long best = a[from + shift];
                for (int i = from + shift + 1; i < end; i++) {
                    best = Math.max(best, a[i]);
                }
                run.longs[chunk] = best;
                break;
            }
            case REDUCE: {
                LongBinaryOperator op = (LongBinaryOperator) run.fn;
                long acc = run.identity;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    acc = op.applyAsLong(acc, a[i + shift]);
                }
                run.longs[chunk] = acc;
                break;
            }
            case FOR_EACH: {
                LongConsumer action = (LongConsumer) run.fn;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    action.accept(a[i + shift]);
                }
                break;
            }
            case MATCH: {
                LongPredicate predicate = (LongPredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(a[i + shift]) == target) {
                        cutoff.stopAll();
                    }
                }
                break;
            }
            default:
                System.arraycopy(a, from + shift, (long[]) run.fn, from - run.start, to - from);
        }
    }

    private static void doubles(Run run, int chunk, double[] a, int shift, int from, int to) {
        Cutoff cutoff = run.cutoff;
        int end = to + shift;
        switch (run.op) {
            case SUM: {
                double sum = 0;
                double compensation = 0;
                double simple = 0;
                for (int i = from + shift; i < end; i++) {
                    double v = a[i];
                    simple += v;
                    double y = v - compensation;
                    double t = sum + y;
                    compensation = (t - sum) - y;
                    sum = t;
                }
                int at = Kahan.WIDTH * chunk;
                run.doubles[at] = sum;
                run.doubles[at + 1] = compensation;
                run.doubles[at + 2] = simple;
                break;
            }
            case MIN:
            case MAX: {
                boolean max = run.op == MAX;
                double best = a[from + shift];
                for (int i = from + shift + 1; i < end; i++) {
                    best = max ? Math.max(best, a[i]) : Math.min(best, a[i]);
                }
                run.longs[chunk] = Lane.ofDouble(best);
                break;
            }
            case REDUCE: {
                DoubleBinaryOperator op = (DoubleBinaryOperator) run.fn;
                double acc = Lane.toDouble(run.identity);
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    acc = op.applyAsDouble(acc, a[i + shift]);
                }
                run.longs[chunk] = Lane.ofDouble(acc);
                break;
            }
            case FOR_EACH: {
                DoubleConsumer action = (DoubleConsumer) run.fn;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    action.accept(a[i + shift]);
                }
                break;
            }
            case MATCH: {
                DoublePredicate predicate = (DoublePredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(a[i + shift]) == target) {
                        cutoff.stopAll();
                    }
                }
                break;
            }
            default:
                System.arraycopy(a, from + shift, (double[]) run.fn, from - run.start, to - from);
        }
    }
}
