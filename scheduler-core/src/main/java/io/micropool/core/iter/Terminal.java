package io.micropool.core.iter;

import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoublePredicate;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The end of a chunk's sink chain: it accumulates the chunk's part of a terminal operation's result. One
 * terminal sink per chunk, confined to the thread that runs the chunk; the caller reads them all, in
 * chunk order, once the job has completed (the job's completion orders every chunk's writes before that
 * read).
 *
 * <p>The source reads {@link #halted} before each element and stores the element's position in
 * {@link #position}, which {@code findFirst} and positional {@code toArray} need.
 */
abstract class Terminal extends Sink {
    /**
     * Terminal operations that end early read the cutoff before every element; the others (a failure is
     * all that stops them) every {@link #CHECK_INTERVAL} positions, which keeps the opaque read out of
     * most iterations of the source's loop.
     */
    static final int CHECK_INTERVAL = 1024;

    final Cutoff cutoff;
    /** {@code CHECK_INTERVAL - 1}, or 0 to check at every position. */
    private final long checkMask;
    /** Source position of the element being pushed. */
    long position;
    /** Set by the sink itself when its chunk needs no more elements. */
    boolean stop;

    Terminal(Cutoff cutoff, boolean endsEarly) {
        this.cutoff = cutoff;
        this.checkMask = endsEarly ? 0 : CHECK_INTERVAL - 1;
    }

    /** @return whether the chunk must stop before the element at {@code position} */
    final boolean halted(long position) {
        return stop || ((position & checkMask) == 0 && !cutoff.admits(position));
    }

    /** Calls the consumer of the element's type on each element. */
    static final class ForEach extends Terminal {
        private final int lane;
        private final Object action;

        ForEach(Cutoff cutoff, int lane, Object action) {
            super(cutoff, false);
            this.lane = lane;
            this.action = action;
        }

        @Override void accept(long v) {
            switch (lane) {
                case Lane.INT:
                    ((IntConsumer) action).accept((int) v);
                    break;
                case Lane.LONG:
                    ((LongConsumer) action).accept(v);
                    break;
                default:
                    ((DoubleConsumer) action).accept(Lane.toDouble(v));
            }
        }

        @SuppressWarnings("unchecked")
        @Override void acceptObj(Object v) {
            ((Consumer<Object>) action).accept(v);
        }
    }

    /**
     * Sum and count. {@code int} and {@code long} elements add up in a {@code long} (wrapping, as the
     * streams of the JDK do); {@code double} elements with {@link Kahan} compensation.
     */
    static final class Sum extends Terminal {
        private final boolean doubles;
        long sum;
        long count;
        final double[] kahan = new double[Kahan.WIDTH];

        Sum(Cutoff cutoff, int lane) {
            super(cutoff, false);
            this.doubles = lane == Lane.DOUBLE;
        }

        @Override void accept(long v) {
            count++;
            if (doubles) {
                Kahan.add(kahan, 0, Lane.toDouble(v));
            } else {
                sum += v;
            }
        }
    }

    /** Counts the elements (of a pipeline whose size is not known up front). */
    static final class Count extends Terminal {
        long count;

        Count(Cutoff cutoff) {
            super(cutoff, false);
        }

        @Override void accept(long v) {
            count++;
        }

        @Override void acceptObj(Object v) {
            count++;
        }
    }

    /**
     * A reduction by an associative function, from an identity or from the chunk's first element. Also
     * min and max: {@link Math#min}/{@link Math#max} on primitives, and for objects the first of equal
     * elements, as {@code BinaryOperator.minBy}/{@code maxBy} keep it.
     */
    static final class Reduce extends Terminal {
        private final int lane;
        private final Object op;
        boolean present;
        long value;
        Object obj;

        Reduce(Cutoff cutoff, int lane, Object op, boolean hasIdentity, long identity, Object identityObj) {
            super(cutoff, false);
            this.lane = lane;
            this.op = op;
            this.present = hasIdentity;
            this.value = identity;
            this.obj = identityObj;
        }

        @Override void accept(long v) {
            value = present ? apply(lane, op, value, v) : v;
            present = true;
        }

        @Override void acceptObj(Object v) {
            obj = present ? applyObj(op, obj, v) : v;
            present = true;
        }

        @SuppressWarnings("unchecked")
        static Object applyObj(Object op, Object left, Object right) {
            return ((BinaryOperator<Object>) op).apply(left, right);
        }

        static long apply(int lane, Object op, long left, long right) {
            switch (lane) {
                case Lane.INT:
                    return ((IntBinaryOperator) op).applyAsInt((int) left, (int) right);
                case Lane.LONG:
                    return ((LongBinaryOperator) op).applyAsLong(left, right);
                default:
                    return Lane.ofDouble(((DoubleBinaryOperator) op).applyAsDouble(Lane.toDouble(left), Lane.toDouble(right)));
            }
        }

        static final IntBinaryOperator INT_MIN = Math::min;
        static final IntBinaryOperator INT_MAX = Math::max;
        static final LongBinaryOperator LONG_MIN = Math::min;
        static final LongBinaryOperator LONG_MAX = Math::max;
        static final DoubleBinaryOperator DOUBLE_MIN = Math::min;
        static final DoubleBinaryOperator DOUBLE_MAX = Math::max;

        /** @return the primitive min or max operator of {@code lane} */
        static Object minMax(int lane, boolean max) {
            switch (lane) {
                case Lane.INT:
                    return max ? INT_MAX : INT_MIN;
                case Lane.LONG:
                    return max ? LONG_MAX : LONG_MIN;
                default:
                    return max ? DOUBLE_MAX : DOUBLE_MIN;
            }
        }

        /** @return the object min or max operator keeping the first of equal elements */
        static <T> BinaryOperator<T> minMax(Comparator<? super T> comparator, boolean max) {
            return max ? BinaryOperator.maxBy(comparator) : BinaryOperator.minBy(comparator);
        }
    }

    /**
     * Looks for an element whose predicate result is {@code target} (true for anyMatch and noneMatch,
     * false for allMatch) and stops every chunk when it finds one.
     */
    static final class Match extends Terminal {
        private final int lane;
        private final Object predicate;
        private final boolean target;
        boolean found;

        Match(Cutoff cutoff, int lane, Object predicate, boolean target) {
            super(cutoff, true);
            this.lane = lane;
            this.predicate = predicate;
            this.target = target;
        }

        @Override void accept(long v) {
            if (test(lane, predicate, v) == target) {
                hit();
            }
        }

        @SuppressWarnings("unchecked")
        @Override void acceptObj(Object v) {
            if (((Predicate<Object>) predicate).test(v) == target) {
                hit();
            }
        }

        private void hit() {
            found = true;
            stop = true;
            cutoff.stopAll();
        }

        static boolean test(int lane, Object predicate, long v) {
            switch (lane) {
                case Lane.INT:
                    return ((IntPredicate) predicate).test((int) v);
                case Lane.LONG:
                    return ((LongPredicate) predicate).test(v);
                default:
                    return ((DoublePredicate) predicate).test(Lane.toDouble(v));
            }
        }
    }

    /**
     * findFirst and findAny: keeps the chunk's first element. For findFirst it lowers the cutoff to that
     * element's position, so chunks skip only later positions; for findAny it stops every chunk.
     */
    static final class Find extends Terminal {
        private final boolean first;
        boolean found;
        long foundAt;
        long value;
        Object obj;

        Find(Cutoff cutoff, boolean first) {
            super(cutoff, true);
            this.first = first;
        }

        @Override void accept(long v) {
            value = v;
            hit();
        }

        @Override void acceptObj(Object v) {
            obj = v;
            hit();
        }

        private void hit() {
            found = true;
            foundAt = position;
            stop = true;
            if (first) {
                cutoff.lowerTo(position);
            } else {
                cutoff.stopAll();
            }
        }
    }

    /**
     * Keeps the chunk's elements, in order, up to {@code cap} of them: for {@code toArray} of a pipeline
     * whose size is unknown, and for the buffer a skip/limit after a filter slices (a chunk never needs to
     * keep more than {@code skip + limit} elements).
     */
    static final class Buffer extends Terminal {
        private final long cap;
        long[] values;
        Object[] objs;
        int count;

        Buffer(Cutoff cutoff, int lane, long cap) {
            super(cutoff, false);
            this.cap = cap;
            if (lane == Lane.OBJ) {
                objs = new Object[16];
            } else {
                values = new long[16];
            }
            stop = cap == 0;
        }

        @Override void accept(long v) {
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, grow(count));
            }
            values[count++] = v;
            stop = count >= cap;
        }

        @Override void acceptObj(Object v) {
            if (count == objs.length) {
                objs = java.util.Arrays.copyOf(objs, grow(count));
            }
            objs[count++] = v;
            stop = count >= cap;
        }

        private static int grow(int length) {
            if (length >= Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("more than " + length + " elements in one chunk");
            }
            return (int) Math.min(Integer.MAX_VALUE - 8L, 2L * length);
        }
    }

    /** Writes each element at its position, less {@code start}, into the destination array. */
    static final class Place extends Terminal {
        private final int lane;
        private final Object destination;
        private final long start;

        Place(Cutoff cutoff, int lane, Object destination, long start) {
            super(cutoff, false);
            this.lane = lane;
            this.destination = destination;
            this.start = start;
        }

        @Override void accept(long v) {
            int at = (int) (position - start);
            switch (lane) {
                case Lane.INT:
                    ((int[]) destination)[at] = (int) v;
                    break;
                case Lane.LONG:
                    ((long[]) destination)[at] = v;
                    break;
                default:
                    ((double[]) destination)[at] = Lane.toDouble(v);
            }
        }

        @Override void acceptObj(Object v) {
            ((Object[]) destination)[(int) (position - start)] = v;
        }
    }

    /** A mutable reduction into a container of the chunk's own. */
    static final class Collect extends Terminal {
        private final int lane;
        private final Object accumulator;
        final Object container;

        Collect(Cutoff cutoff, int lane, Supplier<?> supplier, Object accumulator) {
            super(cutoff, false);
            this.lane = lane;
            this.accumulator = accumulator;
            this.container = supplier.get();
        }

        @SuppressWarnings("unchecked")
        @Override void accept(long v) {
            switch (lane) {
                case Lane.INT:
                    ((ObjIntConsumer<Object>) accumulator).accept(container, (int) v);
                    break;
                case Lane.LONG:
                    ((ObjLongConsumer<Object>) accumulator).accept(container, v);
                    break;
                default:
                    ((ObjDoubleConsumer<Object>) accumulator).accept(container, Lane.toDouble(v));
            }
        }

        @SuppressWarnings("unchecked")
        @Override void acceptObj(Object v) {
            ((BiConsumer<Object, Object>) accumulator).accept(container, v);
        }
    }
}
