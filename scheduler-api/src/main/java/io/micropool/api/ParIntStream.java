package io.micropool.api;

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

/**
 * A parallel stream of {@code int} values run on a {@link Scheduler}, with the operations of
 * {@link java.util.stream.IntStream}; no value is boxed. See {@link BaseParStream} for how it runs.
 *
 * <p><b>Allocation.</b> Straight on an array or a range, with non-capturing functions, {@link #sum()},
 * {@link #min(int)}, {@link #max(int)}, {@link #reduce(int, IntBinaryOperator)}, {@link #forEach}, the
 * matches and {@link #toArray(int[])} allocate nothing per call on a stream built once and kept (streams are
 * reusable), and so do the one-liners that build the stream in the call, such as
 * {@code pool.of(array).sum()}, once the JIT has compiled the caller: the pipeline object never leaves the
 * call and escape analysis removes it (before that, one 64-byte object per call). The methods that
 * return an {@code OptionalInt} may allocate it.
 */
public interface ParIntStream extends BaseParStream<ParIntStream> {
    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParIntStream map(IntUnaryOperator mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParLongStream mapToLong(IntToLongFunction mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParDoubleStream mapToDouble(IntToDoubleFunction mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     * @param <U>    the element type of the new stream
     */
    <U> ParStream<U> mapToObj(IntFunction<? extends U> mapper);

    /** {@return the elements widened to {@code long}} */
    ParLongStream asLongStream();

    /** {@return the elements converted to {@code double}} */
    ParDoubleStream asDoubleStream();

    /**
     * {@return a stream of the elements that match {@code predicate}}
     *
     * @param predicate tested on each element; the elements it accepts are kept
     */
    ParIntStream filter(IntPredicate predicate);

    /**
     * {@return this stream, with {@code action} called on each element as it is consumed, in parallel}
     *
     * @param action called on each element as a terminal operation consumes it
     */
    ParIntStream peek(IntConsumer action);

    /**
     * Calls {@code action} on every element, in parallel; no order between chunks.
     *
     * @param action called on each element
     */
    void forEach(IntConsumer action);

    /** {@return the sum of the elements (0 if none); overflow wraps as in {@code IntStream.sum()}} */
    int sum();

    /** {@return the smallest element, or empty if none} */
    OptionalInt min();

    /** {@return the largest element, or empty if none} */
    OptionalInt max();

    /**
     * The form of {@link #min()} that never allocates a result object.
     *
     * @param ifEmpty returned when the stream has no element
     * @return the smallest element, or {@code ifEmpty} if none
     */
    int min(int ifEmpty);

    /**
     * The form of {@link #max()} that never allocates a result object.
     *
     * @param ifEmpty returned when the stream has no element
     * @return the largest element, or {@code ifEmpty} if none
     */
    int max(int ifEmpty);

    /**
     * {@return the arithmetic mean of the elements, or empty if none: their {@code long} sum (which wraps on
     * overflow, as in the JDK) divided by their count}
     */
    OptionalDouble average();

    /**
     * {@return {@code identity} combined with every element in source order}
     *
     * @param identity an identity of {@code op}
     * @param op       an associative function; it need not be commutative
     */
    int reduce(int identity, IntBinaryOperator op);

    /**
     * {@return the elements combined in source order, or empty if none}
     *
     * @param op an associative function; it need not be commutative
     */
    OptionalInt reduce(IntBinaryOperator op);

    /**
     * {@return whether some element matches; stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean anyMatch(IntPredicate predicate);

    /**
     * {@return whether every element matches (true if none); stops every chunk at the first mismatch}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean allMatch(IntPredicate predicate);

    /**
     * {@return whether no element matches (true if none); stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean noneMatch(IntPredicate predicate);

    /** {@return the first element in source order, or empty if none} */
    OptionalInt findFirst();

    /** {@return some element, or empty if none; stops every chunk as soon as one is found} */
    OptionalInt findAny();

    /** {@return a new array of the elements in source order} */
    int[] toArray();

    /**
     * Writes the elements in source order into {@code destination} from index 0, without allocating.
     *
     * @param destination where to write; at least as long as the stream
     * @return the number of elements written
     * @throws NullPointerException      if {@code destination} is {@code null}
     * @throws IndexOutOfBoundsException if {@code destination} is too short; nothing is written then
     */
    int toArray(int[] destination);

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
    <R> R collect(Supplier<R> supplier, ObjIntConsumer<R> accumulator, BiConsumer<R, R> combiner);
}
