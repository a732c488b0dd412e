package io.micropool.stress;

import io.micropool.api.Task;
import io.micropool.core.foreground.Participant;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.RejectedExecutionException;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The background tier's protocols: the task state machine (run versus cancel, completion publication,
 * a blocking join on a running task) and the admission gate (offer versus close).
 */
public final class TaskStress {

    private TaskStress() {
    }

    /** A small background tier with one queued task, whose work counts its runs. */
    abstract static class OneQueuedTask {
        final BackgroundScheduler scheduler;
        /** Worker 0, as the worker actor passes itself (its thread never started, its counters its own). */
        final Participant worker = StressFixtures.worker(0);
        final Task<Integer> task;
        int runs;

        OneQueuedTask() {
            Sleepers sleepers = new Sleepers(1);
            sleepers.register(0, StressFixtures.NEVER_STARTED);
            scheduler = StressFixtures.background(sleepers);
            task = scheduler.spawn(() -> ++runs);
        }

        /** What a worker does: poll the entry and run it if it is still queued. */
        void workerTurn() {
            BackgroundTask<?> polled = scheduler.poll();
            if (polled != null) {
                scheduler.runPolled(worker, polled);
            }
        }
    }

    @JCStressTest
    @Description("A worker polls and runs a queued task while another thread cancels it. r1: cancel() "
        + "returned true; r2: how many times the work ran (read after both, by the cancelling thread).")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Cancel won the CAS from QUEUED: the work never ran.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The worker won the CAS from QUEUED: it ran once, cancel failed.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither won, or the work ran twice.")
    @State
    public static class RunVersusCancel extends OneQueuedTask {
        @Actor
        public void worker() {
            workerTurn();
        }

        @Actor
        public void canceller(II_Result r) {
            r.r1 = task.cancel() ? 1 : 0;
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = runs;
        }
    }

    @JCStressTest
    @Description("A worker polls and runs a queued task while another thread calls help() on it. r1: the "
        + "result seen by help()'s thread through getNow(-1) right after; r2: runs of the work.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "One of them ran it once; help's thread sees the result.")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "The worker runs it; help returned at once, before it finished.")
    @Outcome(expect = FORBIDDEN, desc = "The work ran twice or never, or a stale result.")
    @State
    public static class RunVersusHelp extends OneQueuedTask {
        @Actor
        public void worker() {
            workerTurn();
        }

        @Actor
        public void helper(II_Result r) {
            task.help();
            r.r1 = task.getNow(-1);
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = runs;
        }
    }

    @JCStressTest
    @Description("Completion publication: the work builds an object with plain writes; a reader polls with "
        + "getNow(null). r1: -1 if not done yet, else the object's field; r2: the object's second field.")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "Not done yet when read.")
    @Outcome(id = "42, 43", expect = ACCEPTABLE, desc = "Done: the result and everything the work wrote are visible.")
    @Outcome(expect = FORBIDDEN, desc = "A final state with a stale or half-written result.")
    @State
    public static class CompletionPublication {
        static final class Holder {
            int a;
            int b;
        }

        final BackgroundScheduler scheduler;
        /** Worker 0, as the worker actor passes itself (its thread never started, its counters its own). */
        final Participant worker = StressFixtures.worker(0);
        final Task<Holder> task;

        public CompletionPublication() {
            Sleepers sleepers = new Sleepers(1);
            sleepers.register(0, StressFixtures.NEVER_STARTED);
            scheduler = StressFixtures.background(sleepers);
            task = scheduler.spawn(() -> {
                Holder h = new Holder();
                h.a = 42;
                h.b = 43;
                return h;
            });
        }

        @Actor
        public void worker() {
            BackgroundTask<?> polled = scheduler.poll();
            if (polled != null) {
                scheduler.runPolled(worker, polled);
            }
        }

        @Actor
        public void reader(II_Result r) {
            Holder h = task.getNow(null);
            if (h == null) {
                r.r1 = -1;
                r.r2 = -1;
            } else {
                r.r1 = h.a;
                r.r2 = h.b;
            }
        }
    }

    @JCStressTest
    @Description("join() racing with the worker that runs the task, with a zero spin budget so that a joiner "
        + "that finds the task running parks at once (the waiter-stack protocol). r1: join's "
        + "result; r2: runs of the work. A lost notification would hang the joiner.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Run once, by the worker or by the joiner; join returned its result.")
    @Outcome(expect = FORBIDDEN, desc = "The work ran twice or never, or join returned something else.")
    @State
    public static class JoinVersusRun extends OneQueuedTask {
        @Actor
        public void worker() {
            workerTurn();
        }

        @Actor
        public void joiner(II_Result r) {
            r.r1 = task.join();
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = runs;
        }
    }

    @JCStressTest
    @Description("join() with a zero spin budget on a task another thread has already started, racing with "
        + "its completion: the joiner pushes its waiter node, sets WAITERS and parks, or reads the final "
        + "state first. r1: join's result; r2: 1 if a waiter node is left on the stack once both are done. "
        + "A lost wake-up would hang the joiner.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "join returned the result; the joiner's node was taken or popped.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "A node left behind by the only joiner.")
    @Outcome(expect = FORBIDDEN, desc = "join returned something else.")
    @State
    public static class JoinVersusComplete extends OneQueuedTask {
        private final BackgroundTask<Integer> started = (BackgroundTask<Integer>) task;

        JoinVersusComplete() {
            if (scheduler.poll() != task || !started.tryStart()) {
                throw new IllegalStateException("the task must be started by the completer");
            }
        }

        @Actor
        public void completer() {
            started.runStarted(false);
        }

        @Actor
        public void joiner(II_Result r) {
            r.r1 = task.join();
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = started.hasWaiterNodes() ? 1 : 0;
        }
    }

    @JCStressTest
    @Description("spawn() versus close() of the background tier. r1: 1 if spawn was accepted, 0 if rejected; "
        + "r2: entries in the queue when close() returned (read by the closing thread).")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Accepted before close: queued before close() returned.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Rejected: the gate was closed.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Accepted, but not in the queue when close() returned: could be lost.")
    @Outcome(expect = FORBIDDEN, desc = "Rejected but queued, or anything else.")
    @State
    public static class OfferVersusClose {
        final BackgroundScheduler scheduler;

        public OfferVersusClose() {
            Sleepers sleepers = new Sleepers(1);
            sleepers.register(0, StressFixtures.NEVER_STARTED);
            scheduler = StressFixtures.background(sleepers);
        }

        @Actor
        public void submitter(II_Result r) {
            try {
                scheduler.spawn(() -> 1);
                r.r1 = 1;
            } catch (RejectedExecutionException rejected) {
                r.r1 = 0;
            }
        }

        @Actor
        public void closer(II_Result r) {
            scheduler.close();
            r.r2 = scheduler.queued();
        }
    }
}
