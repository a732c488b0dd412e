package io.micropool.api;

import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
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
 */
public interface Scheduler {
    /**
     * Runs {@code a} and {@code b}, possibly in parallel, and returns when both are done. The calling
     * thread runs {@code a} itself; {@code b} is offered to other threads and run by the caller if
     * nobody took it.
     *
     * @param a run by the calling thread
     * @param b run by whichever thread claims it first, the caller included
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
     * A count of 0 does nothing; a count of 1 runs inline on the caller.
     *
     * @param count the number of units
     * @param body  the unit body, given the unit index
     * @throws NullPointerException     if {@code body} is {@code null}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    void invoke(int count, IntConsumer body);

    /**
     * Runs {@code job.run(context, i)} for every {@code i} in {@code [0, count)}, possibly in parallel.
     * With a non-capturing {@code job} this call allocates nothing.
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
     * @return an {@link Executor} whose {@code execute} spawns the runnable as a background task, for
     *         example for {@code CompletableFuture.supplyAsync(work, scheduler.asExecutor())}. Failures go
     *         to the failure handler. {@code execute} throws {@code RejectedExecutionException} once the
     *         scheduler is closed.
     */
    Executor asExecutor();

    /**
     * @return the number of worker threads this scheduler started (the calling thread not counted)
     */
    int workerCount();
}
