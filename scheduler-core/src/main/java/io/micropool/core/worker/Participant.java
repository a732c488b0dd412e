package io.micropool.core.worker;

import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.TraceSession;
import io.micropool.core.trace.Tracer;
import org.agrona.concurrent.IdleStrategy;

/**
 * What the scheduler keeps about one thread taking part in one pool: a worker, or any outside thread
 * that called into the pool. Confined to its thread: every field is plain.
 */
public final class Participant {
    /** Scope value of a thread that is not inside any call of this pool. */
    public static final int NO_SCOPE = -1;
    /** Depth of the stack of nested two-unit calls; deeper calls publish at once. */
    static final int PENDING_FRAMES = 128;

    /** The thread. */
    final Thread thread;
    /** Spin strategy of this thread, which may keep state between calls. */
    final IdleStrategy idle;
    /** Index of the worker in the pool, or -1 for an outside thread. */
    final int workerIndex;
    /**
     * Scope of the call tree this thread is working in: set by an outermost call, adopted while running a
     * unit claimed from another thread's job, {@link #NO_SCOPE} otherwise.
     */
    int scope = NO_SCOPE;
    /** Claim word handed from a search to the run that follows it. */
    long claimWord;
    /** Nested two-unit calls of this thread whose second unit was not offered yet, or not finished. */
    final PendingFrames pending = new PendingFrames(PENDING_FRAMES);
    /** What this thread did in the pool; written by this thread only (see {@link ThreadCounters}). */
    final ThreadCounters counters;
    /** The trace this thread last recorded into, and its buffer in it; this thread only. */
    private TraceSession traceSession;
    private TraceBuffer traceBuffer;

    public Participant(Thread thread, IdleStrategy idle, int workerIndex, ThreadCounters counters) {
        this.thread = thread;
        this.idle = idle;
        this.workerIndex = workerIndex;
        this.counters = counters;
    }

    /**
     * @return this thread's buffer in the trace {@code tracer} is recording, registered on the thread's
     *         first span of that trace; null when no trace is running (one volatile read)
     */
    public TraceBuffer traceBuffer(Tracer tracer) {
        TraceSession session = tracer.current();
        if (session == null) {
            return null;
        }
        if (session != traceSession) {
            traceBuffer = session.register(thread);
            traceSession = session;
        }
        return traceBuffer;
    }

    /** @return this thread's statistics counters, to be written by this thread only */
    public ThreadCounters counters() {
        return counters;
    }

    /**
     * Counts a park of this thread that began at {@code parkedAt} ({@link System#nanoTime}) and ended now;
     * {@code wokenForWork} if another thread woke it to help with new work. Commits {@code event}, the
     * park's JFR event begun by {@link ParkEvent#begin}, unless it is null.
     */
    void countPark(long parkedAt, boolean wokenForWork, ParkEvent event) {
        counters.increment(ThreadCounters.PARKS);
        counters.add(ThreadCounters.PARK_NANOS, System.nanoTime() - parkedAt);
        if (wokenForWork) {
            counters.increment(ThreadCounters.WAKE_UPS_RECEIVED);
        }
        if (event != null) {
            event.wokenForWork = wokenForWork;
            event.commit();
        }
    }

    /** @return whether this thread is inside a call of the pool, or running a unit of one */
    public boolean inScope() {
        return scope != NO_SCOPE;
    }
}
