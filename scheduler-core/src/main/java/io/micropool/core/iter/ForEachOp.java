package io.micropool.core.iter;

import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * {@code forEach}: calls the action ({@link Run#fn}, the consumer of the lane's type) on each element.
 * Leaves nothing in the run's slots. Only a failure stops it: its loops read the cutoff every
 * {@link Terminal#CHECK_INTERVAL} positions.
 */
abstract class ForEachOp extends PrimitiveOp {
    static final ForEachOp INT = new Ints();
    static final ForEachOp LONG = new Longs();
    static final ForEachOp DOUBLE = new Doubles();
    static final ForEachOp OBJ = new Objs();

    @Override final long combine(Run run) {
        return 0;
    }

    /** An {@code int} array, or with {@code array == null} the range whose value at position 0 is {@code base}. */
    private static final class Ints extends ForEachOp {
        @Override Terminal sink(Run run) {
            IntConsumer action = (IntConsumer) run.fn;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    action.accept((int) v);
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            IntConsumer action = (IntConsumer) run.fn;
            int[] a = (int[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
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
        }
    }

    private static final class Longs extends ForEachOp {
        @Override Terminal sink(Run run) {
            LongConsumer action = (LongConsumer) run.fn;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    action.accept(v);
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            LongConsumer action = (LongConsumer) run.fn;
            long[] a = (long[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                    action.accept(a[i]);
                }
            }
        }
    }

    private static final class Doubles extends ForEachOp {
        @Override Terminal sink(Run run) {
            DoubleConsumer action = (DoubleConsumer) run.fn;
            return new Terminal(run.cutoff, false) {
                @Override void accept(long v) {
                    action.accept(Lane.toDouble(v));
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            DoubleConsumer action = (DoubleConsumer) run.fn;
            double[] a = (double[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (long block = from; block < to && cutoff.admits(block); block += Terminal.CHECK_INTERVAL) {
                for (int i = (int) block + shift, stop = blockEnd(block, to) + shift; i < stop; i++) {
                    action.accept(a[i]);
                }
            }
        }
    }

    private static final class Objs extends ForEachOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            Consumer<Object> action = (Consumer<Object>) run.fn;
            return new Terminal(run.cutoff, false) {
                @Override void acceptObj(Object v) {
                    action.accept(v);
                }
            };
        }
    }
}
