package io.micropool.stress;

import io.micropool.core.task.BackgroundTask;
import io.micropool.core.task.RunningTasks;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The interrupt protocol of {@link RunningTasks}, which {@code shutdownNow} uses: an interrupter interrupts
 * a worker only while it runs a task, and the worker does not leave the task before the interrupt is
 * delivered and cleared — an interrupt never outlives the task it was meant for; also when the task runs
 * another task on its thread (the task that closes a pool drains the queue).
 */
public final class RunningTasksStress {
    private RunningTasksStress() {
    }

    @JCStressTest
    @Description("A worker (actor 1, registered as worker 0) starts a task, then finishes it, then records "
        + "whether its thread is interrupted; an interrupter (actor 2) interrupts every worker running a task. "
        + "r1: the worker's interrupt status after finished(); r2: workers the interrupter interrupted; "
        + "r3: the slot is empty afterwards (1).")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The interrupter came before or after the task.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE,
        desc = "The interrupter interrupted the task; the worker waited for it and cleared the interrupt.")
    @Outcome(id = "1, .*, .*", expect = FORBIDDEN, desc = "An interrupt outlived the task: it would reach later work.")
    @Outcome(expect = FORBIDDEN, desc = "The slot left taken, or any other result.")
    @State
    public static class InterruptVersusTaskEnd {
        private final RunningTasks running = new RunningTasks(1);
        private final BackgroundTask<?> task = StressFixtures.backgroundTask();
        private volatile boolean registered;

        @Actor
        public void worker(III_Result r) {
            running.register(0, Thread.currentThread());
            registered = true;
            if (running.starting(0, task)) {
                running.finished(0, task);
            }
            r.r1 = Thread.interrupted() ? 1 : 0;
        }

        @Actor
        public void interrupter(III_Result r) {
            // Only a registered worker can be running a task; before that the slot is empty anyway.
            r.r2 = registered ? running.interruptAll() : 0;
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = running.interruptAll() == 0 ? 1 : 0;
        }
    }

    @JCStressTest
    @Description("A worker (actor 1, registered as worker 0) starts a task, runs a second task inside it (as "
        + "the task that closes a pool drains the queue on its thread), ends both, then records whether its "
        + "thread is interrupted; an interrupter (actor 2) interrupts every worker running a task. r1: the "
        + "worker's interrupt status after the outer task ended; r2: workers the interrupter interrupted; "
        + "r3: 1 if the outer task took the slot, the nested one left it, and it is empty afterwards.")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The interrupter came before or after the tasks.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE,
        desc = "The interrupter interrupted the tasks; the worker waited for it and cleared the interrupt.")
    @Outcome(id = "1, .*, .*", expect = FORBIDDEN, desc = "An interrupt outlived the tasks: it would reach later work.")
    @Outcome(expect = FORBIDDEN, desc = "The nested task took the slot, the slot left taken, or any other result.")
    @State
    public static class InterruptVersusNestedTask {
        private final RunningTasks running = new RunningTasks(1);
        private final BackgroundTask<?> outer = StressFixtures.backgroundTask();
        private final BackgroundTask<?> inner = StressFixtures.backgroundTask();
        private volatile boolean registered;
        private boolean outerTookSlot;
        private boolean nestedTookSlot;

        @Actor
        public void worker(III_Result r) {
            running.register(0, Thread.currentThread());
            registered = true;
            outerTookSlot = running.starting(0, outer);
            nestedTookSlot = running.starting(0, inner);
            if (nestedTookSlot) {
                running.finished(0, inner);
            }
            if (outerTookSlot) {
                running.finished(0, outer);
            }
            r.r1 = Thread.interrupted() ? 1 : 0;
        }

        @Actor
        public void interrupter(III_Result r) {
            r.r2 = registered ? running.interruptAll() : 0;
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = outerTookSlot && !nestedTookSlot && running.interruptAll() == 0 ? 1 : 0;
        }
    }
}
