package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleToIntFunction;
import java.util.function.DoubleToLongFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Supplier;

/** A pipeline of {@code double} elements; see {@link AbstractPipe}. */
final class DoublePipe extends AbstractPipe<OptionalDouble> implements ParDoubleStream {
    /** A bare pipeline of all of an array's or range's elements, in chunks by threads; see {@link AbstractPipe}. */
    DoublePipe(Streams env, Object array, int base, int length) {
        this(env, array, base, length, 0, Long.MAX_VALUE, Split.byThreads());
    }

    DoublePipe(Streams env, Object array, int base, int length, long skip, long limit, Split split) {
        super(env, array, base, length, skip, limit, split, Lane.DOUBLE);
    }

    DoublePipe(Streams env, Source source) {
        this(env, source, 0, Long.MAX_VALUE, null, Split.byThreads());
    }

    DoublePipe(Streams env, Source source, long skip, long limit, Stage tail, Split split) {
        super(env, source, skip, limit, tail, split, Lane.DOUBLE);
    }

    @Override public ParDoubleStream split(Split split) {
        return (ParDoubleStream) withSplit(split);
    }

    @Override public ParDoubleStream skip(long n) {
        return (ParDoubleStream) sliced(n, Long.MAX_VALUE);
    }

    @Override public ParDoubleStream limit(long maxSize) {
        return (ParDoubleStream) sliced(0, maxSize);
    }

    @Override public long count() {
        return count0();
    }

    @Override public ParDoubleStream map(DoubleUnaryOperator mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(Lane.ofDouble(mapper.applyAsDouble(Lane.toDouble(v))));
            }
        });
    }

    @Override public ParIntStream mapToInt(DoubleToIntFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParIntStream) then(Lane.INT, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsInt(Lane.toDouble(v)));
            }
        });
    }

    @Override public ParLongStream mapToLong(DoubleToLongFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParLongStream) then(Lane.LONG, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsLong(Lane.toDouble(v)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public <U> ParStream<U> mapToObj(DoubleFunction<? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParStream<U>) then(Lane.OBJ, down -> new Sink() {
            @Override void accept(long v) {
                down.acceptObj(mapper.apply(Lane.toDouble(v)));
            }
        });
    }

    @Override public ParDoubleStream filter(DoublePredicate predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (ParDoubleStream) filtered(down -> new Sink() {
            @Override void accept(long v) {
                if (predicate.test(Lane.toDouble(v))) {
                    down.accept(v);
                }
            }
        });
    }

    @Override public ParDoubleStream peek(DoubleConsumer action) {
        Objects.requireNonNull(action, "action");
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                action.accept(Lane.toDouble(v));
                down.accept(v);
            }
        });
    }

    @Override public void forEach(DoubleConsumer action) {
        forEach0(ForEachOp.DOUBLE, action);
    }

    @Override public double sum() {
        return Lane.toDouble(primitive(SumOp.DOUBLE, null, 0, false));
    }

    @Override public OptionalDouble min() {
        return reduceOptional(ExtremeOp.DOUBLE_MIN_OP, null);
    }

    @Override public OptionalDouble max() {
        return reduceOptional(ExtremeOp.DOUBLE_MAX_OP, null);
    }

    @Override public double min(double ifEmpty) {
        return Lane.toDouble(primitive(ExtremeOp.DOUBLE_MIN_OP, null, Lane.ofDouble(ifEmpty), false));
    }

    @Override public double max(double ifEmpty) {
        return Lane.toDouble(primitive(ExtremeOp.DOUBLE_MAX_OP, null, Lane.ofDouble(ifEmpty), false));
    }

    @Override public OptionalDouble average() {
        return average0(SumOp.DOUBLE);
    }

    @Override public double reduce(double identity, DoubleBinaryOperator op) {
        return Lane.toDouble(reduceIdentity(ReduceOp.DOUBLE, Lane.ofDouble(identity), op));
    }

    @Override public OptionalDouble reduce(DoubleBinaryOperator op) {
        return reduceOptional(ReduceOp.DOUBLE, Objects.requireNonNull(op, "op"));
    }

    @Override public boolean anyMatch(DoublePredicate predicate) {
        return match0(MatchOp.DOUBLE, predicate, true);
    }

    @Override public boolean allMatch(DoublePredicate predicate) {
        return !match0(MatchOp.DOUBLE, predicate, false);
    }

    @Override public boolean noneMatch(DoublePredicate predicate) {
        return !match0(MatchOp.DOUBLE, predicate, true);
    }

    @Override public OptionalDouble findFirst() {
        return find0(true);
    }

    @Override public OptionalDouble findAny() {
        return find0(false);
    }

    @Override public double[] toArray() {
        return toArray0(double[]::new);
    }

    @Override public int toArray(double[] destination) {
        return toArrayInto(destination, Objects.requireNonNull(destination, "destination").length);
    }

    @Override public <R> R collect(Supplier<R> supplier, ObjDoubleConsumer<R> accumulator, BiConsumer<R, R> combiner) {
        return collect0(supplier, accumulator, combiner);
    }

    @Override OptionalDouble optional(boolean present, long bits, Object obj) {
        return present ? OptionalDouble.of(Lane.toDouble(bits)) : OptionalDouble.empty();
    }
}
