package io.micropool.core.task;

import io.micropool.api.Task;
import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static io.micropool.core.task.TaskState.CANCELLED;
import static io.micropool.core.task.TaskState.DONE;
import static io.micropool.core.task.TaskState.FAILED;
import static io.micropool.core.task.TaskState.QUEUED;
import static io.micropool.core.task.TaskState.RUNNING;
import static io.micropool.core.task.TaskState.WAITERS;

/**
 * The handle of a background task, and the state machine of {@link TaskState} in one {@code int} field.
 *
 * <h2>Orderings</h2>
 * <ul>
 *   <li>The thread that runs the task writes {@link #result}/{@link #failure} in plain mode, then
 *       {@code getAndSet}s the final state (a volatile write). Readers ({@link #join}, {@link #getNow})
 *       read the state with a volatile load first: seeing a final phase, they see the fields.</li>
 *   <li>A joiner that blocks pushes a {@link Waiter} onto {@link #waiters} (CAS), then sets
 *       {@code WAITERS} in the state by CAS (or finds it set), then parks until it reads a final state.
 *       The completer's {@code getAndSet} returns the word it replaced: if {@code WAITERS} was set, it
 *       takes the whole stack ({@code getAndSet} to null) and unparks each waiter. A joiner parks only
 *       after a volatile access to the state that came before the completer's {@code getAndSet} and saw
 *       {@code WAITERS}; its push came before that access, so the completer's take of the stack, which
 *       follows its {@code getAndSet}, holds the joiner's node: no lost wake-up. No monitor is held, so
 *       a virtual thread that joins unmounts from its carrier while it waits (jcstress
 *       {@code TaskStress.JoinVersusRun}, {@code TaskStress.JoinVersusComplete}).</li>
 *   <li>A joiner that pushed its node but then read a final state leaves without parking; it pops its
 *       node if it is still on top. A node left below others is unparked at a later completion with
 *       waiters: a spurious unpark, which every {@code park} loop must tolerate anyway.</li>
 * </ul>
 *
 * @param <T> the result type
 */
public final class BackgroundTask<T> implements Task<T> {
    private static final VarHandle STATE =
        FieldHandles.find(MethodHandles.lookup(), BackgroundTask.class, "state", int.class);
    private static final VarHandle WAITERS_STACK =
        FieldHandles.find(MethodHandles.lookup(), BackgroundTask.class, "waiters", Waiter.class);

    /** A thread blocked in {@link #join}: a node of the {@link #waiters} stack. */
    private static final class Waiter {
        final Thread thread;
        /** The node below; plain, written before the CAS that pushes this node publishes it. */
        Waiter next;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    private final BackgroundScheduler scheduler;
    private final Supplier<? extends T> work;

    /** The {@link TaskState} word; every access through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state = QUEUED;
    /**
     * Threads blocked in {@link #join}, newest first (a Treiber stack), or null. Pushed by CAS by each
     * joiner before it announces {@code WAITERS}; taken whole ({@code getAndSet} to null) by the completer
     * that finds {@code WAITERS} set. Every access through {@link #WAITERS_STACK}.
     */
    @SuppressWarnings("unused")
    private volatile Waiter waiters;
    /** Result of the last run; plain, published by the volatile write of the final state. */
    private T result;
    /** Throwable of the last run, or null; plain, published like {@link #result}. */
    private Throwable failure;

    BackgroundTask(BackgroundScheduler scheduler, Supplier<? extends T> work) {
        this.scheduler = scheduler;
        this.work = Objects.requireNonNull(work, "work");
    }

    /** @return the work this task runs */
    public Supplier<? extends T> work() {
        return work;
    }

