package io.micropool.api;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.LongBinaryOperator;
import java.util.function.Supplier;

/**
 * A scheduler of foreground work — calls that split work into units, run them in parallel, and return
 * when every unit is done — and of background {@linkplain Task tasks}, which run only when no foreground
 * work is waiting.
 *
 * <h2>The calling thread helps</h2>
 * Every call here blocks until its work is done, and while it does the calling thread runs units of its
 * own job itself. Once every unit is claimed it helps only with jobs of its own call tree (jobs created,
 * directly or transitively, by units of the same outermost call), never with unrelated work, so that a
 * call returns as soon as its own work is done.
 *
 * <h2>Contract shared by every call</h2>
 * <ul>
 *   <li>Arguments are checked before anything runs: a {@code null} job or context-free body throws
 *       {@link NullPointerException}, a negative count {@link IllegalArgumentException}.</li>
 *   <li>Everything the units wrote happens-before the call returns.</li>
 *   <li>If units throw, the call still waits for every unit that started, then rethrows the first
 *       throwable as is (the same instance), with those thrown later added to it as
 *       {@linkplain Throwable#getSuppressed() suppressed}. Units that had not started when the first
 *       throwable was recorded are skipped.</li>
 *   <li>Calls may nest freely: a unit may itself call {@code join}, {@code joinAll} or {@code invoke}.</li>
 * </ul>
 *
 * <h2>Parallel streams</h2>
 * {@link #range}, {@code of(..)} and {@code zip(..)} make parallel streams whose terminal operations run
 * as foreground jobs of this scheduler, with the contract above; see {@link BaseParStream}. A source reads
 * its array or list when a terminal operation runs, not when the stream is made. Arrays and lists are
 * indexed directly; a list that is not {@link java.util.RandomAccess} is copied to an array by each
 * terminal operation.
 */
public interface Scheduler {
    /**
     * Runs {@code a} and {@code b}, possibly in parallel, and returns when both are done. The calling
     * thread runs {@code a} itself, then {@code b} unless another thread took it meanwhile.
     *
     * <p>Outside any call of this scheduler, and as the first split inside a unit another thread took,
     * {@code b} is offered to other threads at once. Deeper inside a call tree it stays on the calling
     * thread's own stack and is offered only when some thread asks for work (an idle worker, or a caller
     * of the same tree waiting for its job); most such joins simply run {@code a}, then {@code b}. Hence
     * the rule: <b>{@code a} must not wait for something only {@code b} does</b> (a latch {@code b} counts
     * down, say) — {@code b} may run on this very thread after {@code a} returns.
     *
     * <p>If {@code a} throws and {@code b} has not started, {@code b} is skipped (the shared contract
     * above). For allocation-free recursion with results, see {@link #fork()}.
     *
     * @param a run by the calling thread
     * @param b run by the calling thread after {@code a}, or by a thread that took it
     * @throws NullPointerException if {@code a} or {@code b} is {@code null}
     */
    void join(Runnable a, Runnable b);

