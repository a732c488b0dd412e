package io.micropool.core.iter;

import java.util.OptionalDouble;

/**
 * {@code sum} and {@code average}. {@code int} and {@code long} elements add up in a {@code long}
 * (wrapping, as the streams of the JDK do); {@code double} elements with {@link Kahan} compensation.
 * Chunk {@code c} leaves its element count in {@code counts[c]} and its sum in {@code values[c]}, or for
 * {@code double} its Kahan state at {@code kahan[3c]}. {@code sum}, and in its specialised loops
 * {@code average} too, calls nothing that can fail: the loops do not read the cutoff.
 */
abstract class SumOp extends PrimitiveOp {
    static final SumOp INT = new Ints();
    static final SumOp LONG = new Longs();
    static final SumOp DOUBLE = new Doubles();

    /** @return the mean of an executed run's elements, empty if it had none */
    abstract OptionalDouble average(Run run);

    /** @return the number of elements of an executed run */
    static long count(Run run) {
        long count = 0;
        for (int c = 0; c < run.chunks; c++) {
            count += run.counts[c];
        }
        return count;
    }

    /** {@code int} or {@code long} elements: one {@code long} sink, a specialised loop per array type. */
    private abstract static class Integral extends SumOp {
        @Override final Terminal sink(Run run) {
            return new Terminal(run.cutoff, false) {
                private long sum;
                private long count;

                @Override void accept(long v) {
                    count++;
                    sum += v;
                }

                @Override void end(Run run, int chunk) {
                    run.values[chunk] = sum;
                    run.counts[chunk] = count;
                }
            };
        }

        @Override final long combine(Run run) {
            long sum = 0;
            for (int c = 0; c < run.chunks; c++) {
                sum += run.values[c];
            }
            return sum;
        }

        @Override final OptionalDouble average(Run run) {
            long count = count(run);
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) combine(run) / count);
        }
    }

    /** An {@code int} array, or with {@code array == null} the range whose value at position 0 is {@code base}. */
    private static final class Ints extends Integral {
        @Override void fast(Run run, int chunk, int from, int to) {
            int[] a = (int[]) run.array;
            int shift = run.base;
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
            run.values[chunk] = sum;
            run.counts[chunk] = to - from;
        }
    }

    private static final class Longs extends Integral {
        @Override void fast(Run run, int chunk, int from, int to) {
            long[] a = (long[]) run.array;
            int shift = run.base;
            long sum = 0;
            for (int i = from + shift, end = to + shift; i < end; i++) {
                sum += a[i];
            }
            run.values[chunk] = sum;
            run.counts[chunk] = to - from;
        }
    }

    private static final class Doubles extends SumOp {
        @Override Terminal sink(Run run) {
            return new Terminal(run.cutoff, false) {
                private final double[] state = new double[Kahan.WIDTH];
                private long count;

                @Override void accept(long v) {
                    count++;
                    Kahan.add(state, 0, Lane.toDouble(v));
                }

                @Override void end(Run run, int chunk) {
                    System.arraycopy(state, 0, run.kahan, Kahan.WIDTH * chunk, Kahan.WIDTH);
                    run.counts[chunk] = count;
                }
            };
        }

        /**
         * The same steps as {@link Kahan#add}, on local variables: the JIT keeps them in registers, where
         * {@code Kahan.add} would store the state to its array and load it back on every element.
         */
        @Override void fast(Run run, int chunk, int from, int to) {
            double[] a = (double[]) run.array;
            int shift = run.base;
            double sum = 0;
            double compensation = 0;
            double simple = 0;
            for (int i = from + shift, end = to + shift; i < end; i++) {
                double v = a[i];
                simple += v;
                double y = v - compensation;
                double t = sum + y;
                compensation = (t - sum) - y;
                sum = t;
            }
            int at = Kahan.WIDTH * chunk;
            run.kahan[at] = sum;
            run.kahan[at + 1] = compensation;
            run.kahan[at + 2] = simple;
            run.counts[chunk] = to - from;
        }

        @Override long combine(Run run) {
            return Lane.ofDouble(total(run));
        }

        @Override OptionalDouble average(Run run) {
            long count = count(run);
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(total(run) / count);
        }

        /** @return the compensated total: the chunks' Kahan states merged, in chunk order, into chunk 0's */
        private static double total(Run run) {
            double[] total = run.kahan;
            if (run.chunks == 0) {
                return 0.0;
            }
            for (int c = 1; c < run.chunks; c++) {
                Kahan.merge(total, 0, total, Kahan.WIDTH * c);
            }
            return Kahan.result(total, 0);
        }
    }
}
