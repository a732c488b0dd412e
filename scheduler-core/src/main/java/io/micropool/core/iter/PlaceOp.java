package io.micropool.core.iter;

import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * {@code toArray} of a pipeline whose size is known: each element goes to its position, less the run's
 * start, in the destination array ({@link Run#fn}), so chunks write disjoint ranges and need no buffer.
 * Leaves nothing in the slots. The specialised loops copy a bare array ({@code System.arraycopy}), write a
 * range's values, or zip two arrays ({@link Run#array2} and {@link Run#zipper} set); only the zipper can
 * fail, so only the zip loop reads the cutoff, every {@link Terminal#CHECK_INTERVAL} positions.
 */
abstract class PlaceOp extends TerminalOp {
    static final PlaceOp INT = new Ints();
    static final PlaceOp LONG = new Longs();
    static final PlaceOp DOUBLE = new Doubles();
    static final PlaceOp OBJ = new Objs();

    /** @return the operation of {@code lane} */
    static PlaceOp of(Lane lane) {
        return lane.pick(INT, LONG, DOUBLE, OBJ);
    }

    /** An {@code int} array, a range ({@code array == null}) or two zipped {@code int} arrays. */
    private static final class Ints extends PlaceOp {
        @Override Terminal sink(Run run) {
            int[] destination = (int[]) run.fn;
            long start = run.start;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    destination[(int) (position - start)] = (int) v;
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            int[] destination = (int[]) run.fn;
            int at = from - run.start;
            if (run.zipper != null) {
                int[] a = (int[]) run.array;
                int[] b = (int[]) run.array2;
                IntBinaryOperator zipper = (IntBinaryOperator) run.zipper;
                Cutoff cutoff = run.cutoff;
                for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                    for (int i = (int) block, end = blockEnd(block, to); i < end; i++) {
                        destination[at++] = zipper.applyAsInt(a[i], b[i]);
                    }
                }
            } else if (run.array == null) {
                int shift = run.base;
                for (int i = from; i < to; i++) {
                    destination[at++] = shift + i;
                }
            } else {
                System.arraycopy(run.array, from + run.base, destination, at, to - from);
            }
        }
    }

    /** A {@code long} array or two zipped {@code long} arrays. */
    private static final class Longs extends PlaceOp {
        @Override Terminal sink(Run run) {
            long[] destination = (long[]) run.fn;
            long start = run.start;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    destination[(int) (position - start)] = v;
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            long[] destination = (long[]) run.fn;
            int at = from - run.start;
            if (run.zipper != null) {
                long[] a = (long[]) run.array;
                long[] b = (long[]) run.array2;
                LongBinaryOperator zipper = (LongBinaryOperator) run.zipper;
                Cutoff cutoff = run.cutoff;
                for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                    for (int i = (int) block, end = blockEnd(block, to); i < end; i++) {
                        destination[at++] = zipper.applyAsLong(a[i], b[i]);
                    }
                }
            } else {
                System.arraycopy(run.array, from + run.base, destination, at, to - from);
            }
        }
    }

    /** A {@code double} array or two zipped {@code double} arrays. */
    private static final class Doubles extends PlaceOp {
        @Override Terminal sink(Run run) {
            double[] destination = (double[]) run.fn;
            long start = run.start;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    destination[(int) (position - start)] = Lane.toDouble(v);
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            double[] destination = (double[]) run.fn;
            int at = from - run.start;
            if (run.zipper != null) {
                double[] a = (double[]) run.array;
                double[] b = (double[]) run.array2;
                DoubleBinaryOperator zipper = (DoubleBinaryOperator) run.zipper;
                Cutoff cutoff = run.cutoff;
                for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                    for (int i = (int) block, end = blockEnd(block, to); i < end; i++) {
                        destination[at++] = zipper.applyAsDouble(a[i], b[i]);
                    }
                }
            } else {
                System.arraycopy(run.array, from + run.base, destination, at, to - from);
            }
        }
    }

    private static final class Objs extends PlaceOp {
        @Override Terminal sink(Run run) {
            Object[] destination = (Object[]) run.fn;
            long start = run.start;
            return new Terminal(run.cutoff, false) {
                @Override void acceptObj(Object v) {
                    destination[(int) (position - start)] = v;
                }
            };
        }
    }
}
