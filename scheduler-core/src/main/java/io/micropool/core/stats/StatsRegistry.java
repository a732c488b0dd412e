package io.micropool.core.stats;

import io.micropool.core.Counter;
import io.micropool.core.ThreadStats;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The {@link ThreadCounters} of every thread of one pool, and the sums of those that ended.
 *
 * <p>Registration (once per thread and pool) and snapshots are rare, so both take this object's lock;
 * counting never does. A thread's counters are folded into the ended sums when a registration or a
 * snapshot finds the thread terminated: its termination happens-before {@link Thread#isAlive} returning
 * false, so every count it made is seen. Workers are registered before their threads start, so that a
 * snapshot lists every worker from the pool's creation on. The list therefore holds at most the live threads
 * plus those that ended since the last registration or snapshot.
 *
 * <p>The hot path of a nested {@code join} counts only {@link Counter#PAIRS_KEPT}; the units such a pair
 * submits and runs (two each) are added here, when a snapshot is taken ({@link #derive}).
 */
public final class StatsRegistry {
    /** Counters of the threads registered and not yet seen ended. Guarded by {@code this}. */
    private final List<ThreadCounters> live = new ArrayList<>();
    /** Raw counters summed over the threads that ended, by {@link Counter#ordinal}. Guarded by {@code this}. */
    private final long[] ended = new long[Counter.COUNT];
    /** Number of threads whose counters are in {@link #ended}. Guarded by {@code this}. */
    private long endedThreads;

    /** A snapshot: one entry per live thread (and one for the ended ones, if any), and the totals. */
    public record Snapshot(List<ThreadStats> threads, ThreadStats total) {
    }

    /**
     * @param thread the calling thread, taking part in the pool for the first time
     * @param worker whether it is one of the pool's workers
     * @return its counters, to be written by that thread only
     */
    public synchronized ThreadCounters register(Thread thread, boolean worker) {
        foldEnded();
        ThreadCounters counters = new ThreadCounters(thread, worker);
        live.add(counters);
        return counters;
    }

    /** @return the counters of every thread now, and their totals (allocates; any thread) */
    public synchronized Snapshot snapshot() {
        foldEnded();
        long now = System.nanoTime();
        long[] total = ended.clone();
        List<ThreadStats> threads = new ArrayList<>(live.size() + 1);
        for (ThreadCounters counters : live) {
            long[] values = counters.snapshot();
            for (int c = 0; c < Counter.COUNT; c++) {
                total[c] += values[c];
            }
            boolean worker = counters.isWorker();
            threads.add(new ThreadStats(counters.thread().getName(),
                worker ? ThreadStats.Role.WORKER : ThreadStats.Role.CALLER,
                derive(values), worker ? now - counters.startNanos() : -1));
        }
        if (endedThreads > 0) {
            threads.add(new ThreadStats(endedThreads + " ended", ThreadStats.Role.ENDED, derive(ended.clone()), -1));
        }
        return new Snapshot(List.copyOf(threads), new ThreadStats("total", ThreadStats.Role.TOTAL, derive(total), -1));
    }

    private void foldEnded() {
        for (Iterator<ThreadCounters> it = live.iterator(); it.hasNext(); ) {
            ThreadCounters counters = it.next();
            Thread thread = counters.thread();
            // Not alive and terminated: isAlive() gives the happens-before, the state excludes NEW (a
            // worker registered before its thread starts).
            if (!thread.isAlive() && thread.getState() == Thread.State.TERMINATED) {
                counters.addTo(ended);
                endedThreads++;
                it.remove();
            }
        }
    }

    /**
     * Turns raw counters into reported ones, in place: every kept pair submitted two units and ran both on
     * its own thread; every offered pair submitted two units (those it ran are counted where they ran).
     *
     * @return {@code values}
     */
    static long[] derive(long[] values) {
        long kept = values[Counter.PAIRS_KEPT.ordinal()];
        long offered = values[Counter.PAIRS_OFFERED.ordinal()];
        values[Counter.UNITS_SUBMITTED.ordinal()] += 2 * (kept + offered);
        values[Counter.UNITS_RUN_OWN.ordinal()] += 2 * kept;
        return values;
    }
}
