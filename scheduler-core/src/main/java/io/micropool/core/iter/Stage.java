package io.micropool.core.iter;

import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleToIntFunction;
import java.util.function.DoubleToLongFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One intermediate operation of a pipeline: an immutable node linked to the one before it. A chunk turns
 * the chain into sinks with {@link #wrap}, from the last stage back to the first.
 *
 * <p>The operation code says what the function is and which lanes it reads and writes; see {@link Lane}.
 * A {@link #SLICE} is a skip/limit after a filter: the pipeline is evaluated up to it into a buffer first
 * (see {@link Evaluator}), so it never becomes a sink.
 */
final class Stage {
    static final int MAP = 0;
    static final int TO_INT = 1;
    static final int TO_LONG = 2;
    static final int TO_DOUBLE = 3;
    static final int TO_OBJ = 4;
    static final int FILTER = 5;
    static final int PEEK = 6;
    /** int to double conversion ({@code asDoubleStream}); int to long needs no stage. */
    static final int WIDEN = 7;
    static final int SLICE = 8;

    /** The stage before this one, or {@code null} if it reads the source. */
    final Stage up;
    final int op;
    /** Lane of the elements this stage takes. */
    final int in;
    /** Lane of the elements it passes on. */
    final int out;
    final Object fn;
    /** For a {@link #SLICE}: elements dropped, and elements kept at most. */
    final long skip;
    final long limit;
    /** Whether the element count is known without running the pipeline: no filter up to here. */
    final boolean sized;

    Stage(Stage up, int op, int in, int out, Object fn, long skip, long limit, boolean sized) {
        this.up = up;
        this.op = op;
        this.in = in;
        this.out = out;
        this.fn = fn;
        this.skip = skip;
        this.limit = limit;
        this.sized = sized;
    }

    /** @return the sink that applies this stage and pushes into {@code down} */
    Sink wrap(Sink down) {
        switch (in) {
            case Lane.INT:
                return wrapInt(down);
            case Lane.LONG:
                return wrapLong(down);
            case Lane.DOUBLE:
                return wrapDouble(down);
            default:
                return wrapObj(down);
        }
    }

    private Sink wrapInt(Sink down) {
        switch (op) {
            case MAP: {
                IntUnaryOperator f = (IntUnaryOperator) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsInt((int) v)); } };
            }
            case TO_LONG: {
                IntToLongFunction f = (IntToLongFunction) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsLong((int) v)); } };
            }
            case TO_DOUBLE: {
                IntToDoubleFunction f = (IntToDoubleFunction) fn;
                return new Sink() {
                    @Override void accept(long v) { down.accept(Lane.ofDouble(f.applyAsDouble((int) v))); }
                };
            }
            case TO_OBJ: {
                IntFunction<?> f = (IntFunction<?>) fn;
                return new Sink() { @Override void accept(long v) { down.acceptObj(f.apply((int) v)); } };
            }
            case WIDEN:
                return new Sink() { @Override void accept(long v) { down.accept(Lane.ofDouble((int) v)); } };
            case FILTER: {
                IntPredicate f = (IntPredicate) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        if (f.test((int) v)) {
                            down.accept(v);
                        }
                    }
                };
            }
            case PEEK: {
                IntConsumer f = (IntConsumer) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        f.accept((int) v);
                        down.accept(v);
                    }
                };
            }
            default:
                throw unknown();
        }
    }

    private Sink wrapLong(Sink down) {
        switch (op) {
            case MAP: {
                LongUnaryOperator f = (LongUnaryOperator) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsLong(v)); } };
            }
            case TO_INT: {
                LongToIntFunction f = (LongToIntFunction) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsInt(v)); } };
            }
            case TO_DOUBLE: {
                LongToDoubleFunction f = (LongToDoubleFunction) fn;
                return new Sink() { @Override void accept(long v) { down.accept(Lane.ofDouble(f.applyAsDouble(v))); } };
            }
            case TO_OBJ: {
                LongFunction<?> f = (LongFunction<?>) fn;
                return new Sink() { @Override void accept(long v) { down.acceptObj(f.apply(v)); } };
            }
            case WIDEN:
                return new Sink() { @Override void accept(long v) { down.accept(Lane.ofDouble((double) v)); } };
            case FILTER: {
                LongPredicate f = (LongPredicate) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        if (f.test(v)) {
                            down.accept(v);
                        }
                    }
                };
            }
            case PEEK: {
                LongConsumer f = (LongConsumer) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        f.accept(v);
                        down.accept(v);
                    }
                };
            }
            default:
                throw unknown();
        }
    }

    private Sink wrapDouble(Sink down) {
        switch (op) {
            case MAP: {
                DoubleUnaryOperator f = (DoubleUnaryOperator) fn;
                return new Sink() {
                    @Override void accept(long v) { down.accept(Lane.ofDouble(f.applyAsDouble(Lane.toDouble(v)))); }
                };
            }
            case TO_INT: {
                DoubleToIntFunction f = (DoubleToIntFunction) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsInt(Lane.toDouble(v))); } };
            }
            case TO_LONG: {
                DoubleToLongFunction f = (DoubleToLongFunction) fn;
                return new Sink() { @Override void accept(long v) { down.accept(f.applyAsLong(Lane.toDouble(v))); } };
            }
            case TO_OBJ: {
                DoubleFunction<?> f = (DoubleFunction<?>) fn;
                return new Sink() { @Override void accept(long v) { down.acceptObj(f.apply(Lane.toDouble(v))); } };
            }
            case FILTER: {
                DoublePredicate f = (DoublePredicate) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        if (f.test(Lane.toDouble(v))) {
                            down.accept(v);
                        }
                    }
                };
            }
            case PEEK: {
                DoubleConsumer f = (DoubleConsumer) fn;
                return new Sink() {
                    @Override void accept(long v) {
                        f.accept(Lane.toDouble(v));
                        down.accept(v);
                    }
                };
            }
            default:
                throw unknown();
        }
    }

    @SuppressWarnings("unchecked")
    private Sink wrapObj(Sink down) {
        switch (op) {
            case MAP: {
                Function<Object, ?> f = (Function<Object, ?>) fn;
                return new Sink() { @Override void acceptObj(Object v) { down.acceptObj(f.apply(v)); } };
            }
            case TO_INT: {
                ToIntFunction<Object> f = (ToIntFunction<Object>) fn;
                return new Sink() { @Override void acceptObj(Object v) { down.accept(f.applyAsInt(v)); } };
            }
            case TO_LONG: {
                ToLongFunction<Object> f = (ToLongFunction<Object>) fn;
                return new Sink() { @Override void acceptObj(Object v) { down.accept(f.applyAsLong(v)); } };
            }
            case TO_DOUBLE: {
                ToDoubleFunction<Object> f = (ToDoubleFunction<Object>) fn;
                return new Sink() { @Override void acceptObj(Object v) { down.accept(Lane.ofDouble(f.applyAsDouble(v))); } };
            }
            case FILTER: {
                Predicate<Object> f = (Predicate<Object>) fn;
                return new Sink() {
                    @Override void acceptObj(Object v) {
                        if (f.test(v)) {
                            down.acceptObj(v);
                        }
                    }
                };
            }
            case PEEK: {
                Consumer<Object> f = (Consumer<Object>) fn;
                return new Sink() {
                    @Override void acceptObj(Object v) {
                        f.accept(v);
                        down.acceptObj(v);
                    }
                };
            }
            default:
                throw unknown();
        }
    }

    private IllegalStateException unknown() {
        return new IllegalStateException("no stage " + op + " on lane " + in);
    }
}
