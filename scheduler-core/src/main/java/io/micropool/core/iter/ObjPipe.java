package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/** A pipeline of object elements; see {@link AbstractPipe}. */
final class ObjPipe<T> extends AbstractPipe<Optional<T>> implements ParStream<T> {
    ObjPipe(Streams env, Source source) {
        this(env, source, 0, Long.MAX_VALUE, null, Split.byThreads());
    }

    ObjPipe(Streams env, Source source, long skip, long limit, Stage tail, Split split) {
        super(env, source, skip, limit, tail, split, Lane.OBJ);
    }

    @SuppressWarnings("unchecked")
    @Override public ParStream<T> split(Split split) {
        return (ParStream<T>) withSplit(split);
    }

    @SuppressWarnings("unchecked")
    @Override public ParStream<T> skip(long n) {
        return (ParStream<T>) sliced(n, Long.MAX_VALUE);
    }

    @SuppressWarnings("unchecked")
    @Override public ParStream<T> limit(long maxSize) {
        return (ParStream<T>) sliced(0, maxSize);
    }

    @Override public long count() {
        return count0();
    }

    @SuppressWarnings("unchecked")
    @Override public <R> ParStream<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParStream<R>) then(Lane.OBJ, down -> new Sink() {
            @Override void acceptObj(Object v) {
                down.acceptObj(mapper.apply((T) v));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public ParIntStream mapToInt(ToIntFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParIntStream) then(Lane.INT, down -> new Sink() {
            @Override void acceptObj(Object v) {
                down.accept(mapper.applyAsInt((T) v));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public ParLongStream mapToLong(ToLongFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParLongStream) then(Lane.LONG, down -> new Sink() {
            @Override void acceptObj(Object v) {
                down.accept(mapper.applyAsLong((T) v));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public ParDoubleStream mapToDouble(ToDoubleFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (ParDoubleStream) then(Lane.DOUBLE, down -> new Sink() {
            @Override void acceptObj(Object v) {
                down.accept(Lane.ofDouble(mapper.applyAsDouble((T) v)));
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public ParStream<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (ParStream<T>) filtered(down -> new Sink() {
            @Override void acceptObj(Object v) {
                if (predicate.test((T) v)) {
                    down.acceptObj(v);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    @Override public ParStream<T> peek(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return (ParStream<T>) then(Lane.OBJ, down -> new Sink() {
            @Override void acceptObj(Object v) {
                action.accept((T) v);
                down.acceptObj(v);
            }
        });
    }

    @Override public void forEach(Consumer<? super T> action) {
        forEach0(ForEachOp.OBJ, action);
    }

    @Override public Optional<T> min(Comparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return reduceOptionalObj(ObjReduceOp.minMax(comparator, false));
    }

    @Override public Optional<T> max(Comparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return reduceOptionalObj(ObjReduceOp.minMax(comparator, true));
    }

    @SuppressWarnings("unchecked")
    @Override public T reduce(T identity, BinaryOperator<T> op) {
        return (T) reduceIdentityObj(identity, op);
    }

    @Override public Optional<T> reduce(BinaryOperator<T> op) {
        return reduceOptionalObj(op);
    }

    @Override public boolean anyMatch(Predicate<? super T> predicate) {
        return match0(MatchOp.OBJ, predicate, true);
    }

    @Override public boolean allMatch(Predicate<? super T> predicate) {
        return !match0(MatchOp.OBJ, predicate, false);
    }

    @Override public boolean noneMatch(Predicate<? super T> predicate) {
        return !match0(MatchOp.OBJ, predicate, true);
    }

    @Override public Optional<T> findFirst() {
        return find0(true);
    }

    @Override public Optional<T> findAny() {
        return find0(false);
    }

    @Override public Object[] toArray() {
        return toArray0(Object[]::new);
    }

    @Override public <A> A[] toArray(IntFunction<A[]> generator) {
        Objects.requireNonNull(generator, "generator");
        return toArray0(generator);
    }

    @Override public <R> R collect(Supplier<R> supplier, BiConsumer<R, ? super T> accumulator, BiConsumer<R, R> combiner) {
        return collect0(supplier, accumulator, combiner);
    }

    @SuppressWarnings("unchecked")
    @Override Optional<T> optional(boolean present, long bits, Object obj) {
        return present ? Optional.of((T) obj) : Optional.empty();
    }
}
