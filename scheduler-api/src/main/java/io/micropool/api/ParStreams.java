package io.micropool.api;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The sources of a scheduler's parallel streams: what a {@link Scheduler} implementation provides once
 * ({@link Scheduler#streams()}), and what {@link Scheduler}'s stream factories ({@code range}, {@code of},
 * {@code zip}) call. Each method checks its arguments and returns a stream with no intermediate
 * operation, whose terminal operations run as foreground jobs of that scheduler. The factories are
 * documented on {@link Scheduler}, where users find them; this interface holds the full forms only.
 */
public interface ParStreams {
    /**
     * {@return the stream of {@code startInclusive} to {@code endExclusive - 1}} See
     * {@link Scheduler#range}.
     *
     * @param startInclusive the first value
     * @param endExclusive   the value after the last
     * @throws IllegalArgumentException if the range has more than {@code Integer.MAX_VALUE} values
     */
    ParIntStream range(int startInclusive, int endExclusive);

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    ParIntStream of(int[] values, int offset, int length);

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    ParLongStream of(long[] values, int offset, int length);

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    ParDoubleStream of(double[] values, int offset, int length);

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @param <T>    the element type
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    <T> ParStream<T> of(T[] values, int offset, int length);

    /**
     * {@return the stream of the list's elements} See {@link Scheduler#of(List)}.
     *
     * @param values the source, read when a terminal operation runs
     * @param <T>    the element type
     * @throws NullPointerException if {@code values} is {@code null}
     */
    <T> ParStream<T> of(List<T> values);

    /**
     * {@return the stream of {@code zipper(a[i], b[i])}} See {@link Scheduler#zip(int[], int[], IntBinaryOperator)}.
     *
     * @param a      the first source
     * @param b      the second source, as long as {@code a}
     * @param zipper combines two elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the sources differ in length
     */
    ParIntStream zip(int[] a, int[] b, IntBinaryOperator zipper);

    /**
     * {@return the stream of {@code zipper(a[i], b[i])}} See
     * {@link Scheduler#zip(long[], long[], LongBinaryOperator)}.
     *
     * @param a      the first source
     * @param b      the second source, as long as {@code a}
     * @param zipper combines two elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the sources differ in length
     */
    ParLongStream zip(long[] a, long[] b, LongBinaryOperator zipper);

    /**
     * {@return the stream of {@code zipper(a[i], b[i])}} See
     * {@link Scheduler#zip(double[], double[], DoubleBinaryOperator)}.
     *
     * @param a      the first source
     * @param b      the second source, as long as {@code a}
     * @param zipper combines two elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the sources differ in length
     */
    ParDoubleStream zip(double[] a, double[] b, DoubleBinaryOperator zipper);

    /**
     * {@return the stream of {@code zipper(a[i], b[i])}} See
     * {@link Scheduler#zip(Object[], Object[], BiFunction)}.
     *
     * @param a      the first source
     * @param b      the second source, as long as {@code a}
     * @param zipper combines two elements
     * @param <A>    the first element type
     * @param <B>    the second element type
     * @param <R>    the result type
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the sources differ in length
     */
    <A, B, R> ParStream<R> zip(A[] a, B[] b, BiFunction<? super A, ? super B, ? extends R> zipper);

    /**
     * {@return the stream of {@code zipper(a.get(i), b.get(i))}} See
     * {@link Scheduler#zip(List, List, BiFunction)}.
     *
     * @param a      the first source
     * @param b      the second source, as long as {@code a}
     * @param zipper combines two elements
     * @param <A>    the first element type
     * @param <B>    the second element type
     * @param <R>    the result type
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the sources differ in size
     */
    <A, B, R> ParStream<R> zip(List<A> a, List<B> b, BiFunction<? super A, ? super B, ? extends R> zipper);
}
