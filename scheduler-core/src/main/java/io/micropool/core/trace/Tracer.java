package io.micropool.core.trace;

/**
 * Whether a pool is tracing, and into which {@link TraceSession}.
 *
 * <p>Protocol of {@link #session}: written (volatile) by {@link #start} and {@link #stop}, which take this
 * object's lock so that two never interleave; read (volatile) by every place that could record a span,
 * once per span. A thread that read a session before {@code stop} may still record into it afterwards;
 * those spans are not in the trace {@code stop} returned (its buffers were copied with their counts'
 * acquire loads, see {@link TraceBuffer}).
 */
public final class Tracer {
    private volatile TraceSession session;

    /** @return the trace in progress, or null (volatile read): the whole cost of tracing when off */
    public TraceSession current() {
        return session;
    }

    /**
     * Starts a trace.
     *
     * @throws IllegalArgumentException if {@code capacityPerThread < 1}
     * @throws IllegalStateException    if a trace is already running
     */
    public synchronized void start(int capacityPerThread) {
        TraceSession next = new TraceSession(capacityPerThread);
        if (session != null) {
            throw new IllegalStateException("a trace is already running: stop it first");
        }
        session = next;
    }

    /**
     * Stops the trace in progress.
     *
     * @return it
     * @throws IllegalStateException if no trace is running
     */
    public synchronized TraceSession stop() {
        TraceSession stopped = session;
        if (stopped == null) {
            throw new IllegalStateException("no trace is running");
        }
        session = null;
        return stopped;
    }
}
