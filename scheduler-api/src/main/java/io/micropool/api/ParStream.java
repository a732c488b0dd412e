package io.micropool.api;

import java.util.Comparator;
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

/**
 * A parallel stream of objects run on a {@link Scheduler}, with the operations of
 * {@link java.util.stream.Stream}. See {@link BaseParStream} for how it runs. Elements may be
 * {@code null} where the operations allow it; {@code min}, {@code max}, {@code reduce(op)},
 * {@code findFirst} and {@code findAny} throw {@link NullPointerException} when their result is
 * {@code null}, as {@code Stream}'s do.
 *
 * @param <T> the element type
 */
public interface ParStream<T> extends BaseParStream<ParStream<T>> {
    /** @return a stream of {@code mapper} applied to each element */
    <R> ParStream<R> map(Function<? super T, ? extends R> mapper);

    /** @return a stream of {@code mapper} applied to each element */
    ParIntStream mapToInt(ToIntFunction<? super T> mapper);

    /** @return a stream of {@code mapper} applied to each element */
    ParLongStream mapToLong(ToLongFunction<? super T> mapper);

    /** @return a stream of {@code mapper} applied to each element */
    ParDoubleStream mapToDouble(ToDoubleFunction<? super T> mapper);

    /** @return a stream of the elements that match {@code predicate} */
    ParStream<T> filter(Predicate<? super T> predicate);

    /** @return this stream, with {@code action} called on each element as it is consumed, in parallel */
    ParStream<T> peek(Consumer<? super T> action);

    /** Calls {@code action} on every element, in parallel; no order between chunks. */
    void forEach(Consumer<? super T> action);

    /** @return the smallest element by {@code comparator} (the first of equal ones), or empty if none */
    Optional<T> min(Comparator<? super T> comparator);

    /** @return the largest element by {@code comparator} (the first of equal ones), or empty if none */
    Optional<T> max(Comparator<? super T> comparator);

    /**
     * @param identity an identity of {@code op}
     * @param op       an associative function; it need not be commutative
     * @return {@code identity} combined with every element in source order
     */
    T reduce(T identity, BinaryOperator<T> op);

    /**
     * @param op an associative function; it need not be commutative
     * @return the elements combined in source order, or empty if none
     */
    Optional<T> reduce(BinaryOperator<T> op);

    /** @return whether some element matches; stops every chunk at the first match */
    boolean anyMatch(Predicate<? super T> predicate);

    /** @return whether every element matches (true if none); stops every chunk at the first mismatch */
    boolean allMatch(Predicate<? super T> predicate);

    /** @return whether no element matches (true if none); stops every chunk at the first match */
    boolean noneMatch(Predicate<? super T> predicate);

    /** @return the first element in source order, or empty if none */
    Optional<T> findFirst();

    /** @return some element, or empty if none; stops every chunk as soon as one is found */
    Optional<T> findAny();

    /** @return a new {@code Object[]} of the elements in source order */
    Object[] toArray();

    /**
     * @param generator makes the array, given its length
     * @return a new array of the elements in source order
     * @throws ArrayStoreException   if an element does not fit the array's component type
     * @throws IllegalStateException if the generator returns an array of another length, as
     *                               {@code Stream.toArray} does
     */
    <A> A[] toArray(IntFunction<A[]> generator);

    /**
     * A mutable reduction: each chunk accumulates into a container of its own from {@code supplier}, and
     * the containers are combined in chunk order into the first.
     *
     * @return the combined container
     */
    <R> R collect(Supplier<R> supplier, BiConsumer<R, ? super T> accumulator, BiConsumer<R, R> combiner);
}
