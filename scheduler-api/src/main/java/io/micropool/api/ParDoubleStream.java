package io.micropool.api;

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

/**
 * A parallel stream of {@code double} values run on a {@link Scheduler}, with the operations of
 * {@link java.util.stream.DoubleStream}; no value is boxed. See {@link BaseParStream} for how it runs.
 *
 * <p><b>Allocation.</b> Straight on an array, with non-capturing functions, {@link #sum()},
 * {@link #min(double)}, {@link #max(double)}, {@link #reduce(double, DoubleBinaryOperator)}, {@link #forEach}, the
 * matches and {@link #toArray(double[])} allocate nothing per call on a stream built once and kept (streams are
 * reusable), and so do the one-liners that build the stream in the call, such as
 * {@code pool.of(array).sum()}, once the JIT has compiled the caller: the pipeline object never leaves the
 * call and escape analysis removes it (before that, one 64-byte object per call). The methods that
 * return an {@code OptionalDouble} may allocate it.
 */
public interface ParDoubleStream extends BaseParStream<ParDoubleStream> {
    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParDoubleStream map(DoubleUnaryOperator mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParIntStream mapToInt(DoubleToIntFunction mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     */
    ParLongStream mapToLong(DoubleToLongFunction mapper);

    /**
     * {@return a stream of {@code mapper} applied to each element}
     *
     * @param mapper applied to each element by each terminal operation of the new stream
     * @param <U>    the element type of the new stream
     */
    <U> ParStream<U> mapToObj(DoubleFunction<? extends U> mapper);

    /**
     * {@return a stream of the elements that match {@code predicate}}
     *
     * @param predicate tested on each element; the elements it accepts are kept
     */
    ParDoubleStream filter(DoublePredicate predicate);

    /**
     * {@return this stream, with {@code action} called on each element as it is consumed, in parallel}
     *
     * @param action called on each element as a terminal operation consumes it
     */
    ParDoubleStream peek(DoubleConsumer action);

    /**
     * Calls {@code action} on every element, in parallel; no order between chunks.
     *
     * @param action called on each element
     */
    void forEach(DoubleConsumer action);

    /**
     * {@return the sum of the elements (0 if none), with compensated (Kahan) summation in each chunk and
     * across chunks, as {@code DoubleStream.sum()} does; the last bits may differ from it}
     */
    double sum();

    /** {@return the smallest element as {@link Math#min(double, double)} orders them, or empty if none} */
    OptionalDouble min();

    /** {@return the largest element as {@link Math#max(double, double)} orders them, or empty if none} */
    OptionalDouble max();

    /**
     * The form of {@link #min()} that never allocates a result object.
     *
     * @param ifEmpty returned when the stream has no element
     * @return the smallest element, or {@code ifEmpty} if none
     */
    double min(double ifEmpty);

    /**
     * The form of {@link #max()} that never allocates a result object.
     *
     * @param ifEmpty returned when the stream has no element
     * @return the largest element, or {@code ifEmpty} if none
     */
    double max(double ifEmpty);

    /** {@return the arithmetic mean of the elements (compensated sum), or empty if none} */
    OptionalDouble average();

    /**
     * {@return {@code identity} combined with every element in source order}
     *
     * @param identity an identity of {@code op}
     * @param op       an associative function; it need not be commutative
     */
    double reduce(double identity, DoubleBinaryOperator op);

    /**
     * {@return the elements combined in source order, or empty if none}
     *
     * @param op an associative function; it need not be commutative
     */
    OptionalDouble reduce(DoubleBinaryOperator op);

    /**
     * {@return whether some element matches; stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean anyMatch(DoublePredicate predicate);

    /**
     * {@return whether every element matches (true if none); stops every chunk at the first mismatch}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean allMatch(DoublePredicate predicate);

    /**
     * {@return whether no element matches (true if none); stops every chunk at the first match}
     *
     * @param predicate tested on each element until the answer is known
     */
    boolean noneMatch(DoublePredicate predicate);

    /** {@return the first element in source order, or empty if none} */
    OptionalDouble findFirst();

    /** {@return some element, or empty if none; stops every chunk as soon as one is found} */
    OptionalDouble findAny();

    /** {@return a new array of the elements in source order} */
    double[] toArray();

    /**
     * Writes the elements in source order into {@code destination} from index 0, without allocating.
     *
     * @param destination where to write; at least as long as the stream
     * @return the number of elements written
     * @throws NullPointerException      if {@code destination} is {@code null}
     * @throws IndexOutOfBoundsException if {@code destination} is too short; nothing is written then
     */
    int toArray(double[] destination);

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
    <R> R collect(Supplier<R> supplier, ObjDoubleConsumer<R> accumulator, BiConsumer<R, R> combiner);
}
