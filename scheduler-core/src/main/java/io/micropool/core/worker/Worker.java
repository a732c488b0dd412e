package io.micropool.core.worker;

import io.micropool.core.foreground.Claim;
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.PairPath;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.WorkRequests;
import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.sleep.ArrivalCadence;
import io.micropool.core.sleep.SleepDescriptor;
import io.micropool.core.sleep.Spin;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The loop of one worker thread: search every advertised foreground job and run what it claims; only
 * when there is none, take the oldest background task; after that task, look at foreground work again
 * before the next one. When there is nothing, spin for the budget, then sleep until woken — or, with
 * spin-ahead on and a steady cadence of arrivals learnt ({@link ArrivalCadence}), sleep until shortly
 * before the next arrival is due and spin for it, so that the call finds a spinner and wakes nobody.
 *
 * <p>Counting: the worker is counted a spinner in the {@code IdleCounts} from the moment it finds no work
 * until it claims a unit, and a sleeper while parked. Publishers skip the wake-up while some worker spins.
 * Over the same span it raises a {@link WorkRequests} request, so that busy threads offer the latent
 * halves of their two-half calls; while it sleeps the request counts as a parked one.
 */
public final class Worker {
    private final ForegroundScheduler foreground;
    private final PairPath pairs;
    private final BackgroundScheduler background;
    private final Sleepers sleepers;
    private final WorkRequests requests;
    private final SpinPolicy spin;
    private final int index;
    private final BooleanSupplier closed;
    /** The re-check before parking: work advertised or queued, or the pool closes (made once, not per sleep). */
    private final BooleanSupplier workOrClose;
    private final Consumer<Participant> onStart;
    /** Runs the user's start hook on this worker and lets the pool's builder know it is done. */
    private final WorkerStart start;
    /** The user's exit hook, called on this worker's thread before it ends; null for none. */
    private final IntConsumer exitHook;
    /** This worker's counters: set once, before its thread starts ({@code Thread.start} publishes them). */
    private ThreadCounters counters;
    /** When work arrived for this worker, if spin-ahead is on (else null); this worker's thread only. */
    private ArrivalCadence cadence;

    /**
     * @param index   this worker's index, in {@code [0, workers)}
     * @param closed  reads true once the pool closes
     * @param onStart called on the worker thread with its participant before the loop starts (the pool
     *                binds it to the thread so that calls made by units find it)
     * @param start    runs the user's start hook, after {@code onStart}, before the worker takes any work
     * @param exitHook called on the worker thread before it ends, if its start hook returned normally;
     *                 null for none
     */
    public Worker(ForegroundScheduler foreground, PairPath pairs, BackgroundScheduler background, Sleepers sleepers,
                  SpinPolicy spin, int index, BooleanSupplier closed, Consumer<Participant> onStart,
                  WorkerStart start, IntConsumer exitHook) {
        this.foreground = foreground;
        this.pairs = pairs;
        this.background = background;
        this.sleepers = sleepers;
        this.requests = foreground.requests();
        this.spin = spin;
        this.index = index;
        this.closed = closed;
        this.workOrClose = () -> hasWork() || closed.getAsBoolean();
        this.onStart = onStart;
        this.start = start;
        this.exitHook = exitHook;
    }

    /**
     * Gives the worker the counters registered for its thread; called once, before the thread starts, so
     * that the pool's statistics list every worker from the start.
     */
    public void useCounters(ThreadCounters counters) {
        if (this.counters != null) {
            throw new IllegalStateException("counters already set");
        }
        this.counters = counters;
    }

    /**
     * @return the runnable to give the worker's thread: it runs this worker, and holds it no longer than
     *         that. On JDK 19 and later a thread that has ended keeps its runnable, and an ended worker
     *         thread stays reachable from the pool's parts (the sleep registry, the job owners); were that
     *         runnable this worker, every thread's participant would reach the pool's {@code ThreadLocal} of
     *         participants through it, and no thread's entry would ever let a dropped pool go (see
     *         {@code ShutdownFlag}).
     */
    public Runnable task() {
        return new Task(this);
    }

