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
    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     * @param <R>    the element type of the new stream
     */
    <R> ParStream<R> map(Function<? super T, ? extends R> mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParIntStream mapToInt(ToIntFunction<? super T> mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParLongStream mapToLong(ToLongFunction<? super T> mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParDoubleStream mapToDouble(ToDoubleFunction<? super T> mapper);

    /**
     * {@return a stream of the elements that match {@code predicate}}
     *
     * @param predicate tested on each element; the elements it accepts are kept
     */
    ParStream<T> filter(Predicate<? super T> predicate);

    /**
     * {@return this stream, with {@code action} called on each element as it is consumed, in parallel}
     *
     * @param action called on each element as a terminal operation consumes it
     */
    ParStream<T> peek(Consumer<? super T> action);

    /**
     * Calls {@code action} on every element, in parallel; no order between chunks.
     *
     * @param action called on each element
     */
    void forEach(Consumer<? super T> action);

    /**
     * {@return the smallest element by {@code comparator} (the first of equal ones), or empty if none}
     *
     * @param comparator the order of the elements
     */
    Optional<T> min(Comparator<? super T> comparator);

    /**
     * {@return the largest element by {@code comparator} (the first of equal ones), or empty if none}
     *
     * @param comparator the order of the elements
     */
    Optional<T> max(Comparator<? super T> comparator);

    /**
     * {@return {@code identity} combined with every element in source order}
     *
     * @param identity an identity of {@code op}
     * @param op       an associative function; it need not be commutative
     */
    T reduce(T identity, BinaryOperator<T> op);

    /**
     * {@return the elements combined in source order, or empty if none}
     *
     * @param op an associative function; it need not be commutative
     */
    Optional<T> reduce(BinaryOperator<T> op);

    /**
     * {@return whether some element matches; stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean anyMatch(Predicate<? super T> predicate);

    /**
     * {@return whether every element matches (true if none); stops every chunk at the first mismatch}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean allMatch(Predicate<? super T> predicate);

    /**
     * {@return whether no element matches (true if none); stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean noneMatch(Predicate<? super T> predicate);

    /** {@return the first element in source order, or empty if none} */
    Optional<T> findFirst();

    /** {@return some element, or empty if none; stops every chunk as soon as one is found} */
    Optional<T> findAny();

    /** {@return a new {@code Object[]} of the elements in source order} */
    Object[] toArray();

    /**
     * {@return a new array of the elements in source order}
     *
     * @param generator makes the array, given its length
     * @param <A>       the component type of the array
     * @throws ArrayStoreException   if an element does not fit the array's component type
     * @throws IllegalStateException if the generator returns an array of another length, as
     *                               {@code Stream.toArray} does
     */
    <A> A[] toArray(IntFunction<A[]> generator);

    /**
     * A mutable reduction: each chunk accumulates into a container of its own from {@code supplier}, and
     * the containers are combined in chunk order into the first.
     *
     * @param supplier    makes a new, empty container: one per chunk, or the one returned if there is no
     *                    element
     * @param accumulator adds an element to a container
     * @param combiner    adds the contents of its second argument, a later chunk's container, to its first
     * @param <R>         the type of the container
     * @return the combined container
     */
    <R> R collect(Supplier<R> supplier, BiConsumer<R, ? super T> accumulator, BiConsumer<R, R> combiner);
}
