package io.micropool.core.sleep;

import io.micropool.core.memory.OffHeapBuffer;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.micropool.core.sleep.SleepDescriptor.AHEAD_CALL_OFFSET;
import static io.micropool.core.sleep.SleepDescriptor.AWAKE;
import static io.micropool.core.sleep.SleepDescriptor.IDLE_COUNTS_OFFSET;
import static io.micropool.core.sleep.SleepDescriptor.NO_CALL;
import static io.micropool.core.sleep.SleepDescriptor.SLEEPING;
import static io.micropool.core.sleep.SleepDescriptor.flagOffset;
import static io.micropool.core.sleep.SleepDescriptor.wakeStampOffset;

/**
 * How idle workers fall asleep and how work wakes them; see the package documentation for the protocol
 * and why no wake-up is lost.
 *
 * <p>Wake-ups are signalled, never polled: {@link #wakeOne} unparks one sleeping worker, and only when no
 * worker is spinning (a spinner will find the work by itself). A thread that publishes a job calls it
 * once; a worker that claims a unit and sees more unclaimed units calls it again, so the wake-ups of one
 * job spread from thread to thread and are never more than the job has spare units.
 *
 * <p>Two stamps tell a worker that learns a cadence of arrivals ({@link ArrivalCadence}) when work came
 * even where it did not see it itself: a waker stamps the time of its wake-up in the worker's region
 * before its CAS ({@link #wokenAt}), so that a woken worker need not take its own late clock for the
 * arrival; and a publisher that skips the wake-up because a worker spins <em>ahead</em> of an expected
 * arrival stamps its call for that worker ({@link #openAheadWindow}), so that a call which the worker
 * missed — published and taken back by its caller within a few hundred nanoseconds — still counts.
 */
public final class Sleepers {
    /** Deadline of {@link #awaitWakeUp(int, BooleanSupplier, long)} meaning none. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private final OffHeapBuffer memory;
    private final Thread[] workers;
    /** How long woken workers take to run, measured by them from the wake stamps. */
    private final WakeLatency wakeLatency = new WakeLatency();

    /** @param workers the number of workers, at least 1 */
    public Sleepers(int workers) {
        this.memory = OffHeapBuffer.allocate(SleepDescriptor.length(workers));
        this.workers = new Thread[workers];
    }

    /**
     * Registers worker {@code index}'s thread; called once, before the thread starts (Thread.start
     * publishes it to the worker and to any waker that starts later).
     */
    public void register(int index, Thread thread) {
        workers[index] = thread;
    }

    /** @return the running average of how long a woken worker takes to run, which woken workers update */
    public WakeLatency wakeLatency() {
        return wakeLatency;
    }

    /** @return the current idle counts ({@link IdleCounts}), volatile read */
    public long idleCounts() {
        return memory.getLongVolatile(IDLE_COUNTS_OFFSET);
    }

    /**
     * @return whether some worker is spinning, so will find newly advertised work without a wake-up. If
     *         one of the spinners spins ahead of an expected arrival, the call is stamped for it first
     *         (see {@link #openAheadWindow}); without spin-ahead this is one volatile read.
     */
    public boolean anySpinning() {
        return spinnerWillLook(idleCounts());
    }

    /** @return whether {@code counts} has a spinner; stamps the caller's call if one spins ahead */
    private boolean spinnerWillLook(long counts) {
        if (IdleCounts.spinners(counts) == 0) {
            return false;
        }
        if (IdleCounts.aheadSpinners(counts) != 0
            && memory.getLongOpaque(AHEAD_CALL_OFFSET) == NO_CALL) {
            // The first call of the window stamps it; a lost CAS means another caller's call came first.
            // Written before the caller can take its work back (the withdraw is a later volatile write),
            // so a worker that closes its window and misses the work reads the stamp (closeAheadWindow).
            memory.compareAndSetLong(AHEAD_CALL_OFFSET, NO_CALL, System.nanoTime());
        }
        return true;
    }

