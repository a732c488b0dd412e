package io.micropool.core;

import io.micropool.core.sleep.Sleepers;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;
import io.micropool.core.task.RunnableWork;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Participants;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pool's life after its start: shut down (no new task accepted, every accepted one still runs), shut
 * down now (the queued tasks taken back, the running ones interrupted), terminated (every worker ended and
 * the queue drained) — the {@code ExecutorService} lifecycle of {@link MicroPool}, which forwards to it.
 *
 * <p>Whether the pool is shut down is its {@link ShutdownFlag}, set before the background queue is sealed.
 */
final class PoolLifecycle {
    /** Set by the first shutdown; see {@link ShutdownFlag}. */
    private final ShutdownFlag closed;
    private final boolean shared;
    private final Thread[] workers;
    private final BackgroundScheduler background;
    private final Sleepers sleepers;
    private final Participants participants;

    /** @param shared whether this is the process-wide pool, which never shuts down */
    PoolLifecycle(boolean shared, ShutdownFlag closed, Thread[] workers, BackgroundScheduler background,
                  Sleepers sleepers, Participants participants) {
        this.shared = shared;
        this.closed = closed;
        this.workers = workers;
        this.background = background;
        this.sleepers = sleepers;
        this.participants = participants;
    }

    boolean isClosed() {
        return closed.isClosed();
    }

    /** Stops accepting tasks; the accepted ones still run. Does not wait. Nothing on the shared pool. */
    void shutdown() {
        if (shared) {
            return;
        }
        boolean first = closed.close();
        // Waits only until every submission that passed the gate has queued its task.
        background.close();
        if (first) {
            sleepers.wakeAll();
        }
    }

    /**
     * Shuts down, takes every task that has not started off the queue (cancelled), and interrupts the
     * workers that are running a task.
     *
     * @return the commands of the tasks taken back that came through {@code execute} or {@code submit},
     *         oldest first; tasks of {@code spawn} are cancelled and not listed (their joiners get a
     *         {@code CancellationException})
     */
    List<Runnable> shutdownNow() {
        if (shared) {
            return List.of();
        }
        shutdown();
        List<Runnable> neverStarted = new ArrayList<>();
        for (BackgroundTask<?> task : background.cancelQueued()) {
            if (task.work() instanceof RunnableWork) {
                neverStarted.add(((RunnableWork) task.work()).command());
            }
        }
        background.interruptRunning();
        return neverStarted;
    }

    /** @return whether the pool was shut down, every worker has ended and the queue is drained */
    boolean isTerminated() {
        if (!closed.isClosed()) {
            return false;
        }
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                return false;
            }
        }
        return background.isDrained();
    }

    /**
     * Waits until the pool is terminated, or the timeout passes.
     *
     * @return whether it terminated
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedJoin(worker, left);
        }
        while (closed.isClosed() && !isTerminated()) {
            // Only a pool without workers (tasks run by their submitters) or one whose queue a closing
            // thread is still draining gets here: wait out the drain.
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.onSpinWait();
        }
        return isTerminated();
    }

    /**
     * Shuts down and waits until the pool is terminated, as {@code ExecutorService.close} does from JDK 19:
     * if interrupted while waiting, shuts down now once and goes on waiting, then restores the interrupt
     * status. Returns without waiting when called from a unit or a call of the pool: a worker may be waiting
     * for the very unit that calls it. Called from a worker's task, it waits for the other workers. Nothing
     * on the shared pool.
     */
    void close() {
        if (shared) {
            return;
        }
        shutdown();
        Participant self = participants.current();
        if (self != null && self.inScope()) {
            return;
        }
        boolean interrupted = false;
        Thread current = Thread.currentThread();
        for (Thread worker : workers) {
            while (worker != current && worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        shutdownNow();
                    }
                    interrupted = true;
                }
            }
        }
        // Normally empty by now: workers exit only once the queue is drained.
        background.drainOnCaller();
        if (interrupted) {
            current.interrupt();
        }
    }
}
