package io.micropool.perf.service;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run: requests due at a fixed rate, each started on a request thread at its due time
 * whatever happened to the ones before, each one's latency measured from its due time.
 *
 * <h2>No coordinated omission</h2>
 * Request {@code i} is due at {@code t0 + i / rate}. The dispatcher never waits for a request: a pool
 * that falls behind makes requests queue, and their latencies grow from their due times. The dispatcher
 * parks between requests (a service does not spin for its next request); the time it wakes late is part
 * of every request's latency, and recorded on its own as the <em>dispatch lateness</em>: how late the
 * machine's timer and scheduler alone make a request, the same for every pool.
 *
 * <h2>A window of due times</h2>
 * A run dispatches the requests due within its window, then waits for them as long as the window again.
 * Requests still unfinished then are {@linkplain Stop stopped} (their units return at once) and counted as
 * unfinished, not recorded: the histogram of a pool that could not keep up understates its latency, and
 * the table says how many it lost.
 */
final class OpenLoopRun {
    /** Latencies up to a minute fit; a longer one is recorded as a minute. */
    static final long HIGHEST_LATENCY_NANOS = 60_000_000_000L;
    /** Three significant digits: 0.1 % resolution at every magnitude. */
    static final int SIGNIFICANT_DIGITS = 3;
    /** How long stopped requests may take to return before the run is declared stuck. */
    private static final long DRAIN_LIMIT_NANOS = 30_000_000_000L;

    /** Set once the run gives up on the requests still running; read by every unit as it spins. */
    static final class Stop {
        volatile boolean stopped;
    }

    /**
     * What a run measured.
     *
     * @param latencies    latencies of the requests that completed, from due time to completion, in ns
     * @param lateness     how late the dispatcher started each request, in ns
     * @param issued       requests dispatched
     * @param unfinished   requests stopped before they completed
     * @param failed       requests whose pool call threw
     * @param firstDue     due time of the first request ({@link System#nanoTime})
     * @param lastDone     completion time of the last request recorded
     */
    record Outcome(Histogram latencies, Histogram lateness, long issued, long unfinished, long failed,
                   long firstDue, long lastDone) {
        /** @return requests completed per second, from the first due time to the last completion */
        double achievedPerSecond() {
            long completed = latencies.getTotalCount();
            return completed == 0 ? 0 : completed * 1e9 / Math.max(1, lastDone - firstDue);
        }
    }

    private final ServicePool pool;
    private final FanOut fanOut;
    /** Runs a platform request; null when every request gets a new virtual thread. */
    private final Executor requestThreads;
    /** Makes a virtual thread per request; null when platform threads take them. */
    private final ThreadFactory virtualThreads;
    private final Stop stop = new Stop();
    private final Recorder latencies = new Recorder(HIGHEST_LATENCY_NANOS, SIGNIFICANT_DIGITS);
    private final LongAdder finished = new LongAdder();
    private final LongAdder unfinished = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** The latest completion recorded; written by request threads. */
    private final AtomicLong lastDone = new AtomicLong();

    private OpenLoopRun(ServicePool pool, FanOut fanOut, Executor requestThreads, ThreadFactory virtualThreads) {
        this.pool = pool;
        this.fanOut = fanOut;
        this.requestThreads = requestThreads;
        this.virtualThreads = virtualThreads;
    }

    /**
     * Runs the requests due within {@code windowNanos} at {@code perSecond} and waits for them.
     *
     * @param requestThreads the platform request threads, or null to start a virtual thread per request
     * @param virtualThreads makes the virtual threads when {@code requestThreads} is null
     */
    static Outcome run(ServicePool pool, FanOut fanOut, Executor requestThreads, ThreadFactory virtualThreads,
                       double perSecond, long windowNanos) {
        return new OpenLoopRun(pool, fanOut, requestThreads, virtualThreads).run(perSecond, windowNanos);
    }

    private Outcome run(double perSecond, long windowNanos) {
        Histogram lateness = new Histogram(HIGHEST_LATENCY_NANOS, SIGNIFICANT_DIGITS);
        double interval = 1e9 / perSecond;
        long first = System.nanoTime() + 1_000_000;
        long windowEnd = first + windowNanos;
        long issued = 0;
        for (long due = first; due - windowEnd < 0; due = first + (long) (++issued * interval)) {
            long now = System.nanoTime();
            while (now - due < 0) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            lateness.recordValue(Math.min(now - due, HIGHEST_LATENCY_NANOS));
            start(new Request(issued, due, stop));
        }
        long giveUp = windowEnd + windowNanos;
        while (finished.sum() < issued && System.nanoTime() - giveUp < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        stop.stopped = true;
        long drainEnd = System.nanoTime() + DRAIN_LIMIT_NANOS;
        while (finished.sum() < issued) {
            if (System.nanoTime() - drainEnd > 0) {
                throw new IllegalStateException(pool.name() + ": " + (issued - finished.sum())
                    + " stopped requests did not return within 30 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return new Outcome(latencies.getIntervalHistogram(), lateness, issued, unfinished.sum(), failed.sum(),
            first, lastDone.get());
    }

    private void start(Request request) {
        Runnable task = () -> serve(request);
        if (requestThreads != null) {
            requestThreads.execute(task);
        } else {
            virtualThreads.newThread(task).start();
        }
    }

    /** One request, on its request thread: the pool call, then its latency unless the run stopped meanwhile. */
    private void serve(Request request) {
        try {
            if (!stop.stopped) {
                pool.run(request, fanOut);
                long done = System.nanoTime();
                if (!stop.stopped) {
                    latencies.recordValue(Math.min(done - request.dueNanos, HIGHEST_LATENCY_NANOS));
                    lastDone.accumulateAndGet(done, (a, b) -> b - a > 0 ? b : a);
                    return;
                }
            }
            unfinished.increment();
        } catch (Throwable t) {
            failed.increment();
        } finally {
            finished.increment();
        }
    }
}
