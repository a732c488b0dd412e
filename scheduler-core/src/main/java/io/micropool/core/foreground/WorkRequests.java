package io.micropool.core.foreground;

import io.micropool.core.memory.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the word: 128 bytes, so no field of a neighbouring object shares its cache lines. */
abstract class WorkRequestsPadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The word, between the paddings (HotSpot lays out a superclass's fields before a subclass's). */
abstract class WorkRequestsWord extends WorkRequestsPadBefore {
    /**
     * The threads of the pool asking for work now — workers that found none and owners waiting for
     * their own job with nothing of their tree to help — packed as
     * {@code parked askers : 32 | spinning askers : 32} ({@link WorkRequests#SPINNING_UNIT},
     * {@link WorkRequests#PARKED_UNIT}).
     *
     * <p>Protocol: changed only by the asking thread itself, by a volatile {@code getAndAdd}: +1 spinning
     * when it starts asking ({@link WorkRequests#raise}), one spinning moved to parked before it parks and
     * back after ({@link WorkRequests#parking}, {@link WorkRequests#awake}), -1 spinning when it stops
     * ({@link WorkRequests#lower}). Read opaque by busy threads at every two-half call
     * ({@link WorkRequests#any}). It is a hint with no partner: nothing is published through it. A read
     * that misses a request delays the answer to the busy thread's next call; a request never answered
     * costs parallelism, never progress, because the owner of a latent frame runs it itself. The line
     * changes only when a thread starts or stops asking or parks, so the busy threads' reads stay hits in
     * their caches.
     */
    volatile long word;
}

/** Padding after the word. */
abstract class WorkRequestsPadAfter extends WorkRequestsWord {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/**
 * The work-request signal of the latent-frame path: how a thread with nothing to do asks busy threads to
 * offer the latent second halves of their two-half calls ({@link LatentFrames}).
 *
 * <p>One word for the whole pool, on its own cache lines, so that the check every two-half call makes is
 * one load of a line that is almost never written. It says whether some asker still spins, so that a busy
 * thread can weigh what answering costs: a spinning asker takes an offer within a cache-line transfer, a
 * parked one must first be woken (see {@code PairPath}). It does not say which call tree asks: a request
 * from one tree may make a thread of another offer a frame nobody of its tree takes, which costs that
 * thread one publish and one claim-back; each thread keeps at most one such offer outstanding.
 *
 * <p>The padding is a superclass and subclass of the word because HotSpot lays out a superclass's fields
 * first and has no other way to keep a heap field alone on its lines without {@code @Contended} (which
 * needs a JVM flag); the off-heap descriptors serve every other contended word.
 */
public final class WorkRequests extends WorkRequestsPadAfter {
    /** One spinning asker in the word. */
    static final long SPINNING_UNIT = 1L;
    /** One parked asker in the word. */
    static final long PARKED_UNIT = 1L << 32;
    private static final long SPINNING_MASK = PARKED_UNIT - 1;

    private static final VarHandle WORD =
        FieldHandles.find(MethodHandles.lookup(), WorkRequestsWord.class, "word", long.class);

    /** The calling thread starts asking for work, spinning (volatile read-modify-write). */
    public void raise() {
        WORD.getAndAdd(this, SPINNING_UNIT);
    }

    /** The calling thread, which asks, stops asking (volatile read-modify-write); it is not parked. */
    public void lower() {
        WORD.getAndAdd(this, -SPINNING_UNIT);
    }

    /** The calling thread, which asks and spins, is about to park (volatile read-modify-write). */
    public void parking() {
        WORD.getAndAdd(this, PARKED_UNIT - SPINNING_UNIT);
    }

    /** The calling thread, which asked and parked, runs again (volatile read-modify-write). */
    public void awake() {
        WORD.getAndAdd(this, SPINNING_UNIT - PARKED_UNIT);
    }

    /** @return whether some thread asks for work (opaque read: a hint, see the word's protocol) */
    public boolean any() {
        return (long) WORD.getOpaque(this) != 0;
    }

    /** @return whether some thread that asks for work is spinning, not parked (opaque read: a hint) */
    public boolean anySpinning() {
        return ((long) WORD.getOpaque(this) & SPINNING_MASK) != 0;
    }

    /** @return the number of threads asking for work now, spinning or parked (volatile read) */
    public long count() {
        long value = word;
        return (value & SPINNING_MASK) + (value >>> 32);
    }
}