    /**
     * The calling worker, a spinner, opens a spin-ahead window: until {@link #closeAheadWindow} it counts
     * as an ahead spinner as well, and the first publisher that skips a wake-up meanwhile stamps its call.
     * The stamp is reset first (volatile store); the {@code getAndAdd} that counts the worker ahead
     * follows it, so a publisher whose volatile read of the counts sees the worker ahead also sees the
     * reset, and stamps. With two workers ahead at once, the later opening resets the earlier one's stamp:
     * that worker may miss a call, as it would without the stamp.
     */
    public void openAheadWindow() {
        memory.setLongVolatile(AHEAD_CALL_OFFSET, NO_CALL);
        memory.getAndAddLong(IDLE_COUNTS_OFFSET, IdleCounts.AHEAD_UNIT);
    }

    /**
     * Closes the calling worker's spin-ahead window ({@code getAndAdd}, after which no new publisher sees
     * it ahead). To learn whether a call came meanwhile, the worker must then look for advertised work
     * (volatile reads) and, if it finds none, read {@link #aheadCall}: a publisher that saw the worker
     * ahead set its advertise bit before, and stamped before it withdrew that bit, so the worker sees one
     * or the other (jcstress {@code SleepWakeStress.AheadCallVersusWindowEnd}).
     */
    public void closeAheadWindow() {
        memory.getAndAddLong(IDLE_COUNTS_OFFSET, -IdleCounts.AHEAD_UNIT);
    }

    /**
     * @return when the first call of the latest spin-ahead window was published ({@link System#nanoTime}),
     *         or {@link SleepDescriptor#NO_CALL} if none was (volatile read)
     */
    public long aheadCall() {
        return memory.getLongVolatile(AHEAD_CALL_OFFSET);
    }

    /**
     * @return when the waker that last woke worker {@code index} woke it ({@link System#nanoTime}); read
     *         by that worker after {@link #awaitWakeUp} returned true, when the acquire read of its flag
     *         has made the stamp written before the waker's CAS visible
     */
    public long wokenAt(int index) {
        return memory.getLongOpaque(wakeStampOffset(index));
    }

    /** The calling worker found no work and starts spinning. */
    public void startSpinning() {
        memory.getAndAddLong(IDLE_COUNTS_OFFSET, IdleCounts.SPINNER_UNIT);
    }

    /** The calling worker, spinning, found work. */
    public void stopSpinning() {
        memory.getAndAddLong(IDLE_COUNTS_OFFSET, -IdleCounts.SPINNER_UNIT);
    }

    /**
     * Step 1 of falling asleep, for a spinning worker: sets its flag to SLEEPING, then moves it from the
     * spinners to the sleepers. Both are volatile writes, ordered before the caller's re-check of the
     * advertise masks (a volatile read): this is the sleeper's half of the Dekker pair whose other half is
     * {@link #wakeOne}'s read of the idle counts after the publisher's advertise-bit set.
     *
     * <p>The caller must then re-check for work and either {@link #cancelSleep} or {@link #awaitWakeUp}.
     */
    public void prepareSleep(int index) {
        memory.setIntVolatile(flagOffset(index), SLEEPING);
        memory.getAndAddLong(IDLE_COUNTS_OFFSET, IdleCounts.SPINNER_TO_SLEEPER);
    }

    /**
     * Steps 1 and 2 of falling asleep, the sleeper's half of the Dekker pair with {@link #wakeOne}:
     * {@link #prepareSleep}, then the re-check {@code work} (which must read what publishers write before
     * they call {@code wakeOne}, with volatile reads), and if it finds work {@link #cancelSleep}. The worker
     * loop falls asleep through this method, and the stress tests of the sleep protocol call it as the
     * worker's side ({@code SleepWakeStress}).
     *
     * @param index the worker
     * @param work  the re-check: whether there is work (or another reason not to park)
     * @return true if the worker is now counted as a sleeper and may {@link #awaitWakeUp}; false if the
     *         re-check found work and the worker is a spinner again (its sleep taken back, or a waker's)
     */
    public boolean announceSleep(int index, BooleanSupplier work) {
        prepareSleep(index);
        if (work.getAsBoolean()) {
            cancelSleep(index);
            return false;
        }
        return true;
    }

