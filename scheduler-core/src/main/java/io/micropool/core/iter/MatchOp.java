package io.micropool.core.iter;

import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The matches: looks for an element whose predicate ({@link Run#fn}) result is {@link Run#flag} (true
 * for anyMatch and noneMatch, false for allMatch) and stops every chunk when it finds one, by lowering the
 * cutoff to {@link Long#MIN_VALUE}; that lowering is the result, so it leaves nothing in the slots. Its
 * sinks and loops read the cutoff before every element.
 */
abstract class MatchOp extends PrimitiveOp {
    static final MatchOp INT = new Ints();
    static final MatchOp LONG = new Longs();
    static final MatchOp DOUBLE = new Doubles();
    static final MatchOp OBJ = new Objs();

    /** @return 1 if some chunk found a match, else 0 */
    @Override final long combine(Run run) {
        // Only a match lowers the cutoff this far (a failure does too, but then the job threw).
        return run.cutoff.get() == Long.MIN_VALUE ? 1 : 0;
    }

    /** The terminal sink: {@link #hit} stops this chunk and every other. */
    private abstract static class MatchSink extends Terminal {
        final boolean target;

        MatchSink(Run run) {
            super(run.cutoff, true);
            this.target = run.flag;
        }

        final void hit() {
            stop = true;
            cutoff.stopAll();
        }
    }

    /** An {@code int} array, or with {@code array == null} the range whose value at position 0 is {@code base}. */
    private static final class Ints extends MatchOp {
        @Override Terminal sink(Run run) {
            IntPredicate predicate = (IntPredicate) run.fn;
            return new MatchSink(run) {
                @Override void accept(long v) {
                    if (predicate.test((int) v) == target) {
                        hit();
                    }
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            IntPredicate predicate = (IntPredicate) run.fn;
            boolean target = run.flag;
            int[] a = (int[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (int i = from; i < to && cutoff.admits(i); i++) {
                if (predicate.test(a == null ? shift + i : a[shift + i]) == target) {
                    cutoff.stopAll();
                    break;
                }
            }
        }
    }

    private static final class Longs extends MatchOp {
        @Override Terminal sink(Run run) {
            LongPredicate predicate = (LongPredicate) run.fn;
            return new MatchSink(run) {
                @Override void accept(long v) {
                    if (predicate.test(v) == target) {
                        hit();
                    }
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            LongPredicate predicate = (LongPredicate) run.fn;
            boolean target = run.flag;
            long[] a = (long[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (int i = from; i < to && cutoff.admits(i); i++) {
                if (predicate.test(a[i + shift]) == target) {
                    cutoff.stopAll();
                    break;
                }
            }
        }
    }

    private static final class Doubles extends MatchOp {
        @Override Terminal sink(Run run) {
            DoublePredicate predicate = (DoublePredicate) run.fn;
            return new MatchSink(run) {
                @Override void accept(long v) {
                    if (predicate.test(Lane.toDouble(v)) == target) {
                        hit();
                    }
                }
            };
        }

        @Override void fast(Run run, int chunk, int from, int to) {
            DoublePredicate predicate = (DoublePredicate) run.fn;
            boolean target = run.flag;
            double[] a = (double[]) run.array;
            int shift = run.base;
            Cutoff cutoff = run.cutoff;
            for (int i = from; i < to && cutoff.admits(i); i++) {
                if (predicate.test(a[i + shift]) == target) {
                    cutoff.stopAll();
                    break;
                }
            }
        }
    }

    private static final class Objs extends MatchOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            Predicate<Object> predicate = (Predicate<Object>) run.fn;
            return new MatchSink(run) {
                @Override void acceptObj(Object v) {
                    if (predicate.test(v) == target) {
                        hit();
                    }
                }
            };
        }
    }
}
