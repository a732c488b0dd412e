package io.micropool.api;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * A background task created by {@link Scheduler#spawn}: work that should happen soon but must never delay
 * foreground work. Workers run queued tasks, in submission order, only when no foreground job is
 * advertised.
 *
 * <h2>States</h2>
 * A task is <em>queued</em>, then <em>running</em>, then <em>done</em> (with a result) or <em>failed</em>
 * (with a throwable); or it goes from queued straight to <em>cancelled</em>. Whoever moves it from queued
 * to running runs it — a worker, a thread calling {@link #join()} or {@link #help()}, or the submitting
 * thread when the queue is full or the scheduler has no workers — so it runs at most once per submission.
 *
 * <h2>Reuse without allocation</h2>
 * A finished task (done, failed or cancelled) can be {@linkplain #resubmit() resubmitted}: the same handle
 * runs the same work again. A frame loop that spawns its tasks once and resubmits them every frame
 * allocates nothing for its background work.
 *
 * @param <T> the type of the result
 */
public interface Task<T> {
    /** {@return whether the task finished: done, failed or cancelled} */
    boolean isDone();

    /** {@return whether the task was cancelled before it ran} */
    boolean isCancelled();

    /**
     * Waits for the task and returns its result. If the task has not started, the calling thread runs it
     * itself, so {@code join} makes progress from any thread — inside a foreground unit, inside another
     * task — even when every worker is busy. If it runs on another thread, the caller spins briefly,
     * then parks until it is done. Interrupts do not cut the wait short; the interrupt status is kept. A
     * join that has to park allocates one small wait node.
     *
     * @return the result
     * @throws CompletionException   if the task threw; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     */
    T join();

    /**
     * Returns the result if the task is done, without waiting.
     *
     * @param valueIfNotDone returned while the task is queued or running
     * @return the result, or {@code valueIfNotDone}
     * @throws CompletionException   if the task threw; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     */
    T getNow(T valueIfNotDone);

    /**
     * Cancels the task if it has not started. The other queued tasks keep their order.
     *
     * @return true if this call prevented the run; false if the task had started or finished
     */
    boolean cancel();

    /**
     * Runs the task on the calling thread now if it has not started; otherwise returns at once, without
     * waiting. What the task throws is not thrown here: {@link #join()} and {@link #getNow} report it, and
     * if no thread is waiting in {@code join} when it fails it also goes to the scheduler's failure
     * handler, as a failure of a task a worker ran does.
     */
    void help();

    /**
     * Queues the task again, to run the same work once more, once it is done, failed or cancelled. The
     * previous result is discarded. The caller must make sure no other thread still waits for the previous
     * run. As with {@link Scheduler#spawn}, a full queue or a scheduler without workers makes the calling
     * thread run the task before {@code resubmit} returns. Allocates nothing in steady state.
     *
     * @throws IllegalStateException               if the task is queued or running
     * @throws java.util.concurrent.RejectedExecutionException if its scheduler is closed; the task is then
     *                                             left cancelled
     */
    void resubmit();
}