    /**
     * Takes back {@link #prepareSleep} after the re-check found work. Exactly one of this CAS and a
     * waker's CAS in {@link #wakeOne} wins; the winner moves the worker back to the spinners. Either way
     * the caller is a spinner again when this returns.
     *
     * @return true if this call took the sleep back, false if a waker had already woken the worker
     */
    public boolean cancelSleep(int index) {
        if (memory.compareAndSetInt(flagOffset(index), SLEEPING, AWAKE)) {
            memory.getAndAddLong(IDLE_COUNTS_OFFSET, IdleCounts.SLEEPER_TO_SPINNER);
            return true;
        }
        return false;
    }

    /**
     * Parks the calling worker until a waker sets its flag back to AWAKE (and so counted it a spinner
     * again), or until {@code stop} reads true. Spurious returns from park are absorbed; the interrupt
     * status is cleared, because a worker has nobody to report it to.
     *
     * @return true if woken, false if stopped while still counted a sleeper
     */
    public boolean awaitWakeUp(int index, BooleanSupplier stop) {
        return awaitWakeUp(index, stop, NO_DEADLINE);
    }

    /**
     * As {@link #awaitWakeUp(int, BooleanSupplier)}, but stops waiting at
     * {@code deadlineNanos} ({@link System#nanoTime}; {@link #NO_DEADLINE} for none). A worker that stops
     * at its deadline is still counted a sleeper and may be woken at any moment: it must
     * {@link #cancelSleep}, whose CAS decides against a waker's exactly as after a re-check that found
     * work.
     *
     * @return true if woken, false if stopped or past the deadline while still counted a sleeper
     */
    public boolean awaitWakeUp(int index, BooleanSupplier stop, long deadlineNanos) {
        int offset = flagOffset(index);
        // Acquire: pairs with the CAS in wakeOne(); what the waker published before waking is visible.
        while (memory.getIntAcquire(offset) == SLEEPING) {
            if (stop.getAsBoolean()) {
                return false;
            }
            if (deadlineNanos == NO_DEADLINE) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            Thread.interrupted();
        }
        return true;
    }

    /**
     * Wakes one sleeping worker if no worker is spinning. Called after work was advertised: the volatile
     * read of the idle counts comes after the advertise bit's volatile set (the publisher's half of the
     * Dekker pair). Either this read sees a worker that announced sleep, or that worker's re-check sees
     * the advertise bit.
     *
     * @return true if a worker was unparked
     */
    public boolean wakeOne() {
        long counts = memory.getLongVolatile(IDLE_COUNTS_OFFSET);
        if (spinnerWillLook(counts) || IdleCounts.sleepers(counts) == 0) {
            return false;
        }
        Thread[] threads = workers;
        for (int i = 0; i < threads.length; i++) {
            if (tryWake(i)) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every worker, sleeping or not: used when the pool closes. */
    public void wakeAll() {
        for (int i = 0; i < workers.length; i++) {
            tryWake(i);
            Thread thread = workers[i];
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    private boolean tryWake(int index) {
        int offset = flagOffset(index);
        if (memory.getIntVolatile(offset) != SLEEPING) {
            return false;
        }
        // The stamp goes before the CAS, whose release makes it visible to the worker (wokenAt). A waker
        // that loses the CAS may overwrite it with a time as close to the wake-up.
        memory.setLongOpaque(wakeStampOffset(index), System.nanoTime());
        // The CAS decides between this waker, other wakers and the worker's own cancelSleep(): one wins.
        if (memory.compareAndSetInt(offset, SLEEPING, AWAKE)) {
            memory.getAndAddLong(IDLE_COUNTS_OFFSET, IdleCounts.SLEEPER_TO_SPINNER);
            LockSupport.unpark(workers[index]);
            return true;
        }
        return false;
    }
}
