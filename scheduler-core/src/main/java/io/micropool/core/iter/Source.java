package io.micropool.core.iter;

import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Where a pipeline's elements come from: something indexed by position {@code 0 .. size() - 1}. A chunk
 * pushes positions {@code [from, to)} into its sink chain, checking its terminal sink before each element
 * so that an early exit or a failure stops it (see {@link Terminal#halted}).
 *
 * <p>Sources are immutable and read their array or list when a terminal operation runs. Each subclass
 * writes the push loop for its own element type: a loop shared by all of them would read each element
 * through a virtual call that sees every source class, where these loops read it straight. A bare array
 * or range pipeline has a source object only when it needs a sink chain (see {@link AbstractPipe}); its
 * specialised loops read the array itself ({@link TerminalOp#fast}).
 */
abstract class Source {
    /** Lane of the elements (see {@link Lane}). */
    final Lane lane;

    Source(Lane lane) {
        this.lane = lane;
    }

    /** @return the number of elements now */
    abstract int size();

    /** @return a source to run one terminal operation on: this one, or a snapshot of a sequential list */
    Source prepare() {
        return this;
    }

    /** Pushes the elements at positions {@code [from, to)} into {@code head} until {@code terminal} halts. */
    abstract void push(int from, int to, Sink head, Terminal terminal);

    /** @return for zipped primitive arrays, the first array; {@code null} for any other source */
    Object array() {
        return null;
    }

    /** @return for zipped primitive arrays, the second array */
    Object array2() {
        return null;
    }

    /**
     * @return for zipped primitive arrays, the function that zips an element of each (its presence says
     *         that the source is one, which {@code toArray} writes with a specialised loop); else {@code null}
     */
    Object zipper() {
        return null;
    }

    static final class IntRange extends Source {
        private final int start;
        private final int size;

        IntRange(int start, int size) {
            super(Lane.INT);
            this.start = start;
            this.size = size;
        }

        @Override int size() {
            return size;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(start + i);
            }
        }
    }

    static final class IntArray extends Source {
        private final int[] values;
        private final int offset;
        private final int size;

        IntArray(int[] values, int offset, int size) {
            super(Lane.INT);
            this.values = values;
            this.offset = offset;
            this.size = size;
        }

        @Override int size() {
            return size;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            int[] a = values;
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(a[offset + i]);
            }
        }
    }

    /** Also the buffer a filtered pipeline is sliced into (see {@link Evaluator}). */
    static final class LongArray extends Source {
        private final long[] values;
        private final int offset;
        private final int size;

        LongArray(Lane lane, long[] values, int offset, int size) {
            super(lane);
            this.values = values;
            this.offset = offset;
            this.size = size;
        }

        @Override int size() {
            return size;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            long[] a = values;
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(a[offset + i]);
            }
        }
    }

    static final class DoubleArray extends Source {
        private final double[] values;
        private final int offset;
        private final int size;

        DoubleArray(double[] values, int offset, int size) {
            super(Lane.DOUBLE);
            this.values = values;
            this.offset = offset;
            this.size = size;
        }

        @Override int size() {
            return size;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            double[] a = values;
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(Lane.ofDouble(a[offset + i]));
            }
        }
    }

    /** Also the buffer a filtered pipeline is sliced into (see {@link Evaluator}). */
    static final class ObjArray extends Source {
        private final Object[] values;
        private final int offset;
        private final int size;

        ObjArray(Object[] values, int offset, int size) {
            super(Lane.OBJ);
            this.values = values;
            this.offset = offset;
            this.size = size;
        }

        @Override int size() {
            return size;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            Object[] a = values;
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.acceptObj(a[offset + i]);
            }
        }
    }

    /** A list read with {@code get(i)}; a list that is not {@link RandomAccess} is copied per operation. */
    static final class ListSource extends Source {
        private final List<?> values;

        ListSource(List<?> values) {
            super(Lane.OBJ);
            this.values = values;
        }

        @Override int size() {
            return values.size();
        }

        @Override Source prepare() {
            if (values instanceof RandomAccess) {
                return this;
            }
            Object[] copy = values.toArray();
            return new ObjArray(copy, 0, copy.length);
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            List<?> list = values;
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.acceptObj(list.get(i));
            }
        }
    }

    static final class ZipInt extends Source {
        private final int[] a;
        private final int[] b;
        private final IntBinaryOperator zipper;

        ZipInt(int[] a, int[] b, IntBinaryOperator zipper) {
            super(Lane.INT);
            this.a = a;
            this.b = b;
            this.zipper = zipper;
        }

        @Override int size() {
            return a.length;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(zipper.applyAsInt(a[i], b[i]));
            }
        }

        @Override Object array() {
            return a;
        }

        @Override Object array2() {
            return b;
        }

        @Override Object zipper() {
            return zipper;
        }
    }

    static final class ZipLong extends Source {
        private final long[] a;
        private final long[] b;
        private final LongBinaryOperator zipper;

        ZipLong(long[] a, long[] b, LongBinaryOperator zipper) {
            super(Lane.LONG);
            this.a = a;
            this.b = b;
            this.zipper = zipper;
        }

        @Override int size() {
            return a.length;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(zipper.applyAsLong(a[i], b[i]));
            }
        }

        @Override Object array() {
            return a;
        }

        @Override Object array2() {
            return b;
        }

        @Override Object zipper() {
            return zipper;
        }
    }

    static final class ZipDouble extends Source {
        private final double[] a;
        private final double[] b;
        private final DoubleBinaryOperator zipper;

        ZipDouble(double[] a, double[] b, DoubleBinaryOperator zipper) {
            super(Lane.DOUBLE);
            this.a = a;
            this.b = b;
            this.zipper = zipper;
        }

        @Override int size() {
            return a.length;
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.accept(Lane.ofDouble(zipper.applyAsDouble(a[i], b[i])));
            }
        }

        @Override Object array() {
            return a;
        }

        @Override Object array2() {
            return b;
        }

        @Override Object zipper() {
            return zipper;
        }
    }

    /** Zips two lists, or two arrays wrapped as lists; both are read with {@code get(i)}. */
    static final class ZipList extends Source {
        private final List<?> a;
        private final List<?> b;
        private final BiFunction<Object, Object, ?> zipper;

        @SuppressWarnings("unchecked")
        ZipList(List<?> a, List<?> b, BiFunction<?, ?, ?> zipper) {
            super(Lane.OBJ);
            this.a = a;
            this.b = b;
            this.zipper = (BiFunction<Object, Object, ?>) zipper;
        }

        @Override int size() {
            return a.size();
        }

        @Override Source prepare() {
            List<?> left = a instanceof RandomAccess ? a : Arrays.asList(a.toArray());
            List<?> right = b instanceof RandomAccess ? b : Arrays.asList(b.toArray());
            checkSameSize(left.size(), right.size());
            return left == a && right == b ? this : new ZipList(left, right, zipper);
        }

        @Override void push(int from, int to, Sink head, Terminal terminal) {
            for (int i = from; i < to && !terminal.halted(i); i++) {
                terminal.position = i;
                head.acceptObj(zipper.apply(a.get(i), b.get(i)));
            }
        }
    }

    /**
     * @return the source a bare pipeline's parts describe ({@link AbstractPipe}): for {@code int}, a range
     *         if {@code array} is {@code null}, else an array of the lane's type
     */
    static Source bare(Lane lane, Object array, int base, int length) {
        switch (lane) {
            case INT:
                return array == null ? new IntRange(base, length) : new IntArray((int[]) array, base, length);
            case LONG:
                return new LongArray(Lane.LONG, (long[]) array, base, length);
            case DOUBLE:
                return new DoubleArray((double[]) array, base, length);
            default:
                throw new IllegalArgumentException("no bare source of lane " + lane);
        }
    }

    static void checkSameSize(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("zipped sources differ in size: " + a + " and " + b);
        }
    }
}
