package io.micropool.core.stats;

import io.micropool.core.Counter;
import io.micropool.core.ThreadStats;
import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ThreadCounters} of every thread of one pool, and the sums of those that ended.
 *
 * <p>A thread registers once, on its first call, and never waits for it: its entry is pushed onto the
 * head of a linked list with a CAS (a Treiber push), and then, if no other thread is doing so, it folds at
 * most {@value #SWEEP_STEPS} entries of the list further on whose threads have ended into the ended sums —
 * a bounded step of a sweep that goes round the list, so a registration costs O(1) however many threads
 * are alive and the list holds at most about twice the live threads plus the last few ended ones. A
 * snapshot sweeps the whole list. A thread's termination happens-before {@link Thread#isAlive} returning
 * false, so every count it made is folded. Workers are registered before their threads start, so that a
 * snapshot lists every worker from the pool's creation on.
 *
 * <p>Protocol of the list: {@link #head} is written by registering threads with a CAS and read with
 * acquire loads by the sweeper; an entry's {@code next} is written once by its registering thread before
 * the CAS that publishes the entry, and afterwards only by the sweeper, which unlinks an ended entry by
 * pointing its predecessor past it (a volatile write). Registering threads never touch an entry behind
 * the head, and the sweeper unlinks the head only by a CAS of {@link #head} itself (in a snapshot), so a
 * push that races with it fails its CAS and retries. At most one thread sweeps: {@link #sweeping}, taken with
 * {@code tryLock} on registration and with {@code lock} by a snapshot, guards {@link #cursor},
 * {@link #ended}, {@link #endedThreads} and the unlinking.
 *
 * <p>Virtual threads are not registered one by one: they borrow seats for their calls, whose counters are
 * registered once per seat ({@link #registerSeat}), and count what they do outside a seat in
 * {@link #shared}. A snapshot reports all of it as one entry, {@link ThreadStats.Role#VIRTUAL_THREADS}, so
 * its size does not grow with the number of virtual threads, alive or ended.
 *
 * <p>The hot path of a nested {@code join} counts only {@link Counter#PAIRS_KEPT}; the units such a pair
 * submits and runs (two each) are added here, when a snapshot is taken ({@link #derive}).
 */
public final class StatsRegistry {
    /** Entries a registration's sweep step looks at. */
    static final int SWEEP_STEPS = 2;

    private static final VarHandle HEAD = FieldHandles.find(MethodHandles.lookup(), StatsRegistry.class, "head", Entry.class);

    /** One registered thread's counters in the list; {@code next} as in the class comment. */
    private static final class Entry {
        final ThreadCounters counters;
        volatile Entry next;

        Entry(ThreadCounters counters) {
            this.counters = counters;
        }
    }

    /** The newest entry of the list of threads registered and not yet folded; see the class comment. */
    @SuppressWarnings("unused")
    private volatile Entry head;
    /** Held by the one thread sweeping: a registration's step ({@code tryLock}) or a snapshot. */
    private final ReentrantLock sweeping = new ReentrantLock();
    /** The entry after which the next sweep step looks, or null to start at the head. Guarded by {@link #sweeping}. */
    private Entry cursor;
    /** Raw counters summed over the threads that ended, by {@link Counter#ordinal}. Guarded by {@link #sweeping}. */
    private final long[] ended = new long[Counter.COUNT];
    /** Number of threads whose counters are in {@link #ended}. Guarded by {@link #sweeping}. */
    private long endedThreads;
    /** Counters of the seats lent to virtual threads, in the order they were made. Guarded by {@link #sweeping}. */
    private final List<ThreadCounters> seats = new ArrayList<>();
    /** What virtual threads counted outside a seat (see {@link SharedCounters}). */
    private final SharedCounters shared = new SharedCounters();

    /** A snapshot: one entry per live thread (and one for the ended ones, if any), and the totals. */
    public record Snapshot(List<ThreadStats> threads, ThreadStats total) {
    }

    /**
     * @param thread the calling thread, taking part in the pool for the first time
     * @param worker whether it is one of the pool's workers
     * @return its counters, to be written by that thread only
     */
    public ThreadCounters register(Thread thread, boolean worker) {
        ThreadCounters counters = new ThreadCounters(thread, worker);
        Entry entry = new Entry(counters);
        Entry first;
        do {
            first = (Entry) HEAD.getAcquire(this);
            entry.next = first;
        } while (!HEAD.compareAndSet(this, first, entry));
        if (sweeping.tryLock()) {
            try {
                sweep(SWEEP_STEPS);
            } finally {
                sweeping.unlock();
            }
        }
        return counters;
    }

    /** @return the counters of a new seat, to be written by the thread it is lent to at the time */
    public ThreadCounters registerSeat() {
        ThreadCounters counters = new ThreadCounters(null, false);
        sweeping.lock();
        try {
            seats.add(counters);
        } finally {
            sweeping.unlock();
        }
        return counters;
    }

    /** @return the counters virtual threads write outside a seat (any thread, atomic adds) */
    public SharedCounters shared() {
        return shared;
    }

    /** @return the counters of every thread now, and their totals (allocates; any thread) */
    public Snapshot snapshot() {
        sweeping.lock();
        try {
            foldEndedHead();
            cursor = null;
            sweep(Integer.MAX_VALUE);
            cursor = null;
            long now = System.nanoTime();
            long[] total = ended.clone();
            List<ThreadStats> threads = new ArrayList<>();
            for (Entry e = (Entry) HEAD.getAcquire(this); e != null; e = e.next) {
                ThreadCounters counters = e.counters;
                long[] values = counters.snapshot();
                for (int c = 0; c < Counter.COUNT; c++) {
                    total[c] = Sums.add(total[c], values[c]);
                }
                boolean worker = counters.isWorker();
                threads.add(new ThreadStats(counters.thread().getName(),
                    worker ? ThreadStats.Role.WORKER : ThreadStats.Role.CALLER,
                    derive(values), worker ? now - counters.startNanos() : -1));
            }
            Collections.reverse(threads);
            long[] virtual = new long[Counter.COUNT];
            for (ThreadCounters counters : seats) {
                counters.addTo(virtual);
            }
            shared.addTo(virtual);
            boolean anyVirtual = !seats.isEmpty();
            for (int c = 0; c < Counter.COUNT; c++) {
                total[c] = Sums.add(total[c], virtual[c]);
                anyVirtual |= virtual[c] != 0;
            }
            if (anyVirtual) {
                threads.add(new ThreadStats("virtual threads", ThreadStats.Role.VIRTUAL_THREADS, derive(virtual), -1));
            }
            if (endedThreads > 0) {
                threads.add(new ThreadStats(endedThreads + " ended", ThreadStats.Role.ENDED, derive(ended.clone()), -1));
            }
            return new Snapshot(List.copyOf(threads), new ThreadStats("total", ThreadStats.Role.TOTAL, derive(total), -1));
        } finally {
            sweeping.unlock();
        }
    }

    /**
     * Folds and unlinks the head entries whose threads ended, each with a CAS of the head to the entry
     * after it: a push that raced with it retries, and an entry that is no longer the head is left to
     * {@link #sweep}. Holding {@link #sweeping}.
     */
    private void foldEndedHead() {
        for (Entry first = (Entry) HEAD.getAcquire(this); first != null && hasEnded(first); ) {
            if (HEAD.compareAndSet(this, first, first.next)) {
                fold(first);
                first = (Entry) HEAD.getAcquire(this);
            } else {
                return;
            }
        }
    }

    /**
     * Not alive and terminated: {@code isAlive()} gives the happens-before with every count the thread
     * made, the state excludes NEW (a worker registered before its thread starts).
     */
    private static boolean hasEnded(Entry entry) {
        Thread thread = entry.counters.thread();
        return !thread.isAlive() && thread.getState() == Thread.State.TERMINATED;
    }

    private void fold(Entry entry) {
        entry.counters.addTo(ended);
        endedThreads++;
    }

    /**
     * Looks at up to {@code steps} entries after {@link #cursor} (after the head when it is null), folds
     * and unlinks those whose threads ended, and leaves the cursor where it stopped (null at the end of
     * the list, to start again from the head). Holding {@link #sweeping}.
     */
    private void sweep(int steps) {
        Entry before = cursor != null ? cursor : (Entry) HEAD.getAcquire(this);
        for (int i = 0; i < steps && before != null; i++) {
            Entry entry = before.next;
            if (entry == null) {
                before = null;
                break;
            }
            if (hasEnded(entry)) {
                fold(entry);
                before.next = entry.next;
            } else {
                before = entry;
            }
        }
        cursor = before;
    }

    /** @return the entries in the list now, by a walk (for tests) */
    int listed() {
        int entries = 0;
        for (Entry e = (Entry) HEAD.getAcquire(this); e != null; e = e.next) {
            entries++;
        }
        return entries;
    }

    /**
     * Turns raw counters into reported ones, in place: every kept pair submitted two units and ran both on
     * its own thread; every offered pair submitted two units (those it ran are counted where they ran).
     * The sums stop at {@link Long#MAX_VALUE} ({@link Sums}).
     *
     * @return {@code values}
     */
    static long[] derive(long[] values) {
        long kept = values[Counter.PAIRS_KEPT.ordinal()];
        long offered = values[Counter.PAIRS_OFFERED.ordinal()];
        long pairs = Sums.add(kept, offered);
        values[Counter.UNITS_SUBMITTED.ordinal()] =
            Sums.add(values[Counter.UNITS_SUBMITTED.ordinal()], Sums.add(pairs, pairs));
        values[Counter.UNITS_RUN_OWN.ordinal()] = Sums.add(values[Counter.UNITS_RUN_OWN.ordinal()], Sums.add(kept, kept));
        return values;
    }
}
