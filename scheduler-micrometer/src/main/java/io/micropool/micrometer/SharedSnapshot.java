package io.micropool.micrometer;

import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one {@link MicroPoolStats} that the meters of a {@link MicroPoolMetrics} read: a registry reads
 * its meters one by one, and {@link MicroPool#stats()} builds a whole snapshot (every thread's counters,
 * allocated anew), so each meter asking for its own would cost a scrape some thirty snapshots, and
 * its figures would come from thirty different moments. Instead the first meter read takes a snapshot
 * and the others reuse it while it is younger than the window ({@code maxAgeNanos}); a scrape that
 * starts later than that after the last one takes a new one. A scrape that straddles the end of the
 * window reads two snapshots, each consistent in itself.
 *
 * <p>Snapshots are taken one at a time ({@link #taking}): a new one starts after the last one ended,
 * so the counters published never go back. Reading a snapshot that is still fresh takes no lock (a
 * volatile read of {@link #last}).
 *
 * <p>Holds no reference to the pool: every meter function captures this holder strongly, and gets the
 * pool from the meter's weak reference and passes it to {@link #of}, so a pool that its owner drops is
 * not kept alive by the registry (see {@link MicroPoolMetrics}, "Lifetime").
 */
final class SharedSnapshot {
    /** A snapshot and when it was taken ({@link #clock}, read before taking it). */
    private record Taken(MicroPoolStats stats, long atNanos) {
    }

    private final long maxAgeNanos;
    private final LongSupplier clock;
    /** Held by the thread taking a new snapshot; see the class comment. */
    private final ReentrantLock taking = new ReentrantLock();
    /** The latest snapshot, or null before the first; written under {@link #taking}, read by anyone. */
    private volatile Taken last;

    /**
     * @param maxAgeNanos how long a snapshot is reused; 0 takes a new one at every read
     * @param clock       the time in nanoseconds, as {@link System#nanoTime} gives it
     */
    SharedSnapshot(long maxAgeNanos, LongSupplier clock) {
        if (maxAgeNanos < 0) {
            throw new IllegalArgumentException("the snapshot age must not be negative: " + maxAgeNanos);
        }
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
    }

    /**
     * @param pool the pool whose statistics to read: always the same one for one holder
     * @return the latest snapshot if it is younger than the window, else a new one of {@code pool}
     */
    MicroPoolStats of(MicroPool pool) {
        Taken taken = last;
        if (taken != null && isFresh(taken, clock.getAsLong())) {
            return taken.stats();
        }
        taking.lock();
        try {
            // Another reader may have taken one while this one waited for the lock: reuse it.
            taken = last;
            long now = clock.getAsLong();
            if (taken == null || !isFresh(taken, now)) {
                taken = new Taken(pool.stats(), now);
                last = taken;
            }
            return taken.stats();
        } finally {
            taking.unlock();
        }
    }

    private boolean isFresh(Taken taken, long now) {
        return now - taken.atNanos() < maxAgeNanos;
    }
}
