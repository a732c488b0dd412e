package io.micropool.core.scope;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.memory.OffHeapBuffer;

/**
 * The preallocated scopes and their advertise masks.
 *
 * <p>A scope is the tree of jobs under one outermost call. The thread that makes that call
 * {@linkplain #acquire acquires} a scope id; every job created in the tree, by that thread or by a worker
 * helping it, is advertised in the scope's mask as well as in the {@linkplain #global() global} mask.
 * A thread waiting for a job of its scope searches only that scope's mask, so it never runs unrelated
 * work. When the outermost call returns, every job of the tree is complete and the id is
 * {@linkplain #release released}.
 *
 * <p>A thread waiting for a job of the scope may park; it announces that in the scope's
 * {@linkplain #parked parked-owners mask}, so that work published later in its tree wakes it to help.
 *
 * <p>Memory: one off-heap block holding the scope allocator, the global advertise mask, and per scope an
 * advertise mask and a parked-owners mask, each in its own 128-byte aligned region so that updates of one
 * never invalidate another's line. Mask orderings are those of {@link AtomicBitSet}: volatile
 * read-modify-writes and volatile reads.
 */
public final class ScopeTable {
    /** Upper bound on the number of scopes. */
    public static final int MAX_SCOPES = 1 << 16;

    private final int scopes;
    private final AtomicBitSet allocated;
    private final AtomicBitSet global;
    private final AtomicBitSet[] advertised;
    private final AtomicBitSet[] parked;

    /**
     * @param scopes the number of scopes, in {@code [1, MAX_SCOPES]}
     * @param slots  the number of job slots, the width of each advertise mask
     */
    public ScopeTable(int scopes, int slots) {
        if (scopes < 1 || scopes > MAX_SCOPES) {
            throw new IllegalArgumentException("scopes must be in [1, " + MAX_SCOPES + "]: " + scopes);
        }
        int allocatorLength = AtomicBitSet.lengthFor(scopes);
        int maskLength = AtomicBitSet.lengthFor(slots);
        long total = allocatorLength + (long) maskLength * (2L * scopes + 1);
        if (total > Integer.MAX_VALUE - OffHeapBuffer.ALIGNMENT) {
            throw new IllegalArgumentException("too many scopes for " + slots + " slots: " + scopes);
        }
        OffHeapBuffer memory = OffHeapBuffer.allocate((int) total);
        this.scopes = scopes;
        this.allocated = new AtomicBitSet(memory, 0, scopes);
        this.global = new AtomicBitSet(memory, allocatorLength, slots);
        this.advertised = new AtomicBitSet[scopes];
        this.parked = new AtomicBitSet[scopes];
        for (int s = 0; s < scopes; s++) {
            int base = allocatorLength + maskLength * (2 * s + 1);
            advertised[s] = new AtomicBitSet(memory, base, slots);
            parked[s] = new AtomicBitSet(memory, base + maskLength, slots);
        }
    }

    /** @return the number of scopes */
    public int capacity() {
        return scopes;
    }

    /**
     * @param hint where to start looking
     * @return a scope id for a new outermost call, or -1 if every scope is in use
     */
    public int acquire(int hint) {
        return allocated.claimFirstClear(hint);
    }

    /** Returns {@code scope} once every job in it is complete and released. */
    public void release(int scope) {
        allocated.clear(scope);
    }

    /** @return the number of scopes in use right now (racy, for statistics and leak checks) */
    public int inUse() {
        return allocated.cardinality();
    }

    /** @return the mask of slots that may have claimable units, whatever their scope */
    public AtomicBitSet global() {
        return global;
    }

    /** @return the mask of slots of {@code scope} that may have claimable units */
    public AtomicBitSet advertised(int scope) {
        return advertised[scope];
    }

    /**
     * @return the mask of owners of {@code scope} that are parked waiting for their job, by the slot of
     *         that job. An owner sets its bit (volatile read-modify-write) before its last look at the
     *         scope's advertise mask and parks; a publisher in the scope reads this mask after setting its
     *         advertise bit and, by clearing a bit, takes the right to unpark that owner. The Dekker pair
     *         of {@code ForegroundScheduler.awaitCompletion} and {@code ForegroundScheduler.signalWork}.
     */
    public AtomicBitSet parked(int scope) {
        return parked[scope];
    }

    /**
     * Advertises {@code slot} as a job of {@code scope}. Called by the owner before it publishes the
     * claim word, so a thread that finds the bit and reads zero unclaimed units knows a publication
     * may be under way; and the bit can never be set after the claimer of the last unit cleared it.
     */
    public void advertise(int scope, int slot) {
        advertised[scope].set(slot);
        global.set(slot);
    }

    /**
     * Withdraws {@code slot}. Called by the thread that claimed the job's last unit, before it runs that
     * unit, so the slot cannot yet be released and re-advertised by a next owner.
     */
    public void withdraw(int scope, int slot) {
        global.clear(slot);
        advertised[scope].clear(slot);
    }
}
