package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/** A pipeline of {@code long} elements; see {@link AbstractPipe}. */
final class LongPipe extends AbstractPipe<OptionalLong> implements ParLongStream {
    /** A bare pipeline of all of an array's or range's elements, in chunks by threads; see {@link AbstractPipe}. */
    LongPipe(Streams env, Object array, int base, int length) {
        this(env, array, base, length, 0, Long.MAX_VALUE, Split.byThreads());
    }

    LongPipe(Streams env, Object array, int base, int length, long skip, long limit, Split split) {
        super(env, array, base, length, skip, limit, split, Lane.LONG);
    }

    LongPipe(Streams env, Source source) {
        this(env, source, 0, Long.MAX_VALUE, null, Split.byThreads());
    }

    LongPipe(Streams env, Source source, long skip, long limit, Stage tail, Split split) {
        super(env, source, skip, limit, tail, split, Lane.LONG);
    }

    @Override public ParLongStream split(Split split) {
        return (ParLongStream) withSplit(split);
    }

    @Override public ParLongStream skip(long n) {
        return (ParLongStream) sliced(n, Long.MAX_VALUE);
    }

    @Override public ParLongStream limit(long maxSize) {
        return (ParLongStream) sliced(0, maxSize);
    }

    @Override public long count() {
        return count0();
    }

    @Override public ParLongStream map(LongUnaryOperator mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParLongStream) then(Lane.LONG, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsLong(v));
            }
        });
    }

    @Override public ParIntStream mapToInt(LongToIntFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParIntStream) then(Lane.INT, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(mapper.applyAsInt(v));
            }
        });
    }

    @Override public ParDoubleStream mapToDouble(LongToDoubleFunction mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(Lane.ofDouble(mapper.applyAsDouble(v)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public <U> ParStream<U> mapToObj(LongFunction<? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParStream<U>) then(Lane.OBJ, down -> new Sink() {
            @Override void accept(long v) {
                down.acceptObj(mapper.apply(v));
            }
        });
    }

    @Override public ParDoubleStream asDoubleStream() {
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void accept(long v) {
                down.accept(Lane.ofDouble((double) v));
            }
        });
    }

    @Override public ParLongStream filter(LongPredicate predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (ParLongStream) filtered(down -> new Sink() {
            @Override void accept(long v) {
                if (predicate.test(v)) {
                    down.accept(v);
                }
            }
        });
    }

    @Override public ParLongStream peek(LongConsumer action) {
        Objects.requireNonNull(action, "action");
        return (ParLongStream) then(Lane.LONG, down -> new Sink() {
            @Override void accept(long v) {
                action.accept(v);
                down.accept(v);
            }
        });
    }

    @Override public void forEach(LongConsumer action) {
        forEach0(ForEachOp.LONG, action);
    }

    @Override public long sum() {
        return primitive(SumOp.LONG, null, 0, false);
    }

    @Override public OptionalLong min() {
        return reduceOptional(ExtremeOp.LONG_MIN_OP, null);
    }

    @Override public OptionalLong max() {
        return reduceOptional(ExtremeOp.LONG_MAX_OP, null);
    }

    @Override public long min(long ifEmpty) {
        return primitive(ExtremeOp.LONG_MIN_OP, null, ifEmpty, false);
    }

    @Override public long max(long ifEmpty) {
        return primitive(ExtremeOp.LONG_MAX_OP, null, ifEmpty, false);
    }

    @Override public OptionalDouble average() {
        return average0(SumOp.LONG);
    }

    @Override public long reduce(long identity, LongBinaryOperator op) {
        return reduceIdentity(ReduceOp.LONG, identity, op);
    }

    @Override public OptionalLong reduce(LongBinaryOperator op) {
        return reduceOptional(ReduceOp.LONG, Objects.requireNonNull(op, "op"));
    }

    @Override public boolean anyMatch(LongPredicate predicate) {
        return match0(MatchOp.LONG, predicate, true);
    }

    @Override public boolean allMatch(LongPredicate predicate) {
        return !match0(MatchOp.LONG, predicate, false);
    }

    @Override public boolean noneMatch(LongPredicate predicate) {
        return !match0(MatchOp.LONG, predicate, true);
    }

    @Override public OptionalLong findFirst() {
        return find0(true);
    }

    @Override public OptionalLong findAny() {
        return find0(false);
    }

    @Override public long[] toArray() {
        return toArray0(long[]::new);
    }

    @Override public int toArray(long[] destination) {
        return toArrayInto(destination, Objects.requireNonNull(destination, "destination").length);
    }

    @Override public <R> R collect(Supplier<R> supplier, ObjLongConsumer<R> accumulator, BiConsumer<R, R> combiner) {
        return collect0(supplier, accumulator, combiner);
    }

    @Override OptionalLong optional(boolean present, long bits, Object obj) {
        return present ? OptionalLong.of(bits) : OptionalLong.empty();
    }
}
