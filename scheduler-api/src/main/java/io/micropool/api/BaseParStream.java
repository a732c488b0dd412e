package io.micropool.api;

/**
 * What every parallel stream of a {@link Scheduler} shares: the split, slicing and counting.
 *
 * <h2>How a parallel stream runs</h2>
 * A stream is an immutable description of a pipeline: a source ({@link Scheduler#range},
 * {@link Scheduler#of(long[])}, {@link Scheduler#zip(long[], long[], java.util.function.LongBinaryOperator)}
 * …), intermediate operations ({@code map}, {@code filter}, …) and, when a terminal operation
 * ({@code sum}, {@code forEach}, {@code findFirst}, …) is called, one foreground job of the scheduler: the
 * source's elements are cut into chunks by the {@link Split}, the chunks run in parallel with the calling
 * thread taking part, and the call returns when every chunk is done.
 * <ul>
 *   <li><b>Reusable.</b> Unlike {@code java.util.stream}, a stream may run any number of terminal
 *       operations, one after the other or from several threads at once; each reads the source anew.
 *       Building a pipeline once and running it every frame allocates nothing for the pipeline.</li>
 *   <li><b>Order.</b> Within a chunk elements are processed in source order. Results are combined in
 *       chunk order, so an associative reduction gives the sequential answer whatever the split and the
 *       number of threads, and {@code findFirst} returns the first match in source order.</li>
 *   <li><b>Early exit.</b> {@code findFirst} stops every chunk at the first match found so far: a chunk
 *       skips only elements after that match. {@code anyMatch}, {@code allMatch}, {@code noneMatch} and
 *       {@code findAny} stop every chunk as soon as the answer is known.</li>
 *   <li><b>Failures.</b> If a function throws, the other chunks stop at their next element and the call
 *       rethrows the first throwable as is, with later ones {@linkplain Throwable#getSuppressed()
 *       suppressed}, as {@link Scheduler#invoke(int, java.util.function.IntConsumer) invoke} does.</li>
 *   <li><b>Arguments</b> are checked when an operation is called: a {@code null} function throws
 *       {@link NullPointerException} and a negative count {@link IllegalArgumentException}, before
 *       anything runs.</li>
 *   <li><b>Functions</b> must not depend on the order in which elements of different chunks are
 *       processed ({@code forEach} and {@code peek} run in parallel) and must not modify the source.</li>
 *   <li><b>Slicing.</b> {@code skip} and {@code limit} on a stream whose size is known (no
 *       {@code filter} before them) narrow the source range: earlier operations do not see the elements
 *       cut off. After a {@code filter} they keep the elements in source order, by buffering the elements
 *       of the filtered stream (at most {@code skip + limit} per chunk).</li>
 * </ul>
 *
 * @param <S> the type of the stream
 */
public interface BaseParStream<S extends BaseParStream<S>> {
    /**
     * {@return this stream with {@code split} instead of its current split ({@link Split#byThreads()} unless
     * chosen)}
     *
     * @param split how the terminal operations of the returned stream cut the elements into chunks
     * @throws NullPointerException if {@code split} is {@code null}
     */
    S split(Split split);

    /**
     * {@return the stream of the elements after the first {@code n}}
     *
     * @param n the number of leading elements to drop
     * @throws IllegalArgumentException if {@code n} is negative
     */
    S skip(long n);

    /**
     * {@return the stream of at most the first {@code maxSize} elements}
     *
     * @param maxSize the number of leading elements to keep
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    S limit(long maxSize);

    /** {@return the number of elements; without a {@code filter} it is computed without running anything} */
    long count();
}
