package io.micropool.core.worker;

import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The loop of one worker thread: search every advertised foreground job and run what it claims; only
 * when there is none, take the oldest background task; after that task, look at foreground work again
 * before the next one. When there is nothing, spin for the budget, then sleep until woken.
 *
 * <p>Counting: the worker is counted a spinner in the {@code IdleCounts} from the moment it finds no work
 * until it claims a unit, and a sleeper while parked. Publishers skip the wake-up while some worker spins.
 * Over the same span it raises a {@link WorkRequests} request, so that busy threads offer the latent
 * halves of their two-half calls; while it sleeps the request counts as a parked one.
 */
public final class Worker implements Runnable {
    private final ForegroundScheduler foreground;
    private final PairPath pairs;
    private final BackgroundScheduler background;
    private final Sleepers sleepers;
    private final WorkRequests requests;
    private final SpinPolicy spin;
    private final int index;
    private final BooleanSupplier closed;
    private final Consumer<Participant> onStart;
    /** This worker's counters: set once, before its thread starts ({@code Thread.start} publishes them). */
    private ThreadCounters counters;

    /**
     * @param index   this worker's index, in {@code [0, workers)}
     * @param closed  reads true once the pool closes
     * @param onStart called on the worker thread with its participant before the loop starts (the pool
     *                binds it to the thread so that calls made by units find it)
     */
    public Worker(ForegroundScheduler foreground, PairPath pairs, BackgroundScheduler background, Sleepers sleepers,
                  SpinPolicy spin, int index, BooleanSupplier closed, Consumer<Participant> onStart) {
        this.foreground = foreground;
        this.pairs = pairs;
        this.background = background;
        this.sleepers = sleepers;
        this.requests = foreground.requests();
        this.spin = spin;
        this.index = index;
        this.closed = closed;
        this.onStart = onStart;
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

    @Override
    public void run() {
        Participant self = new Participant(Thread.currentThread(), spin.newStrategy(), index, counters, pairs);
        onStart.accept(self);
        boolean spinning = false;
        while (true) {
            int slot = foreground.claimAny(self);
            if (slot >= 0) {
                if (spinning) {
                    stopAsking();
                    spinning = false;
                }
                foreground.runClaimed(self, slot, self.claimWord, ThreadCounters.UNITS_RUN_BY_IDLE_WORKER);
                continue;
            }
            BackgroundTask<?> task = background.poll();
            if (task != null) {
                if (spinning) {
                    stopAsking();
                    spinning = false;
                }
                background.runPolled(task);
                continue;
            }
            if (!spinning) {
                startAsking();
                spinning = true;
            }
            if (closed.getAsBoolean() && background.isDrained()) {
                break;
            }
            if (spinUntilWorkOrBudget(self)) {
                continue;
            }
            sleepers.prepareSleep(index);
            // The re-check after announcing sleep: the sleeper's half of the Dekker pair with wakeOne().
            if (hasWork() || closed.getAsBoolean()) {
                sleepers.cancelSleep(index);
                continue;
            }
            ParkEvent parkEvent = ParkEvent.begin(true);
            long parkedAt = System.nanoTime();
            // Still asking while asleep, but as a parked asker: busy threads weigh the wake-up an answer costs.
            requests.parking();
            boolean woken = sleepers.awaitWakeUp(index, closed);
            requests.awake();
            self.countPark(parkedAt, woken, parkEvent);
            if (!woken) {
                sleepers.cancelSleep(index);
            }
        }
        stopAsking();
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
     * Spins with {@code self}'s strategy and counts the time spun ({@link SpinPolicy#estimateNanos}).
     *
     * @return true if work was advertised during the spin, false if the budget ran out or the pool closed
     */
    private boolean spinUntilWorkOrBudget(Participant self) {
        IdleStrategy idle = self.idle;
        idle.reset();
        long start = spin.startNanos();
        for (int i = 1; ; i++) {
            if (hasWork()) {
                self.counters.add(ThreadCounters.SPIN_NANOS, spin.estimateNanos(i));
                return true;
            }
            if (spin.expired(start, i)) {
                self.counters.add(ThreadCounters.SPIN_NANOS, spin.budgetNanos());
                return false;
            }
            if (closed.getAsBoolean()) {
                self.counters.add(ThreadCounters.SPIN_NANOS, spin.estimateNanos(i));
                return false;
            }
            idle.idle();
        }
    }
}
