package io.micropool.perf;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The {@link ForkJoinPool} form of {@code join(a, b)}: {@code invokeAll(a, b)} forks {@code b}, runs
 * {@code a} in the current worker, then runs {@code b} itself if nobody stole it, or waits for the thief.
 * Tasks are created per call, as {@code ForkJoinPool} code does.
 */
final class ForkJoinPair extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient Runnable a;
    private final transient Runnable b;

    ForkJoinPair(Runnable a, Runnable b) {
        this.a = a;
        this.b = b;
    }

    @Override
    protected void compute() {
        invokeAll(new Half(a), new Half(b));
    }

    /** One half: runs its {@link Runnable}. */
    static final class Half extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Runnable body;

        Half(Runnable body) {
            this.body = body;
        }

        @Override
        protected void compute() {
            body.run();
        }
    }
}
