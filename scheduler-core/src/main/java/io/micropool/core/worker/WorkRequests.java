package io.micropool.core.worker;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the count: 128 bytes, so no field of a neighbouring object shares its cache lines. */
abstract class WorkRequestsPadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The count, between the paddings (HotSpot lays out a superclass's fields before a subclass's). */
abstract class WorkRequestsCount extends WorkRequestsPadBefore {
    /**
     * Number of threads of the pool asking for work now: workers that found none (spinning or asleep)
     * and owners waiting for their own job with nothing of their tree to help.
     *
     * <p>Protocol: changed only by the asking thread itself, by a volatile {@code getAndAdd} of +1 when it
     * starts asking ({@link WorkRequests#raise}) and of -1 when it stops ({@link WorkRequests#lower});
     * read opaque by busy threads at every nested two-unit call ({@link WorkRequests#any}). It is a hint
     * with no partner: nothing is published through it. A read that misses a request delays the answer to
     * the busy thread's next call; a request never answered costs parallelism, never progress, because
     * the owner of a pending frame runs it itself. The line changes only when a thread starts or stops
     * asking, so the busy threads' reads stay hits in their caches.
     */
    volatile long count;
}

/** Padding after the count. */
abstract class WorkRequestsPadAfter extends WorkRequestsCount {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/**
 * The work-request signal of the lazy foreground path: how a thread with nothing to do asks busy threads
 * to offer the pending halves of their nested two-unit calls ({@link PendingFrames}).
 *
 * <p>One word for the whole pool, on its own cache lines, so that the check every nested {@code join}
 * makes is one load of a line that is almost never written. It does not say which call tree asks: a
 * request from one tree may make a thread of another offer a frame nobody of its tree takes, which costs
 * that thread one publish and one claim-back; each thread keeps at most one such offer outstanding.
 */
public final class WorkRequests extends WorkRequestsPadAfter {
    private static final VarHandle COUNT =
        FieldHandles.find(MethodHandles.lookup(), WorkRequestsCount.class, "count", long.class);

    /** The calling thread starts asking for work (volatile read-modify-write). */
    public void raise() {
        COUNT.getAndAdd(this, 1L);
    }

    /** The calling thread, which raised a request, stops asking (volatile read-modify-write). */
    public void lower() {
        COUNT.getAndAdd(this, -1L);
    }

    /** @return whether some thread asks for work (opaque read: a hint, see the field's protocol) */
    public boolean any() {
        return (long) COUNT.getOpaque(this) != 0;
    }

    /** @return the number of threads asking for work now (volatile read) */
    public long count() {
        return count;
    }
}
