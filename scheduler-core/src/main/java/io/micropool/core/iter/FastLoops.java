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
 * Specialised chunk loops for a terminal operation straight on an array or a range (and for
 * {@code toArray} of two zipped arrays): a plain indexed loop with no sink chain, which the JIT compiles to the same code as a hand-written loop (vectorised for
 * {@code sum}, {@code min}, {@code max}) and which allocates nothing.
 *
 * <p>Loops that call a user function read the {@link Cutoff}: the matches before every element, so that a
 * match in any chunk stops them all at once; the others, which only a failure stops, every
 * {@link Terminal#CHECK_INTERVAL} positions. {@code sum}, {@code min} and {@code max} call nothing that can
 * fail and do not read it. Results go to the run's per-chunk arrays: {@code longs[chunk]} (a double as its raw
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

    /** Positions between two reads of the cutoff in loops that only a failure stops. */
    private static final int CHECK = Terminal.CHECK_INTERVAL;

    private FastLoops() {
    }

    /** @return the end of the block of positions that starts at {@code block} */
    private static int blockEnd(long block, int to) {
        return (int) Math.min(to, block + CHECK);
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
            case Source.DOUBLE_ARRAY:
                doubles(run, chunk, (double[]) array, shift, from, to);
                break;
            default:
                placeZipped(run, from, to);
        }
    }

    /** {@code toArray} of two zipped arrays: {@code destination[i] = zipper(a[i], b[i])}. */
    private static void placeZipped(Run run, int from, int to) {
        Cutoff cutoff = run.cutoff;
        int at = from - run.start;
        for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
            int first = (int) block;
            int end = blockEnd(block, to);
            switch (run.fastKind) {
                case Source.ZIP_INT: {
                    int[] a = (int[]) run.fastArray;
                    int[] b = (int[]) run.fastArray2;
                    int[] destination = (int[]) run.fn;
                    IntBinaryOperator zipper = (IntBinaryOperator) run.fastZipper;
                    for (int i = first; i < end; i++) {
                        destination[at++] = zipper.applyAsInt(a[i], b[i]);
                    }
                    break;
                }
                case Source.ZIP_LONG: {
                    long[] a = (long[]) run.fastArray;
                    long[] b = (long[]) run.fastArray2;
                    long[] destination = (long[]) run.fn;
                    LongBinaryOperator zipper = (LongBinaryOperator) run.fastZipper;
                    for (int i = first; i < end; i++) {
                        destination[at++] = zipper.applyAsLong(a[i], b[i]);
                    }
                    break;
                }
                default: {
                    double[] a = (double[]) run.fastArray;
                    double[] b = (double[]) run.fastArray2;
                    double[] destination = (double[]) run.fn;
                    DoubleBinaryOperator zipper = (DoubleBinaryOperator) run.fastZipper;
                    for (int i = first; i < end; i++) {
                        destination[at++] = zipper.applyAsDouble(a[i], b[i]);
                    }
                }
            }
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
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    for (int i = (int) block, end = blockEnd(block, to); i < end; i++) {
                        acc = op.applyAsInt(acc, a == null ? shift + i : a[shift + i]);
                    }
                }
                run.longs[chunk] = acc;
                break;
            }
            case FOR_EACH: {
                IntConsumer action = (IntConsumer) run.fn;
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    int end = blockEnd(block, to);
                    if (a == null) {
                        for (int i = (int) block; i < end; i++) {
                            action.accept(shift + i);
                        }
                    } else {
                        for (int i = (int) block; i < end; i++) {
                            action.accept(a[shift + i]);
                        }
                    }
                }
                break;
            }
            case MATCH: {
                IntPredicate predicate = (IntPredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(valueAt(a, shift, i)) == target) {
                        cutoff.stopAll();
                        break;
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
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                        acc = op.applyAsLong(acc, a[i]);
                    }
                }
                run.longs[chunk] = acc;
                break;
            }
            case FOR_EACH: {
                LongConsumer action = (LongConsumer) run.fn;
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                        action.accept(a[i]);
                    }
                }
                break;
            }
            case MATCH: {
                LongPredicate predicate = (LongPredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(a[i + shift]) == target) {
                        cutoff.stopAll();
                        break;
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
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                        acc = op.applyAsDouble(acc, a[i]);
                    }
                }
                run.longs[chunk] = Lane.ofDouble(acc);
                break;
            }
            case FOR_EACH: {
                DoubleConsumer action = (DoubleConsumer) run.fn;
                for (long block = from; block < to && cutoff.admits(block); block += CHECK) {
                    for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                        action.accept(a[i]);
                    }
                }
                break;
            }
            case MATCH: {
                DoublePredicate predicate = (DoublePredicate) run.fn;
                boolean target = run.flag;
                for (int i = from; i < to && cutoff.admits(i); i++) {
                    if (predicate.test(a[i + shift]) == target) {
                        cutoff.stopAll();
                        break;
                    }
                }
                break;
            }
            default:
                System.arraycopy(a, from + shift, (double[]) run.fn, from - run.start, to - from);
        }
    }
}
