package io.micropool.core;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether a pool is shut down: set once, by the first shutdown, with a CAS; read with volatile loads by
 * every call (which then runs inline) and by the workers in their idle loop (which then exit once the
 * queue is sealed and drained). {@link PoolLifecycle} sets it before it seals the background queue, so
 * that a submission the sealed queue rejects always sees the pool closed.
 *
 * <p>An object of its own, holding nothing else, because the two-half calls' slow path reads it from every
 * participant: what a participant reaches must not reach the pool's {@code ThreadLocal} of participants,
 * or each thread's entry would keep its pool alive after the pool is dropped (a {@code ThreadLocal}'s
 * weak key never clears while its value reaches it).
 */
final class ShutdownFlag {
    private static final VarHandle CLOSED =
        FieldHandles.find(MethodHandles.lookup(), ShutdownFlag.class, "closed", boolean.class);

    /** See the class comment. */
    @SuppressWarnings("unused")
    private volatile boolean closed;

    /** @return true for the call that shut the pool down, false if it already was (CAS) */
    boolean close() {
        return CLOSED.compareAndSet(this, false, true);
    }

    /** @return whether the pool is shut down (volatile read) */
    boolean isClosed() {
        return closed;
    }
}
