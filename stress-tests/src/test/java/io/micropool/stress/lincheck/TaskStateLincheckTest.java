package io.micropool.stress.lincheck;

import io.micropool.api.Task;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Participants;
import io.micropool.core.foreground.Seats;
import io.micropool.core.stats.SharedCounters;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.Tracer;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The background task state machine through the public entry points of {@link BackgroundScheduler} and
 * {@link Task}, checked for linearizability against {@link TaskSpec}, in which a run is one step.
 *
 * <p>Each fixture has a scheduler with a queue of 4, one registered worker thread that is never started,
 * no spin budget, and one task spawned in the constructor; the task's work increments a counter and
 * returns it. {@code workerTurn} is what a worker does with the queue: poll an entry and run it if it is
 * still queued. {@code join} blocks on the task's monitor while another thread runs the task; the model
 * checker schedules the monitor's wait and notification.
 *
 * <p>While a thread runs the task, the task can no longer be cancelled and is not done yet; the
 * specification holds as long as no thread sees both. In {@link RunOrCancel} ({@code cancel},
 * {@code isCancelled}, {@code help}, {@code workerTurn}, {@code join}) a running task looks finished to
 * the other thread. In {@link Resubmit} one thread calls {@code help} and {@code workerTurn}, the other
 * {@code join}, {@code resubmit}, {@code getNow} and {@code isDone}: a run by the first thread looks
 * queued to the second, and a run by the second (in {@code join}) looks finished to the first, which
 * reads nothing. {@code join} and {@code resubmit} are on the same thread because
 * {@link Task#resubmit} requires that no other thread still waits for the previous run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskStateLincheckTest {
    /** What {@code getNow} and {@code join} return for a cancelled task. */
    static final int CANCELLED_RESULT = -2;
    /** What {@code getNow} returns while the task is not done. */
    static final int NOT_DONE = -1;
    static final int QUEUE_CAPACITY = 4;

    /** Registered as the worker; never started, so waking it does nothing. */
    private static final Thread NEVER_STARTED = new Thread(() -> { }, "lincheck-never-started-worker");

    @Test
    void runOrCancelModelChecking() {
        LincheckSupport.modelChecking()
            .iterations(20)
            .invocationsPerIteration(200)
            .threads(2)
            .actorsPerThread(2)
            .actorsBefore(1)
            .actorsAfter(1)
            .sequentialSpecification(TaskSpec.class)
            .check(RunOrCancel.class);
    }

    @Test
    void resubmitModelChecking() {
        LincheckSupport.modelChecking()
            .iterations(20)
            .invocationsPerIteration(200)
            .threads(2)
            .actorsPerThread(2)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(TaskSpec.class)
            .check(Resubmit.class);
    }

    /** The work of the task: increments the run counter and returns it. */
    static final class CountingWork implements Supplier<Integer> {
        int runs;

        @Override
        public Integer get() {
            return ++runs;
        }
    }

    /** A scheduler with one spawned task. */
    public abstract static class TaskFixture {
        private static final SpinPolicy NO_SPIN = new SpinPolicy(0, NoOpIdleStrategy::new);

        final BackgroundScheduler scheduler;
        final CountingWork work = new CountingWork();
        final Task<Integer> task;

        /** Successful {@code cancel} calls. */
        final AtomicInteger cancels = new AtomicInteger();

        TaskFixture() {
            Sleepers sleepers = new Sleepers(1);
            sleepers.register(0, NEVER_STARTED);
            // Each thread counts in a participant of its own, as in a pool. That each run and cancellation
            // is counted once is checked by StatsTest in scheduler-core; it follows from the CAS checked
            // here, since only the thread that wins it counts.
            Participants participants = new Participants(
                thread -> new Participant(thread, NO_SPIN.newSpin(), -1, new ThreadCounters(thread, false)),
                new Seats(1, seat -> new Participant(null, NO_SPIN.newSpin(), -1, new ThreadCounters(null, false),
                    null, seat)));
            scheduler = new BackgroundScheduler(QUEUE_CAPACITY, 1, sleepers, NO_SPIN, false, (failedTask, failure) -> { },
                participants, new SharedCounters(), new Tracer());
            task = scheduler.spawn(work);
        }

        /** @return whether the queue had an entry */
        boolean pollAndRun() {
            BackgroundTask<?> polled = scheduler.poll();
            if (polled == null) {
                return false;
            }
            scheduler.runPolled(null, polled);
            return true;
        }

        int joinOrCancelled() {
            try {
                return task.join();
            } catch (CancellationException e) {
                return CANCELLED_RESULT;
            }
        }

        int getNowOrCancelled() {
            try {
                return task.getNow(NOT_DONE);
            } catch (CancellationException e) {
                return CANCELLED_RESULT;
            }
        }
    }

    /** Cancel against the three ways to run. */
    public static class RunOrCancel extends TaskFixture {
        @Operation
        public void help() {
            task.help();
        }

        /** @return whether the queue had an entry */
        @Operation
        public boolean workerTurn() {
            return pollAndRun();
        }

        /** @return the result, or {@link #CANCELLED_RESULT} */
        @Operation(blocking = true)
        public int join() {
            return joinOrCancelled();
        }

        @Operation
        public boolean cancel() {
            boolean cancelled = task.cancel();
            if (cancelled) {
                cancels.incrementAndGet();
            }
            return cancelled;
        }

        @Operation
        public boolean isCancelled() {
            return task.isCancelled();
        }

        /** The task ran once or was cancelled once, not both; isDone and getNow agree. */
        @Validate
        public void ranOrCancelledOnce() {
            int runs = work.runs;
            int cancelled = cancels.get();
            check(runs + cancelled <= 1, runs + " runs and " + cancelled + " cancellations");
            check(task.isCancelled() == (cancelled == 1), "isCancelled " + task.isCancelled());
            check(task.isDone() == (runs + cancelled == 1), "isDone " + task.isDone());
            int expected = runs == 1 ? 1 : cancelled == 1 ? CANCELLED_RESULT : NOT_DONE;
            check(getNowOrCancelled() == expected, "getNow " + getNowOrCancelled());
        }
    }

    /**
     * Resubmit and the result readers against the three ways to run. In the parallel part one thread
     * calls {@code help} and {@code workerTurn}, the other {@code join}, {@code resubmit}, {@code getNow}
     * and {@code isDone}.
     */
    public static class Resubmit extends TaskFixture {
        /** Successful {@code resubmit} calls. */
        private final AtomicInteger resubmits = new AtomicInteger();

        @Operation(nonParallelGroup = "helper")
        public void help() {
            task.help();
        }

        /** @return whether the queue had an entry */
        @Operation(nonParallelGroup = "helper")
        public boolean workerTurn() {
            return pollAndRun();
        }

        /** @return the result */
        @Operation(blocking = true, nonParallelGroup = "owner")
        public int join() {
            return joinOrCancelled();
        }

        /** @return whether the task was resubmitted; false if it was queued or running */
        @Operation(nonParallelGroup = "owner")
        public boolean resubmit() {
            try {
                task.resubmit();
            } catch (IllegalStateException notFinished) {
                return false;
            }
            resubmits.incrementAndGet();
            return true;
        }

        /** @return the result, or {@link #NOT_DONE} */
        @Operation(nonParallelGroup = "owner")
        public int getNow() {
            return getNowOrCancelled();
        }

        @Operation(nonParallelGroup = "owner")
        public boolean isDone() {
            return task.isDone();
        }

        /** Every submission but a still queued last one ran exactly once; getNow gives the last run. */
        @Validate
        public void eachSubmissionRanOnce() {
            int runs = work.runs;
            int submissions = 1 + resubmits.get();
            check(runs == (task.isDone() ? submissions : submissions - 1), runs + " runs for " + submissions + " submissions");
            check(getNowOrCancelled() == (task.isDone() ? runs : NOT_DONE), "getNow " + getNowOrCancelled());
        }
    }

    /**
     * The task as a sequential state machine: queued, done or cancelled, with the count of its entries
     * in the queue. Cancelled and already run entries stay until polled; a submission to a full queue
     * runs at once.
     */
    public static class TaskSpec {
        private static final int QUEUED = 0;
        private static final int DONE = 1;
        private static final int CANCELLED = 2;

        private int state = QUEUED;
        private int queueEntries = 1;
        private int runs;

        public boolean cancel() {
            if (state != QUEUED) {
                return false;
            }
            state = CANCELLED;
            return true;
        }

        public boolean isCancelled() {
            return state == CANCELLED;
        }

        public void help() {
            if (state == QUEUED) {
                run();
            }
        }

        public boolean workerTurn() {
            if (queueEntries == 0) {
                return false;
            }
            queueEntries--;
            if (state == QUEUED) {
                run();
            }
            return true;
        }

        public int join() {
            if (state == QUEUED) {
                run();
            }
            return state == CANCELLED ? CANCELLED_RESULT : runs;
        }

        public boolean resubmit() {
            if (state == QUEUED) {
                return false;
            }
            state = QUEUED;
            if (queueEntries == QUEUE_CAPACITY) {
                run();
            } else {
                queueEntries++;
            }
            return true;
        }

        public int getNow() {
            switch (state) {
                case DONE: return runs;
                case CANCELLED: return CANCELLED_RESULT;
                default: return NOT_DONE;
            }
        }

        public boolean isDone() {
            return state != QUEUED;
        }

        private void run() {
            runs++;
            state = DONE;
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
