package io.micropool.perf.showcase;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that keeps a pool's {@link BackgroundSlots} full: every
 * {@value #REFILL_PERIOD_NANOS} ns it relaunches each slot whose task has finished.
 *
 * <p>Why a thread of its own, rather than topping up from the frame loop: submitting is then no part of
 * any frame, so the frame latency measures only the frame's own work and what the pool does to it.
 * Why this period: pools get two slots per thread that runs background tasks, so when a task ends, the
 * thread that ran it still finds the second one queued; the feeder has a whole task (2 ms) to refill the
 * slot, and it wakes eight times as often. The cost is a few microseconds of CPU per wake-up.
 */
final class BackgroundFeeder {
    /** How often the feeder looks for finished tasks. */
    static final long REFILL_PERIOD_NANOS = 250_000;
    /** How long {@link #stop()} waits for the tasks in flight to finish before it gives up. */
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BackgroundSlots slots;
    private final BackgroundLoad load;
    private final Thread thread;
    /** Cleared by {@link #stop()} on the main thread, read by the feeder thread before each round. */
    private volatile boolean running = true;

    private BackgroundFeeder(String poolName, BackgroundSlots slots, BackgroundLoad load) {
        this.slots = slots;
        this.load = load;
        this.thread = new Thread(this::feed, "showcase-feeder-" + poolName);
        // Daemon, so that a failure on the main thread can never leave the JVM running.
        thread.setDaemon(true);
    }

    /**
     * Fills every slot and starts refilling them.
     *
     * @param poolName names the feeder thread
     * @param slots    the pool's slots, launched with {@code load}'s task
     * @param load     the background load, stopped by {@link #stop()}
     * @return the running feeder
     */
    static BackgroundFeeder start(String poolName, BackgroundSlots slots, BackgroundLoad load) {
        BackgroundFeeder feeder = new BackgroundFeeder(poolName, slots, load);
        feeder.thread.start();
        return feeder;
    }

    private void feed() {
        int size = slots.size();
        while (running) {
            for (int slot = 0; slot < size; slot++) {
                if (slots.isIdle(slot)) {
                    slots.launch(slot);
                }
            }
            LockSupport.parkNanos(REFILL_PERIOD_NANOS);
        }
    }

    /**
     * Stops feeding, makes the queued tasks return at once, and waits until every task in flight has
     * finished, so that the next run starts on a quiet pool.
     *
     * @throws IllegalStateException if tasks are still in flight after 10 s
     */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        joinUninterruptibly(thread);
        load.stop();
        long deadline = System.nanoTime() + STOP_TIMEOUT_NANOS;
        while (!allIdle()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("background tasks still running 10 s after the load stopped");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private boolean allIdle() {
        for (int slot = 0; slot < slots.size(); slot++) {
            if (!slots.isIdle(slot)) {
                return false;
            }
        }
        return true;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
