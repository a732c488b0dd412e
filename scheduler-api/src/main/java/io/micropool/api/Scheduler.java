package io.micropool.api;

import java.util.List;
import java.util.Objects;
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
 * Every foreground call — {@link #join}, {@link #joinAll}, {@code invoke}, a join of a {@link Fork}, a
 * parallel stream's terminal operation — blocks until its work is done, and while it does the calling
 * thread runs units of its own job itself. Once every unit is claimed it helps only with jobs of its own
 * call tree (jobs created, directly or transitively, by units of the same outermost call), never with
 * unrelated work and never with a background task, so that a call returns as soon as its own work is done.
 *
 * <h2>Contract shared by every call</h2>
 * <ul>
 *   <li>Arguments are checked before anything runs: a {@code null} job or context-free body throws
 *       {@link NullPointerException}, a negative count {@link IllegalArgumentException}.</li>
 *   <li><b>What runs where.</b> The calling thread runs the last unit itself (index {@code count - 1};
 *       {@code a} of a two-half call), then every unit of its call that nobody has claimed yet, from the
 *       highest index down. The other units run on idle workers, or on threads of the same call tree that
 *       are waiting for calls of their own (the caller of the outermost call among them).</li>
 *   <li><b>How the caller waits.</b> While units of its call still run on other threads, the caller helps
 *       with jobs of its own call tree; when there are none it spins briefly, then parks until the last
 *       unit is done or a job of its tree is published. Interrupts do not cut the wait short: the
 *       interrupt status is restored when the call returns.</li>
 *   <li>Everything the units wrote happens-before the call returns.</li>
 *   <li>If units throw, the call still waits for every unit that started, then rethrows the first
 *       throwable as is (the same instance), with those thrown later added to it as
 *       {@linkplain Throwable#getSuppressed() suppressed}. Units that had not started when the first
 *       throwable was recorded are skipped. ({@link Fork} joins differ: both halves always run.)</li>
 *   <li><b>No unit may wait for something only a unit of lower index does</b> (a latch it counts down,
 *       say): in a two-half call, {@code a} must not wait for {@code b}. Any call may run all its units one
 *       after another on the calling thread, from the highest index down — when the scheduler has no
 *       workers or is closed, when it has no room left for another published job or call tree, when the
 *       call is deferred (below), and, for the second half of a two-half call, whenever no other thread
 *       asks for work — and a unit waiting for one that runs after it would then wait forever.</li>
 *   <li><b>A closed scheduler</b> ({@code MicroPool} after {@code shutdown()}, {@code shutdownNow()} or
 *       {@code close()}) still runs foreground calls made afterwards: every unit on the calling thread.
 *       Only background submissions ({@link #spawn}, {@link #asExecutor()}'s {@code execute},
 *       {@link Task#resubmit()}) are rejected.</li>
 *   <li><b>Allocation.</b> Where a method says it allocates nothing, that holds per call in steady state:
 *       a thread's first calls may allocate its own bookkeeping, and a JFR recording that enables the
 *       scheduler's events allocates those events.</li>
 *   <li>Calls may nest freely: a unit may itself call {@code join}, {@code joinAll}, {@code invoke} or a
 *       stream's terminal operation, or recurse with {@link #fork()}; all of it belongs to the same call
 *       tree.</li>
 * </ul>
 *
 * <h2>Deferred calls: virtual threads and services</h2>
 * An outermost call of three units or more ({@code invoke}, {@code joinAll}, a stream's terminal operation)
 * may be <em>deferred</em>: the calling thread runs its units itself, from the highest index down, and
 * shares the units left — publishes them as an ordinary call, which it then runs, helps with and waits for
 * as above — only once some thread of the scheduler asks for work and the units left, at the pace so far,
 * look worth a hand-over; otherwise it finishes the call alone. {@code MicroPool} defers every outermost
 * call of a virtual thread, and every outermost call of an outside platform thread if it was built with
 * {@code deferCalls(true)}. Until a deferred call is shared, calls nested in its units are outermost
 * calls, each with a call tree of its own. Two-half calls are never deferred; {@link #join} says when
 * their second half is offered.
 *
 * <h2>Parallel streams</h2>
 * {@link #range}, {@code of(..)} and {@code zip(..)} make parallel streams whose terminal operations run
 * as foreground jobs of this scheduler, with the contract above; see {@link BaseParStream}. A source reads
 * its array or list when a terminal operation runs, not when the stream is made. Arrays and lists are
 * indexed directly; a list that is not {@link java.util.RandomAccess} is copied to an array by each
 * terminal operation.
 *
 * <p>The stream factories are on {@code Scheduler} because the scheduler is what the user holds: typing
 * {@code pool.} finds them, as {@code parallelStream()} is found on the collection in the JDK, whose
 * parallel streams run on a {@code ForkJoinPool} (the common pool, unless called from a task of another
 * one). A terminal operation is an ordinary foreground job of this scheduler — {@code MicroPool} runs it
 * as one {@link #invoke(int, Object, IndexedJob) invoke} of a unit per chunk — so it obeys the contract
 * above, deferral included. The factories are default methods over one method an implementation
 * provides, {@link #streams()}, which returns its stream engine: the interface stays where users look,
 * and no implementation forwards fifteen methods one by one.
 */
public interface Scheduler {
    /**
     * Runs {@code a} and {@code b}, possibly in parallel, and returns when both are done. The calling
     * thread runs {@code a} itself, then {@code b} unless another thread took it meanwhile: an idle worker,
     * or a thread of the same call tree waiting for a call of its own.
     *
     * <p><b>{@code b} is kept lazily.</b> When this join is an outermost call, or a unit makes it while no
     * other join of that unit has a second half pending on this thread — typically the unit's first split;
     * a unit here is a unit of a published call, a half another thread took, or {@code a} of an outermost
     * join — {@code b} is offered to other threads at once. Otherwise it stays on the calling thread's own
     * stack and is offered only when some thread asks for work (an idle worker, or a thread waiting for its
     * own call with nothing of its tree to help) — and then the thread offers the oldest half it keeps,
     * the largest piece of work it holds. Most such joins simply run {@code a}, then {@code b}. Hence the
     * rule: <b>{@code a} must not wait for something only {@code b} does</b> (a latch {@code b} counts
     * down, say) — {@code b} may run on this very thread after {@code a} returns, and on a closed scheduler
     * or one without workers it always does.
     *
     * <p><b>Waiting.</b> If another thread took {@code b}, the calling thread, once {@code a} is done, waits
     * for it as every call waits (the class comment): helping its own call tree, spinning, then parking;
     * an interrupt does not cut the wait short.
     *
     * <p><b>Failures.</b> If {@code a} throws and {@code b} has not started, {@code b} is skipped; if
     * {@code b} runs on another thread, it is waited for. The first throwable is rethrown as is, a later
     * one suppressed on it (the shared contract). A {@link Fork} join, by contrast, runs both halves in
     * any case.
     *
     * <p><b>Allocation.</b> With pre-built {@code Runnable}s this call allocates nothing, whether it keeps
     * {@code b} or hands it over. For allocation-free recursion with results, see {@link #fork()}.
     *
     * @param a run by the calling thread
     * @param b run by the calling thread after {@code a}, or by a thread that took it
     * @throws NullPointerException if {@code a} or {@code b} is {@code null}
     */
    void join(Runnable a, Runnable b);

    /**
     * Runs every job, possibly in parallel, and returns when all are done: an {@code invoke} of
     * {@code jobs.length} units in which unit {@code i} runs {@code jobs[i]}.
     * <ul>
     *   <li>No job does nothing; one job runs inline on the caller.</li>
     *   <li>Two jobs are a {@link #join}{@code (jobs[1], jobs[0])}: the caller runs {@code jobs[1]}, then
     *       {@code jobs[0]} unless another thread took it; {@code jobs[0]} is kept lazily, so {@code jobs[1]}
     *       must not wait for something only {@code jobs[0]} does.</li>
     *   <li>Three or more are published for other threads at once (unless the call is deferred, see the
     *       class comment): the caller runs the last job, then every job nobody has claimed, from the last
     *       down, then waits for the others as the class comment describes.</li>
     * </ul>
     * If a job throws, the jobs not yet started are skipped (the shared contract). With a pre-built
     * array of pre-built jobs this call allocates nothing, as {@link #invoke(int, Object, IndexedJob)} with
     * a non-capturing job; passing the array, rather than varargs, avoids allocating one per call.
     *
     * @param jobs the jobs to run
     * @throws NullPointerException if {@code jobs} or any of its elements is {@code null}
     */
    void joinAll(Runnable... jobs);

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, count)}, possibly in parallel, and
     * returns when every unit is done.
     * <ul>
     *   <li>A count of 0 does nothing; a count of 1 runs inline on the caller.</li>
     *   <li>A count of 2 is a {@link #join}: the caller runs unit 1, then unit 0 unless another thread took
     *       it. Unit 0 is kept lazily as {@code b} is, so unit 1 must not wait for something only unit 0
     *       does.</li>
     *   <li>A count of 3 or more is published at once as one job (unless the call is deferred, see the
     *       class comment): the caller runs unit {@code count - 1}, then claims and runs units from the
     *       highest index down while any is left; idle workers, and threads of the same call tree waiting
     *       for calls of their own, claim the others. The caller then waits for the units still running
     *       elsewhere as the class comment describes.</li>
     * </ul>
     * If a unit throws, the units not yet started are skipped (the shared contract). The call itself
     * allocates nothing; a capturing {@code body} is the caller's own allocation, which
     * {@link #invoke(int, Object, IndexedJob)} with a non-capturing job avoids.
     *
     * @param count the number of units
     * @param body  the unit body, given the unit index
     * @throws NullPointerException     if {@code body} is {@code null}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    void invoke(int count, IntConsumer body);

    /**
     * Runs {@code job.run(context, i)} for every {@code i} in {@code [0, count)}, possibly in parallel, and
     * returns when every unit is done. Every count behaves as in {@link #invoke(int, IntConsumer)}: which
     * thread runs which unit, what is kept lazily (unit 0 of a count of 2), and how the caller waits.
     *
     * <p>With a non-capturing {@code job} (a static final field, or a lambda that uses only its parameters)
     * this call allocates nothing, on the caller or on the threads that run its units: the state the units
     * need comes in as {@code context}.
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
     * join it makes outside any call of this scheduler starts a call tree, as {@link #join} does, but keeps
     * its second half latent until some thread asks for work (see {@link Fork}). Inside a unit of this
     * scheduler it returns the handle of the thread running the unit, whose joins belong to the unit's call
     * tree. On a closed scheduler, or one without workers, its joins run both halves on the calling thread.
     *
     * <p>A platform thread's handle stays the same for this scheduler and is confined to that thread. A
     * virtual thread keeps none of its own: outside any call it gets a handle each of whose joins is an
     * outermost call, and inside a call the handle lent to it for that call, which it must not use once
     * that call has returned. Finding the handle costs about as much as the lookup every
     * {@code join}/{@code invoke} makes, so look it up once per recursion, not per level.
     *
     * @return the calling thread's fork handle on this scheduler
     */
    Fork fork();

    /**
     * {@return the sources of this scheduler's parallel streams} The stream factories below
     * ({@link #range}, {@code of}, {@code zip}) are default methods that call it, so that an
     * implementation provides its stream engine once instead of forwarding each factory; users call the
     * factories.
     */
    ParStreams streams();

    /**
     * {@return the stream of the {@code int}s from {@code startInclusive} to {@code endExclusive - 1}, for
     * index-aware loops such as {@code range(0, n).forEach(i -> out[i] = a[i] * b[i])}}
     *
     * @param startInclusive the first value
     * @param endExclusive   the value after the last; the stream is empty if it is not above
     *                       {@code startInclusive}
     * @throws IllegalArgumentException if the range has more than {@code Integer.MAX_VALUE} values
     */
    default ParIntStream range(int startInclusive, int endExclusive) {
        return streams().range(startInclusive, endExclusive);
    }

    /**
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    default ParIntStream of(int[] values) {
        return streams().of(Objects.requireNonNull(values, "values"), 0, values.length);
    }

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    default ParIntStream of(int[] values, int offset, int length) {
        return streams().of(values, offset, length);
    }

    /**
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    default ParLongStream of(long[] values) {
        return streams().of(Objects.requireNonNull(values, "values"), 0, values.length);
    }

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    default ParLongStream of(long[] values, int offset, int length) {
        return streams().of(values, offset, length);
    }

    /**
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @throws NullPointerException if {@code values} is {@code null}
     */
    default ParDoubleStream of(double[] values) {
        return streams().of(Objects.requireNonNull(values, "values"), 0, values.length);
    }

    /**
     * {@return the stream of {@code values[offset]} to {@code values[offset + length - 1]}}
     *
     * @param values the source, read when a terminal operation runs
     * @param offset the index of the first element
     * @param length the number of elements
     * @throws NullPointerException      if {@code values} is {@code null}
     * @throws IndexOutOfBoundsException if the slice is not within the array
     */
    default ParDoubleStream of(double[] values, int offset, int length) {
        return streams().of(values, offset, length);
    }

    /**
     * {@return the stream of the array's elements}
     *
     * @param values the source, read when a terminal operation runs
     * @param <T>    the element type
     * @throws NullPointerException if {@code values} is {@code null}
     */
    default <T> ParStream<T> of(T[] values) {
        return streams().of(Objects.requireNonNull(values, "values"), 0, values.length);
    }

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
    default <T> ParStream<T> of(T[] values, int offset, int length) {
        return streams().of(values, offset, length);
    }

    /**
     * {@return the stream of the list's elements}
     *
     * @param values the source, read when a terminal operation runs; it must not change meanwhile
     * @param <T>    the element type
     * @throws NullPointerException if {@code values} is {@code null}
     */
    default <T> ParStream<T> of(List<T> values) {
        return streams().of(values);
    }

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
    default ParIntStream zip(int[] a, int[] b, IntBinaryOperator zipper) {
        return streams().zip(a, b, zipper);
    }

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
    default ParLongStream zip(long[] a, long[] b, LongBinaryOperator zipper) {
        return streams().zip(a, b, zipper);
    }

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
    default ParDoubleStream zip(double[] a, double[] b, DoubleBinaryOperator zipper) {
        return streams().zip(a, b, zipper);
    }

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
    default <A, B, R> ParStream<R> zip(A[] a, B[] b, BiFunction<? super A, ? super B, ? extends R> zipper) {
        return streams().zip(a, b, zipper);
    }

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
    default <A, B, R> ParStream<R> zip(List<A> a, List<B> b, BiFunction<? super A, ? super B, ? extends R> zipper) {
        return streams().zip(a, b, zipper);
    }

    /**
     * Queues {@code work} as a background task and returns its handle, without waiting for the task.
     * Workers run background tasks in submission order, and only when no foreground job is advertised; a
     * thread waiting in a foreground call never runs one (a unit may still run a task itself, through
     * {@link Task#join()} or {@link Task#help()}).
     *
     * <p>If the queue is full, or the scheduler has no workers, the calling thread runs the task before
     * {@code spawn} returns: nothing is lost and nothing blocks. A task that fails and that nobody is
     * joining at that moment is reported to the scheduler's failure handler; {@link Task#join()} still
     * throws it.
     *
     * <p>The handle is the only allocation; reuse it with {@link Task#resubmit()} for an allocation-free
     * steady state.
     *
     * @param work the work; its result is the task's result
     * @param <T>  the result type
     * @return the task
     * @throws NullPointerException                if {@code work} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed (shut down); a task
     *                                             accepted before still runs
     */
    <T> Task<T> spawn(Supplier<? extends T> work);

    /**
     * {@return an {@link Executor} whose {@code execute} spawns the runnable as a background task}, for
     * example for {@code CompletableFuture.supplyAsync(work, scheduler.asExecutor())}. As with
     * {@link #spawn}, a full queue or a scheduler without workers makes {@code execute} run the task on the
     * calling thread. What a task throws goes to the failure handler, since nobody can join it.
     * {@code execute} throws {@code RejectedExecutionException} once the scheduler is closed.
     */
    Executor asExecutor();

    /**
     * {@return the number of worker threads this scheduler started (the calling thread not counted)}
     */
    int workerCount();
}