    /** The worker's thread's runnable; see {@link #task()}. */
    private static final class Task implements Runnable {
        /** Set at creation, taken (and dropped) by the thread when it starts: Thread.start orders the two. */
        private Worker worker;

        Task(Worker worker) {
            this.worker = worker;
        }

        @Override
        public void run() {
            Worker running = worker;
            worker = null;
            if (running != null) {
                running.run();
            }
        }
    }

    /** The worker's life on its thread, from start to exit; only {@link Task} calls it. */
    private void run() {
        Participant self = new Participant(Thread.currentThread(), spin.newSpin(), index, counters, pairs);
        onStart.accept(self);
        boolean started = start.arrive(index);
        try {
            work(self);
        } finally {
            if (started && exitHook != null) {
                runExitHook();
            }
        }
    }

    /**
     * Calls the exit hook; what it throws goes to this thread's uncaught-exception handler (the thread
     * ends anyway, and {@code close()} still returns).
     */
    private void runExitHook() {
        try {
            exitHook.accept(index);
        } catch (Throwable failure) {
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
        }
    }

    /** The worker loop: search, run, spin, sleep, until the pool closes and its queue is drained. */
    private void work(Participant self) {
        cadence = spin.newCadence();
        boolean spinning = false;
        while (true) {
            long claim = foreground.claimAny();
            if (claim != Claim.NONE) {
                if (spinning) {
                    stopAsking();
                    spinning = false;
                    // After the spinner count fell: a publisher may have counted on this worker meanwhile.
                    foreground.passOn(self, claim, background.hasQueued());
                }
                foreground.runClaimed(self, claim, ThreadCounters.UNITS_RUN_BY_IDLE_WORKER);
                // An interrupt is the units' business, never the next unit's or task's: cleared, as
                // after a task (RunningTasks.finished), and as a ForkJoinPool worker clears its own.
                Thread.interrupted();
                continue;
            }
            BackgroundTask<?> task = background.poll();
            if (task != null) {
                if (spinning) {
                    stopAsking();
                    spinning = false;
                    foreground.passOn(self, Claim.NONE, background.hasQueued());
                }
                background.runPolled(self, task);
                continue;
            }
            if (!spinning) {
                startAsking();
                spinning = true;
            }
            if (cadence != null && !cadence.isIdle()) {
                // Idle from here, unless the last search already was (work seen, then gone before the claim).
                cadence.idle(System.nanoTime());
            }
            if (closed.getAsBoolean() && background.isDrained()) {
                break;
            }
            if (spinUntilWorkOrBudget(self, spin.budgetNanos(), false)) {
                continue;
            }
            if (cadence != null && !sleepThroughCadence(self)) {
                continue;
            }
            sleep(self, Sleepers.NO_DEADLINE);
        }
        stopAsking();
    }

    /**
     * Spin-ahead: while the cadence expects an arrival, sleeps until {@link SpinPolicy#aheadNanos} before
     * it, then spins, counted an ahead spinner ({@link Sleepers#openAheadWindow}), until a spin budget after
     * it. An arrival that comes while the worker still sleeps wakes it as any work does. A call that comes
     * and goes while it spins without its seeing it — the caller ran it alone within a few hundred
     * nanoseconds — is stamped by its publisher and still counts as an arrival; the worker then sleeps
     * through to the next one.
     *
     * @return true if the worker should now sleep without a deadline: no arrival is expected, or the one
     *         expected did not come; false if work may have come, or the pool closes, and the worker
     *         should search again
     */
    private boolean sleepThroughCadence(Participant self) {
        long budget = spin.budgetNanos();
        while (true) {
            long expected = cadence.expectedNanos();
            if (expected == ArrivalCadence.NONE) {
                return true;
            }
            long now = System.nanoTime();
            if (expected + budget - now <= 0) {
                // The expected arrival is over: nothing to spin for until new arrivals make a cadence again.
                return true;
            }
            long wakeAt = expected - spin.aheadNanos();
            if (wakeAt - now > 0 && !sleep(self, wakeAt)) {
                return false;
            }
            sleepers.openAheadWindow();
            boolean seen = spinUntilWorkOrBudget(self, expected + budget - System.nanoTime(), true);
            sleepers.closeAheadWindow();
            if (seen) {
                return false;
            }
            // The window is closed: look for work first, then for a stamp (the order closeAheadWindow needs).
            boolean advertised = hasWork();
            long call = sleepers.aheadCall();
            if (call != SleepDescriptor.NO_CALL) {
                cadence.arrived(call);
            } else if (advertised) {
                cadence.arrived(System.nanoTime());
            }
            if (advertised || closed.getAsBoolean()) {
                return false;
            }
            if (call == SleepDescriptor.NO_CALL) {
                // Nothing came: sleep untimed; the expectation, now in the past, is ignored from here on.
                return true;
            }
            // A call came and went unseen: idle again from now, and sleep through to the next arrival.
            cadence.idle(System.nanoTime());
        }
    }

