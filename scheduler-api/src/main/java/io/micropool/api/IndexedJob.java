package io.micropool.api;

/**
 * The body of a parallel job of {@code count} units: unit {@code index} of the job is
 * {@code run(context, index)}.
 *
 * <p>Passing the state a job needs as {@code context}, instead of capturing it in a lambda, lets a
 * caller submit the same non-capturing job object again and again without allocating: a frame loop
 * can keep one {@code IndexedJob} in a static final field and hand it a different context each frame.
 *
 * @param <C> the type of the context object shared by every unit of the job
 */
@FunctionalInterface
public interface IndexedJob<C> {
    /**
     * Runs one unit of the job. Units of one job may run at the same time on different threads, in any
     * order; each index in {@code [0, count)} is run at most once.
     *
     * @param context the context object given to the call that submitted the job
     * @param index   the unit to run, in {@code [0, count)}
     */
    void run(C context, int index);
}