    /**
     * Runs every job, possibly in parallel, and returns when all are done. Passing a pre-built array
     * avoids the varargs allocation.
     *
     * @param jobs the jobs to run
     * @throws NullPointerException if {@code jobs} or any of its elements is {@code null}
     */
    void joinAll(Runnable... jobs);

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, count)}, possibly in parallel.
     * A count of 0 does nothing; a count of 1 runs inline on the caller. A count of 2 is a
     * {@link #join}: the caller runs unit 1, then unit 0 unless another thread took it, so unit 1 must
     * not wait for something only unit 0 does.
     *
     * @param count the number of units
     * @param body  the unit body, given the unit index
     * @throws NullPointerException     if {@code body} is {@code null}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    void invoke(int count, IntConsumer body);

    /**
     * Runs {@code job.run(context, i)} for every {@code i} in {@code [0, count)}, possibly in parallel.
     * With a non-capturing {@code job} this call allocates nothing. Counts 0, 1 and 2 behave as in
     * {@link #invoke(int, IntConsumer)}.
     *
     * @param count   the number of units
     * @param context passed to every unit; may be {@code null}
     * @param job     the unit body
     * @param <C>     the context type
     * @throws NullPointerException     if {@code job} is {@code null}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    <C> void invoke(int count, C context, IndexedJob<C> job);

    /**
     * Returns the calling thread's {@link Fork}: the handle through which a recursive function splits its
     * work with a join at every level, allocating nothing and costing a few nanoseconds per join that
     * nobody else wants. Call a function with it, {@code fib(pool.fork(), 30)}, from any thread: the first
     * join it makes outside any call of this scheduler starts a call tree, as {@link #join} does. Inside a
     * unit of this scheduler it returns the handle of the thread running the unit, whose joins belong to
     * the unit's call tree.
     *
     * <p>The handle stays the same for a thread and this scheduler and is confined to that thread; finding
     * it costs about as much as the lookup every {@code join}/{@code invoke} makes, so look it up once per
     * recursion, not per level.
     *
     * @return the calling thread's fork handle on this scheduler
     */
    Fork fork();

    /**
     * {@return the stream of the {@code int}s from {@code startInclusive} to {@code endExclusive - 1}, for
     * index-aware loops such as {@code range(0, n).forEach(i -> out[i] = a[i] * b[i])}}
     *
     * @param startInclusive the first value
     * @param endExclusive   the value after the last; the stream is empty if it is not above
     *                       {@code startInclusive}
     * @throws IllegalArgumentException if the range has more than {@code Integer.MAX_VALUE} values
     */
    ParIntStream range(int startInclusive, int endExclusive);

    /**
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    ParIntStream of(int[] values);

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
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    ParLongStream of(long[] values);

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
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    ParDoubleStream of(double[] values);

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
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @param <T>    the element type
     * @throws NullPointerException if {@code values} is {@code null}
     */
    <T> ParStream<T> of(T[] values);

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
     * {@return the stream of the list's elements}
     *
     * @param values the source, read when a terminal operation runs; it must not change meanwhile
     * @param <T>    the element type
     * @throws NullPointerException if {@code values} is {@code null}
     */
    <T> ParStream<T> of(List<T> values);

    /**
     * Zips two arrays by index: element {@code i} is {@code zipper(a[i], b[i])}.
     *
     * @param a      the first source, read when a terminal operation runs
     * @param b      the second source, as long as {@code a}, read when a terminal operation runs
     * @param zipper combines {@code a[i]} and {@code b[i]} into element {@code i}
     * @return the stream of the zipped elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the arrays differ in length
     */
    ParIntStream zip(int[] a, int[] b, IntBinaryOperator zipper);

    /**
     * Zips two arrays by index: element {@code i} is {@code zipper(a[i], b[i])}. For example
     * {@code zip(a, b, Long::sum).toArray(out)} adds two arrays into a third without allocating.
     *
     * @param a      the first source, read when a terminal operation runs
     * @param b      the second source, as long as {@code a}, read when a terminal operation runs
     * @param zipper combines {@code a[i]} and {@code b[i]} into element {@code i}
     * @return the stream of the zipped elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the arrays differ in length
     */
    ParLongStream zip(long[] a, long[] b, LongBinaryOperator zipper);

    /**
     * Zips two arrays by index: element {@code i} is {@code zipper(a[i], b[i])}.
     *
     * @param a      the first source, read when a terminal operation runs
     * @param b      the second source, as long as {@code a}, read when a terminal operation runs
     * @param zipper combines {@code a[i]} and {@code b[i]} into element {@code i}
     * @return the stream of the zipped elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the arrays differ in length
     */
    ParDoubleStream zip(double[] a, double[] b, DoubleBinaryOperator zipper);

    /**
     * Zips two arrays by index: element {@code i} is {@code zipper.apply(a[i], b[i])}.
     *
     * @param a      the first source, read when a terminal operation runs
     * @param b      the second source, as long as {@code a}, read when a terminal operation runs
     * @param zipper combines {@code a[i]} and {@code b[i]} into element {@code i}
     * @param <A>    the element type of {@code a}
     * @param <B>    the element type of {@code b}
     * @param <R>    the element type of the stream
     * @return the stream of the zipped elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the arrays differ in length
     */
    <A, B, R> ParStream<R> zip(A[] a, B[] b, BiFunction<? super A, ? super B, ? extends R> zipper);

    /**
     * Zips two lists by index: element {@code i} is {@code zipper.apply(a.get(i), b.get(i))}.
     *
     * @param a      the first source, read when a terminal operation runs; it must not change meanwhile
     * @param b      the second source, as long as {@code a}, read when a terminal operation runs; it must
     *               not change meanwhile
     * @param zipper combines {@code a.get(i)} and {@code b.get(i)} into element {@code i}
     * @param <A>    the element type of {@code a}
     * @param <B>    the element type of {@code b}
     * @param <R>    the element type of the stream
     * @return the stream of the zipped elements
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the lists differ in size (checked again when a terminal
     *                                  operation runs)
     */
    <A, B, R> ParStream<R> zip(List<A> a, List<B> b, BiFunction<? super A, ? super B, ? extends R> zipper);

    /**
     * Queues {@code work} as a background task and returns its handle. Workers run background tasks in
     * submission order, and only when no foreground job is advertised; a thread waiting in
     * {@code join}/{@code invoke} never runs one. The handle is the only allocation; reuse it with
     * {@link Task#resubmit()} for an allocation-free steady state.
     *
     * <p>If the queue is full, the calling thread runs the task before {@code spawn} returns: nothing is
     * lost and nothing blocks. A task that fails and that nobody is joining at that moment is reported to
     * the scheduler's failure handler; {@link Task#join()} still throws it.
     *
     * @param work the work; its result is the task's result
     * @param <T>  the result type
     * @return the task
     * @throws NullPointerException                if {@code work} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    <T> Task<T> spawn(Supplier<? extends T> work);

    /**
     * {@return an {@link Executor} whose {@code execute} spawns the runnable as a background task}, for
     * example for {@code CompletableFuture.supplyAsync(work, scheduler.asExecutor())}. Failures go to the
     * failure handler. {@code execute} throws {@code RejectedExecutionException} once the scheduler is
     * closed.
     */
    Executor asExecutor();

    /**
     * {@return the number of worker threads this scheduler started (the calling thread not counted)}
     */
    int workerCount();
}
