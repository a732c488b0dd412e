package io.micropool.core.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One trace, from {@code startTrace} to {@code stopTrace}: its start time, the capacity of each thread's
 * buffer, and the buffers of the threads that recorded a span. A thread registers its buffer on its first
 * span (one allocation per thread and trace); after that, recording allocates nothing.
 */
public final class TraceSession {
    private final int capacityPerThread;
    private final long startNanos = System.nanoTime();
    /** Buffers of the threads that recorded into this trace. Guarded by {@code this}. */
    private final List<TraceBuffer> buffers = new ArrayList<>();

    /** @param capacityPerThread the most spans each thread keeps, at least 1 */
    public TraceSession(int capacityPerThread) {
        if (capacityPerThread < 1) {
            throw new IllegalArgumentException("capacityPerThread must be positive: " + capacityPerThread);
        }
        this.capacityPerThread = capacityPerThread;
    }

    /** @return when the trace started, {@link System#nanoTime} */
    public long startNanos() {
        return startNanos;
    }

    /** @return a new buffer for {@code thread}, which records into it from now on */
    public synchronized TraceBuffer register(Thread thread) {
        TraceBuffer buffer = new TraceBuffer(thread, capacityPerThread);
        buffers.add(buffer);
        return buffer;
    }

    /** @return the buffers registered so far, in registration order */
    public synchronized List<TraceBuffer> buffers() {
        return List.copyOf(buffers);
    }
}