    /**
     * Falls asleep (the sleep protocol of {@code core.sleep}) until woken, or until {@code deadline}
     * ({@link Sleepers#NO_DEADLINE} for none).
     *
     * @return true if it slept until the deadline and took its sleep back before any waker woke it; false
     *         if it was woken, found work at the re-check, or the pool closes
     */
    private boolean sleep(Participant self, long deadline) {
        // The re-check after announcing sleep: the sleeper's half of the Dekker pair with wakeOne().
        if (!sleepers.announceSleep(index, workOrClose)) {
            return false;
        }
        ParkEvent parkEvent = ParkEvent.begin(true);
        long parkedAt = System.nanoTime();
        // Still asking while asleep, but as a parked asker: busy threads weigh the wake-up an answer costs.
        requests.parking();
        boolean woken = sleepers.awaitWakeUp(index, closed, deadline);
        requests.awake();
        self.countPark(parkedAt, woken, parkEvent);
        if (woken) {
            long wokenAt = sleepers.wokenAt(index);
            sleepers.wakeLatency().record(System.nanoTime() - wokenAt);
            if (cadence != null) {
                // A waker published work: an arrival, at the time the waker stamped (sooner than this clock
                // by the wake-up's latency).
                cadence.arrived(wokenAt);
            }
        }
        // Stopped at the deadline or by the close while still counted a sleeper: the CAS decides against a
        // waker, and either way the worker is a spinner again.
        return !woken && sleepers.cancelSleep(index) && !closed.getAsBoolean();
    }

    /** The worker found no work: it counts as a spinner and asks busy threads for work. */
    private void startAsking() {
        sleepers.startSpinning();
        requests.raise();
    }

    /** The worker found work, or stops: undoes {@link #startAsking}. */
    private void stopAsking() {
        requests.lower();
        sleepers.stopSpinning();
    }

    /** @return whether a foreground job is advertised or a background entry queued (volatile reads) */
    private boolean hasWork() {
        return foreground.anyAdvertised() || !background.isEmpty();
    }

    /**
     * Spins with {@code self}'s {@link Spin} for up to {@code budget} nanoseconds and counts the time spun.
     *
     * @param givingWay whether to yield the CPU now and then ({@link Spin#beginGivingWay}): a worker
     *                  spinning ahead of an expected call does, because a guest scheduler may have put it
     *                  on the CPU of the very thread that is to make that call
     * @return true if work was advertised during the spin, false if the budget ran out or the pool closed
     */
    private boolean spinUntilWorkOrBudget(Participant self, long budget, boolean givingWay) {
        Spin phase = self.spin();
        if (givingWay) {
            phase.beginGivingWay(budget);
        } else {
            phase.begin(budget);
        }
        boolean found = false;
        while (true) {
            if (hasWork()) {
                found = true;
                if (cadence != null && cadence.isIdle()) {
                    cadence.arrived(System.nanoTime());
                }
                break;
            }
            if (!phase.idle() || closed.getAsBoolean()) {
                break;
            }
        }
        self.counters().add(ThreadCounters.SPIN_NANOS, phase.spunNanos());
        return found;
    }
}
