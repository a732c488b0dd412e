package io.micropool.core.iter;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The early-exit bound of one terminal operation: elements at positions at or above it are skipped by
 * every chunk. It only ever goes down.
 *
 * <ul>
 *   <li>{@code findFirst} lowers it to the position of a match: chunks skip later positions only, so an
 *       earlier match is still found and wins.</li>
 *   <li>{@code findAny}, the matches and a failure lower it to {@link Long#MIN_VALUE}: every chunk stops at
 *       its next element.</li>
 * </ul>
 * Nothing is published through the bound itself: each chunk leaves its result in its own terminal sink,
 * which the caller reads after the scheduler's job completes (the job's completion orders it). So the
 * per-element read is opaque — cheap, and it sees a lowering promptly — and lowering is a CAS-min, so that
 * of two racing lowerings the smaller one stays.
 */
public final class Cutoff {
    private static final VarHandle LIMIT = FieldHandles.find(MethodHandles.lookup(), Cutoff.class, "limit", long.class);

    /**
     * Positions at or above it are skipped. Reset with a plain write by the calling thread before its job
     * is published (the job's publication orders it before any chunk reads it); lowered by chunks with a
     * CAS-min; read opaque by chunks before each element.
     */
    @SuppressWarnings("unused")
    private long limit = Long.MAX_VALUE;

    /** Lets every position through again; only while no chunk of a job uses this bound. */
    public void reset() {
        LIMIT.set(this, Long.MAX_VALUE);
    }

    /** @return whether the element at {@code position} must still be processed (opaque read) */
    public boolean admits(long position) {
        return position < (long) LIMIT.getOpaque(this);
    }

    /**
     * Lowers the bound to {@code position} unless it is already at or below it.
     *
     * @return whether this call lowered it
     */
    public boolean lowerTo(long position) {
        long current = (long) LIMIT.getOpaque(this);
        while (position < current) {
            // CAS-min: a lower value set by another chunk meanwhile makes the CAS fail and ends the loop.
            if (LIMIT.weakCompareAndSet(this, current, position)) {
                return true;
            }
            current = (long) LIMIT.getOpaque(this);
        }
        return false;
    }

    /** Stops every chunk at its next element. */
    public void stopAll() {
        lowerTo(Long.MIN_VALUE);
    }

    /** @return the bound (opaque read; exact once the job's completion ordered every lowering before it) */
    public long get() {
        return (long) LIMIT.getOpaque(this);
    }
}