    /**
     * Moves the task from QUEUED to RUNNING: the caller wins the right to run it.
     *
     * @return false if the task was not queued (started, finished or cancelled)
     */
    public boolean tryStart() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /**
     * Runs the work; only after a successful {@link #tryStart}. Catches everything the work throws.
     *
     * @param joined whether the running thread is a joiner that will report the failure itself
     */
    public void runStarted(boolean joined) {
        T value = null;
        Throwable thrown = null;
        try {
            value = work.get();
        } catch (Throwable t) {
            thrown = t;
        }
        result = value;
        failure = thrown;
        // Volatile write: publishes result and failure to every reader of a final state.
        int before = (int) STATE.getAndSet(this, thrown == null ? DONE : FAILED);
        boolean waiters = TaskState.hasWaiters(before);
        if (waiters) {
            // Takes every node pushed before the joiners' accesses that saw the state not yet final.
            for (Waiter w = (Waiter) WAITERS_STACK.getAndSet(this, (Waiter) null); w != null; w = w.next) {
                LockSupport.unpark(w.thread);
            }
        }
        if (thrown != null && !joined && !waiters) {
            scheduler.reportUnjoinedFailure(this, thrown);
        }
    }

    /** @return whether a waiter node is on the stack (volatile read): none once every joiner has left */
    public boolean hasWaiterNodes() {
        return waiters != null;
    }

    @Override
    public boolean isDone() {
        return TaskState.isFinal(state);
    }

    @Override
    public boolean isCancelled() {
        return TaskState.phase(state) == CANCELLED;
    }

    @Override
    public T join() {
        if (tryStart()) {
            scheduler.runByJoiner(this);
        } else if (!TaskState.isFinal(state)) {
            awaitFinal();
        }
        return report(state);
    }

    @Override
    public T getNow(T valueIfNotDone) {
        int current = state;
        return TaskState.isFinal(current) ? report(current) : valueIfNotDone;
    }

    @Override
    public boolean cancel() {
        // One CAS decides between cancel and every would-be runner (tryStart).
        if (STATE.compareAndSet(this, QUEUED, CANCELLED)) {
            scheduler.countCancelled();
            return true;
        }
        return false;
    }

    @Override
    public void help() {
        if (tryStart()) {
            // Not a joiner: help() throws nothing, so a failure nobody waits for goes to the handler.
            scheduler.runByHelper(this);
        }
    }

    @Override
    public void resubmit() {
        int current = state;
        if (!TaskState.isFinal(current) || !STATE.compareAndSet(this, current, QUEUED)) {
            throw new IllegalStateException("only a finished task can be resubmitted (phase " + TaskState.phase(current) + ")");
        }
        try {
            scheduler.enqueue(this);
        } catch (RuntimeException rejected) {
            STATE.compareAndSet(this, QUEUED, CANCELLED);
            throw rejected;
        }
    }

    /**
     * Spins for the pool's budget, then parks until the task reaches a final phase (the waiter protocol
     * in the class comment). Interrupts do not cut the wait short; the interrupt status is restored on
     * return. Allocates one {@link Waiter} when it blocks.
     */
    private void awaitFinal() {
        if (scheduler.spinUntilDone(this)) {
            return;
        }
        Waiter node = new Waiter(Thread.currentThread());
        Waiter top;
        do {
            top = waiters;
            node.next = top;
        } while (!WAITERS_STACK.compareAndSet(this, top, node));
        boolean interrupted = false;
        for (int current = state; !TaskState.isFinal(current); current = state) {
            if (!TaskState.hasWaiters(current) && !STATE.compareAndSet(this, current, current | WAITERS)) {
                continue;
            }
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        // Finished: if no completer took the node (it read the state final without parking, or the
        // completer took the stack before this push), take it back while it is still on top.
        WAITERS_STACK.compareAndSet(this, node, node.next);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private T report(int finalState) {
        switch (TaskState.phase(finalState)) {
            case DONE:
                return result;
            case FAILED:
                throw new CompletionException(failure);
            case CANCELLED:
                throw new CancellationException("the task was cancelled");
            default:
                throw new IllegalStateException("not finished: phase " + TaskState.phase(finalState));
        }
    }

    @Override
    public String toString() {
        int current = state;
        String phase;
        switch (TaskState.phase(current)) {
            case QUEUED: phase = "queued"; break;
            case RUNNING: phase = "running"; break;
            case DONE: phase = "done"; break;
            case FAILED: phase = "failed"; break;
            default: phase = "cancelled"; break;
        }
        return "Task[" + phase + "]";
    }
}
