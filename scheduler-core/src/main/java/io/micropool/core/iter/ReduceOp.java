package io.micropool.core.iter;

import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A reduction of primitive elements by an associative operator, from an identity ({@link Run#flag} set,
 * {@link Run#identity}) or from each chunk's first element; {@link ExtremeOp} (min and max) is one with a
 * fixed operator. Chunk {@code c} leaves its value (bits, see {@link Lane}) in {@code values[c]} and in
 * {@code counts[c]} whether it has one (1) or saw no element and had no identity (0). The object
 * reduction is {@link ObjReduceOp}.
 *
 * <p>A subclass per lane owns the sink and the operator's call, so that no sink asks for the lane.
 */
abstract class ReduceOp extends PrimitiveOp {
    /** With the operator in {@link Run#fn}. */
    static final ReduceOp INT = new IntReduce();
    static final ReduceOp LONG = new LongReduce();
    static final ReduceOp DOUBLE = new DoubleReduce();

    /** @return the operator of {@code run}: the user's, or the fixed one of min or max */
    abstract Object operator(Run run);

    /** @return {@code operator} applied to {@code left} and {@code right} (bits) */
    abstract long apply(Object operator, long left, long right);

    /** With an identity: the identity and every chunk's value reduced in chunk order. */
    @Override long combine(Run run) {
        Object operator = operator(run);
        long value = run.identity;
        for (int c = 0; c < run.chunks; c++) {
            value = apply(operator, value, run.values[c]);
        }
        return value;
    }

    /** @return whether some chunk of an executed reduction without identity saw an element */
    static boolean present(Run run) {
        for (int c = 0; c < run.chunks; c++) {
            if (run.counts[c] != 0) {
                return true;
            }
        }
        return false;
    }

    /** @return the values of the chunks that have one, reduced in chunk order (bits); 0 if none has */
    final long combinePresent(Run run) {
        Object operator = operator(run);
        boolean present = false;
        long value = 0;
        for (int c = 0; c < run.chunks; c++) {
            if (run.counts[c] != 0) {
                value = present ? apply(operator, value, run.values[c]) : run.values[c];
                present = true;
            }
        }
        return value;
    }

    /** The sink of a reduction of {@code int} elements. */
    static final class IntSink extends Terminal {
        private final IntBinaryOperator operator;
        private boolean present;
        private int value;

        IntSink(Cutoff cutoff, IntBinaryOperator operator, boolean hasIdentity, long identity) {
            super(cutoff, false);
            this.operator = operator;
            this.present = hasIdentity;
            this.value = (int) identity;
        }

        @Override void accept(long v) {
            value = present ? operator.applyAsInt(value, (int) v) : (int) v;
            present = true;
        }

        @Override void end(Run run, int chunk) {
            run.values[chunk] = value;
            run.counts[chunk] = present ? 1 : 0;
        }
    }

    /** The sink of a reduction of {@code long} elements. */
    static final class LongSink extends Terminal {
        private final LongBinaryOperator operator;
        private boolean present;
        private long value;

        LongSink(Cutoff cutoff, LongBinaryOperator operator, boolean hasIdentity, long identity) {
            super(cutoff, false);
            this.operator = operator;
            this.present = hasIdentity;
            this.value = identity;
        }

        @Override void accept(long v) {
            value = present ? operator.applyAsLong(value, v) : v;
            present = true;
        }

        @Override void end(Run run, int chunk) {
            run.values[chunk] = value;
            run.counts[chunk] = present ? 1 : 0;
        }
    }

    /** The sink of a reduction of {@code double} elements. */
    static final class DoubleSink extends Terminal {
        private final DoubleBinaryOperator operator;
        private boolean present;
        private double value;

        DoubleSink(Cutoff cutoff, DoubleBinaryOperator operator, boolean hasIdentity, long identity) {
            super(cutoff, false);
            this.operator = operator;
            this.present = hasIdentity;
            this.value = Lane.toDouble(identity);
        }

        @Override void accept(long v) {
            value = present ? operator.applyAsDouble(value, Lane.toDouble(v)) : Lane.toDouble(v);
            present = true;
        }

        @Override void end(Run run, int chunk) {
            run.values[chunk] = Lane.ofDouble(value);
            run.counts[chunk] = present ? 1 : 0;
        }
    }

    /** Reduces {@code int} elements. */
    abstract static class Ints extends ReduceOp {
        @Override final Terminal sink(Run run) {
            return new IntSink(run.cutoff, (IntBinaryOperator) operator(run), run.flag, run.identity);
        }

        @Override final long apply(Object operator, long left, long right) {
            return ((IntBinaryOperator) operator).applyAsInt((int) left, (int) right);
        }
    }

    /** Reduces {@code long} elements. */
    abstract static class Longs extends ReduceOp {
        @Override final Terminal sink(Run run) {
            return new LongSink(run.cutoff, (LongBinaryOperator) operator(run), run.flag, run.identity);
        }

        @Override final long apply(Object operator, long left, long right) {
            return ((LongBinaryOperator) operator).applyAsLong(left, right);
        }
    }

    /** Reduces {@code double} elements. */
    abstract static class Doubles extends ReduceOp {
        @Override final Terminal sink(Run run) {
            return new DoubleSink(run.cutoff, (DoubleBinaryOperator) operator(run), run.flag, run.identity);
        }

        @Override final long apply(Object operator, long left, long right) {
            return Lane.ofDouble(((DoubleBinaryOperator) operator).applyAsDouble(Lane.toDouble(left),
                Lane.toDouble(right)));
        }
    }

    /**
     * The user's operator on an {@code int} array or range. The specialised loop reduces from the
     * identity; only a failure stops it.
     */
    private static final class IntReduce extends Ints {
        @Override Object operator(Run run) {
            return run.fn;
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            IntBinaryOperator op = (IntBinaryOperator) run.fn;
            int[] a = (int[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            int acc = (int) run.identity;
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                for (int i = (int) block, end = blockEnd(block, to); i < end; i++) {
                    acc = op.applyAsInt(acc, a == null ? shift + i : a[shift + i]);
                }
            }
            run.values[chunk] = acc;
            run.counts[chunk] = 1;
        }
    }

    /** The user's operator on a {@code long} array; see {@link IntReduce}. */
    private static final class LongReduce extends Longs {
        @Override Object operator(Run run) {
            return run.fn;
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            LongBinaryOperator op = (LongBinaryOperator) run.fn;
            long[] a = (long[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            long acc = run.identity;
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                    acc = op.applyAsLong(acc, a[i]);
                }
            }
            run.values[chunk] = acc;
            run.counts[chunk] = 1;
        }
    }

    /** The user's operator on a {@code double} array; see {@link IntReduce}. */
    private static final class DoubleReduce extends Doubles {
        @Override Object operator(Run run) {
            return run.fn;
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            DoubleBinaryOperator op = (DoubleBinaryOperator) run.fn;
            double[] a = (double[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            double acc = Lane.toDouble(run.identity);
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                    acc = op.applyAsDouble(acc, a[i]);
                }
            }
            run.values[chunk] = Lane.ofDouble(acc);
            run.counts[chunk] = 1;
        }
    }
}
