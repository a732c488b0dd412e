package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/** A pipeline of {@code int} elements; see {@link AbstractPipe}. */
final class IntPipe extends AbstractPipe<OptionalInt> implements ParIntStream {
    /** A bare pipeline of all of an array's or range's elements, in chunks by threads; see {@link AbstractPipe}. */
    IntPipe(Streams env, Object array, int base, int length) {
        this(env, array, base, length, 0, Long.MAX_VALUE, Split.byThreads());
    }

    IntPipe(Streams env, Object array, int base, int length, long skip, long limit, Split split) {
        super(env, array, base, length, skip, limit, split, Lane.INT);
    }

    IntPipe(Streams env, Source source) {
        this(env, source, 0, Long.MAX_VALUE, null, Split.byThreads());
    }

    IntPipe(Streams env, Source source, long skip, long limit, Stage tail, Split split) {
        super(env, source, skip, limit, tail, split, Lane.INT);
    }

    @Override public ParIntStream split(Split split) {
        return (ParIntStream) withSplit(split);
    }

    @Override public ParIntStream skip(long n) {
        return (ParIntStream) sliced(n, Long.MAX_VALUE);
    }

    @Override public ParIntStream limit(long maxSize) {
        return (ParIntStream) sliced(0, maxSize);
    }

    @Override public long count() {
        return count0();
    }

    @Override public ParIntStream map(IntUnaryOperator mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParIntStream) then(Lane.INT, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsInt((int) v));
            }
        });
    }

    @Override public ParLongStream mapToLong(IntToLongFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParLongStream) then(Lane.LONG, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsLong((int) v));
            }
        });
    }

    @Override public ParDoubleStream mapToDouble(IntToDoubleFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(Lane.ofDouble(mapper.applyAsDouble((int) v)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public <U> ParStream<U> mapToObj(IntFunction<? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParStream<U>) then(Lane.OBJ, down -> new Sink() {
            @Override void accept(long v) {
                down.acceptObj(mapper.apply((int) v));
            }
        });
    }

    @Override public ParLongStream asLongStream() {
        return (ParLongStream) relabel(Lane.LONG);
    }

    @Override public ParDoubleStream asDoubleStream() {
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(Lane.ofDouble((int) v));
            }
        });
    }

    @Override public ParIntStream filter(IntPredicate predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (ParIntStream) filtered(down -> new Sink() {
            @Override void accept(long v) {
                if (predicate.test((int) v)) {
                    down.accept(v);
                }
            }
        });
    }

    @Override public ParIntStream peek(IntConsumer action) {
        Objects.requireNonNull(action, "action");
        return (ParIntStream) then(Lane.INT, down -> new Sink() {
            @Override void accept(long v) {
                action.accept((int) v);
                down.accept(v);
            }
        });
    }

    @Override public void forEach(IntConsumer action) {
        forEach0(ForEachOp.INT, action);
    }

    @Override public int sum() {
        return (int) primitive(SumOp.INT, null, 0, false);
    }

    @Override public OptionalInt min() {
        return reduceOptional(ExtremeOp.INT_MIN_OP, null);
    }

    @Override public OptionalInt max() {
        return reduceOptional(ExtremeOp.INT_MAX_OP, null);
    }

    @Override public int min(int ifEmpty) {
        return (int) primitive(ExtremeOp.INT_MIN_OP, null, ifEmpty, false);
    }

    @Override public int max(int ifEmpty) {
        return (int) primitive(ExtremeOp.INT_MAX_OP, null, ifEmpty, false);
    }

    @Override public OptionalDouble average() {
        return average0(SumOp.INT);
    }

    @Override public int reduce(int identity, IntBinaryOperator op) {
        return (int) reduceIdentity(ReduceOp.INT, identity, op);
    }

    @Override public OptionalInt reduce(IntBinaryOperator op) {
        return reduceOptional(ReduceOp.INT, Objects.requireNonNull(op, "op"));
    }

    @Override public boolean anyMatch(IntPredicate predicate) {
        return match0(MatchOp.INT, predicate, true);
    }

    @Override public boolean allMatch(IntPredicate predicate) {
        return !match0(MatchOp.INT, predicate, false);
    }

    @Override public boolean noneMatch(IntPredicate predicate) {
        return !match0(MatchOp.INT, predicate, true);
    }

    @Override public OptionalInt findFirst() {
        return find0(true);
    }

    @Override public OptionalInt findAny() {
        return find0(false);
    }

    @Override public int[] toArray() {
        return toArray0(int[]::new);
    }

    @Override public int toArray(int[] destination) {
        return toArrayInto(destination, Objects.requireNonNull(destination, "destination").length);
    }

    @Override public <R> R collect(Supplier<R> supplier, ObjIntConsumer<R> accumulator, BiConsumer<R, R> combiner) {
        return collect0(supplier, accumulator, combiner);
    }

    @Override OptionalInt optional(boolean present, long bits, Object obj) {
        return present ? OptionalInt.of((int) bits) : OptionalInt.empty();
    }
}
