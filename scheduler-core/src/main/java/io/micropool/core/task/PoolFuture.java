package io.micropool.core.task;

import io.micropool.api.Task;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The {@link java.util.concurrent.Future} of a task submitted to a pool through its {@code ExecutorService}
 * methods: a {@link FutureTask}, so that cancellation, failure and results behave exactly as
 * {@code FutureTask}'s, run as a background task of the pool. One difference, as with {@link Task#join}:
 * an untimed {@link #get()} of a task that has not started runs it on the calling thread instead of waiting
 * for a worker, so that it makes progress even when every worker is busy. A timed {@code get} only waits,
 * as running the task could take longer than the timeout.
 *
 * <p>{@link #task} is written once (volatile) by the thread that submitted the future, after the pool
 * accepted it; until then {@code get()} only waits.
 *
 * @param <V> the result type
 */
public final class PoolFuture<V> extends FutureTask<V> {
    /** The background task that runs this future, or null until it is queued. */
    private volatile Task<?> task;

    public PoolFuture(Callable<V> callable) {
        super(callable);
    }

    public PoolFuture(Runnable runnable, V result) {
        super(runnable, result);
    }

    /** Records the background task that runs this future; once, by its submitter. */
    public void runBy(Task<?> background) {
        this.task = background;
    }

    /**
     * Waits for the result; if the task has not started, runs it on the calling thread first.
     *
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws ExecutionException                         if the task threw; the cause is what it threw
     * @throws InterruptedException                       if interrupted while waiting
     */
    @Override
    public V get() throws InterruptedException, ExecutionException {
        Task<?> background = task;
        if (background != null && !isDone()) {
            background.help();
        }
        return super.get();
    }

    /**
     * Cancels as {@link FutureTask#cancel} does, and takes the task off the pool's queue if it has not
     * started, so that no worker picks it up.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Task<?> background = task;
        if (cancelled && background != null) {
            background.cancel();
        }
        return cancelled;
    }
}
