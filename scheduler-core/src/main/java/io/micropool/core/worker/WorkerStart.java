package io.micropool.core.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The workers' start hook ({@code Builder.onWorkerStart}) and the pool's wait for it: each worker runs the
 * hook on its own thread before it takes any work and then {@linkplain #arrive arrives}; the thread
 * building the pool {@linkplain #await awaits} every worker and learns what the first failing hook threw,
 * so that a hook that fails fails the build, at the call, instead of leaving a worker half set up.
 *
 * <p>Protocol: a worker records its hook's failure (a CAS of {@link #failure}, the first one wins, later
 * ones are attached to it as suppressed) before its count-down of the latch; the builder reads the failure
 * after its {@code await} returned: the latch orders the two ({@code countDown} happens-before a successful
 * {@code await}).
 */
public final class WorkerStart {
    private final IntConsumer hook;
    private final CountDownLatch started;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param hook    called on each worker thread with its index before it takes work; null for none
     * @param workers how many workers will arrive
     */
    public WorkerStart(IntConsumer hook, int workers) {
        this.hook = hook;
        this.started = new CountDownLatch(workers);
    }

    /**
     * Runs the hook for worker {@code index} on the calling thread, records what it throws, and arrives.
     *
     * @return whether the hook returned normally (or there is none)
     */
    public boolean arrive(int index) {
        try {
            if (hook != null) {
                hook.accept(index);
            }
            return true;
        } catch (Throwable t) {
            if (!failure.compareAndSet(null, t)) {
                failure.get().addSuppressed(t);
            }
            return false;
        } finally {
            started.countDown();
        }
    }

    /**
     * Waits until every worker arrived; an interrupt does not cut the wait short and is kept.
     *
     * @return what the first failing hook threw, or null if none failed
     */
    public Throwable await() {
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure.get();
    }
}
