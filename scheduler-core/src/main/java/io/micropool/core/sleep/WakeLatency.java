package io.micropool.core.sleep;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How long a parked worker takes to run after a waker's wake-up, on this machine, now: a running average
 * of the delays woken workers measure from the waker's stamp ({@link Sleepers#wokenAt}) to their first
 * instruction after the park. Tens of microseconds on small virtual machines, a few on bare metal; it is
 * what sharing work with a parked worker costs before the worker helps, so callers that decide whether a
 * call is worth sharing weigh it ({@code VirtualCallers}).
 *
 * <p>Protocol of {@link #averageNanos}: a hint with no partner. Woken workers update it with an opaque
 * read and an opaque store (two workers woken at once may lose one sample: harmless for an average);
 * callers read it opaque. Nothing is published through it.
 */
public final class WakeLatency {
    /** Samples above this (a collection pause, a preempted worker) count as this much. */
    static final long MAX_SAMPLE_NANOS = 1_000_000;
    /** Each sample moves the average by 1/{@value #WEIGHT} of its distance. */
    static final int WEIGHT = 8;

    private static final VarHandle AVERAGE =
        FieldHandles.find(MethodHandles.lookup(), WakeLatency.class, "averageNanos", long.class);

    /** The running average in nanoseconds, 0 before the first sample; see the class comment. */
    @SuppressWarnings("unused")
    private long averageNanos;

    /** Adds a sample: a woken worker ran {@code nanos} after its waker's stamp. */
    public void record(long nanos) {
        long sample = Math.max(0, Math.min(MAX_SAMPLE_NANOS, nanos));
        long average = (long) AVERAGE.getOpaque(this);
        AVERAGE.setOpaque(this, average == 0 ? sample : average + (sample - average) / WEIGHT);
    }

    /** @return the running average in nanoseconds; 0 before any worker was woken (opaque read) */
    public long nanos() {
        return (long) AVERAGE.getOpaque(this);
    }
}
