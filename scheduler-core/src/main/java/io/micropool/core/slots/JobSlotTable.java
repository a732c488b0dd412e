package io.micropool.core.slots;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.memory.OffHeapBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import static io.micropool.core.slots.JobSlotDescriptor.CLAIM_WORD_OFFSET;
import static io.micropool.core.slots.JobSlotDescriptor.COMPLETION_WORD_OFFSET;
import static io.micropool.core.slots.JobSlotDescriptor.COUNT_OFFSET;
import static io.micropool.core.slots.JobSlotDescriptor.KIND_OFFSET;
import static io.micropool.core.slots.JobSlotDescriptor.slotOffset;

/**
 * The preallocated table of job slots: the off-heap descriptors laid out by {@link JobSlotDescriptor},
 * the allocator bit set that says which slots are reserved, and the on-heap references of each slot in
 * parallel arrays indexed by slot.
 *
 * <h2>Slot lifecycle and its orderings</h2>
 * <ol>
 *   <li><b>Reserve</b> ({@link #reserve}): the owner sets the slot's bit in the reserved set by CAS. The
 *       previous owner's {@link #release} cleared it with a volatile read-modify-write after its last
 *       writes, so the new owner sees the slot as the previous owner left it.</li>
 *   <li><b>Prepare</b> ({@link #prepare}): plain writes of the header, the completion word, the on-heap
 *       references and the argument. Nobody else reads them yet: the claim word still has no unclaimed
 *       units.</li>
 *   <li><b>Publish</b> ({@link #publish}): a release store of the claim word. Pairs with the CAS in
 *       {@link #tryClaim}: a thread that claims a unit sees everything {@code prepare} wrote.</li>
 *   <li><b>Claim</b> ({@link #tryClaim}): CAS of the claim word, see {@link ClaimWord}.</li>
 *   <li><b>Complete</b> ({@link #complete}): each thread subtracts the units it ran from the completion
 *       word ({@code getAndAdd}, a volatile write). Pairs with the owner's acquire load in
 *       {@link #incomplete}: when the owner reads zero, every unit's writes are visible to it, the result
 *       of a one-unit job ({@link #setResult}, {@link #setObjectResult}) among them.</li>
 *   <li><b>Release</b> ({@link #release}): the owner clears the references, then clears the reserved bit.</li>
 * </ol>
 * A slot cannot be released while any of its units is unclaimed or running, so a thread that claimed a
 * unit can read the slot's header and references until it completes that unit.
 *
 * <p>The on-heap arrays are read and written through array VarHandles in plain mode; the off-heap
 * release/acquire pairs above order them.
 */
public final class JobSlotTable {
    /** Upper bound on the number of slots. */
    public static final int MAX_SLOTS = 1 << 16;

    private static final VarHandle OBJECTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle THREADS = MethodHandles.arrayElementVarHandle(Thread[].class);
    private static final VarHandle FAILURES = MethodHandles.arrayElementVarHandle(Throwable[].class);

    private final int capacity;
    private final OffHeapBuffer table;
    private final AtomicBitSet reserved;

    /** Unit body of each slot; plain, ordered by publish/claim. */
    private final Object[] bodies;
    /** Context (or second body) of each slot; plain, ordered by publish/claim. */
    private final Object[] contexts;
    /** Thread that owns and waits for each slot; plain, ordered by publish/claim. */
    private final Thread[] owners;
    /**
     * Argument of each slot's job: unit {@code i} runs with {@code argument + i} ({@code UnitKind}). Plain,
     * written by {@link #prepare}, ordered by publish/claim.
     */
    private final long[] arguments;
    /**
     * Primitive result of each slot's one-unit job (an offered latent frame of a {@code Fork} join), as a
     * {@code long}. Plain, written by the thread that ran the unit before it completes it, read by the
     * owner once the job is complete: ordered by complete/incomplete.
     */
    private final long[] results;
    /** Object result of each slot's one-unit job; as {@link #results}, and cleared by {@link #release}. */
    private final Object[] objectResults;
    /**
     * First throwable of each slot's job. Set by CAS from null by the first failing unit (any thread);
     * read with acquire by claimers (to skip units of a failed job) and by the owner after completion;
     * reset to null by the owner before release.
     */
    private final Throwable[] failures;

    /** @param capacity the number of slots, in {@code [1, MAX_SLOTS]} */
    public JobSlotTable(int capacity) {
        this.capacity = capacity;
        this.table = OffHeapBuffer.allocate(JobSlotDescriptor.tableLength(capacity));
        this.reserved = AtomicBitSet.allocate(capacity);
        this.bodies = new Object[capacity];
        this.contexts = new Object[capacity];
        this.owners = new Thread[capacity];
        this.failures = new Throwable[capacity];
        this.arguments = new long[capacity];
        this.results = new long[capacity];
        this.objectResults = new Object[capacity];
    }

    /** @return the number of slots */
    public int capacity() {
        return capacity;
    }

    /** @return the number of slots reserved right now (racy, for statistics and leak checks) */
    public int reservedCount() {
        return reserved.cardinality();
    }

    /**
     * Reserves a free slot for the calling thread.
     *
     * @param hint where to start looking, to spread threads over the table
     * @return the slot, or -1 if every slot is reserved
     */
    public int reserve(int hint) {
        return reserved.claimFirstClear(hint);
    }

    /**
     * Writes everything a claimer needs, in plain mode; {@link #publish} makes it visible.
     *
     * @param slot     a slot this thread reserved
     * @param kind     how to run a unit ({@code UnitKind})
     * @param count    the number of units: 1 for an offered latent frame, at least 3 for a published call
     * @param body     the unit body
     * @param context  the context
     * @param argument the value of unit 0 (unit {@code i} runs with {@code argument + i})
     * @param owner    the thread that waits for the job
     */
    public void prepare(int slot, int kind, int count, Object body, Object context, long argument, Thread owner) {
        int base = slotOffset(slot);
        table.setIntPlain(base + KIND_OFFSET, kind);
        table.setIntPlain(base + COUNT_OFFSET, count);
        table.setLongPlain(base + COMPLETION_WORD_OFFSET, CompletionWord.pack(count));
        OBJECTS.set(bodies, slot, body);
        OBJECTS.set(contexts, slot, context);
        THREADS.set(owners, slot, owner);
        arguments[slot] = argument;
    }

    /**
     * Makes {@code unclaimed} units claimable by threads of any scope, and by threads of {@code scope}
     * when they help. Release store: everything {@link #prepare} wrote becomes visible to a thread whose
     * claim reads this value (pairs with the CAS in {@link #tryClaim}).
     */
    public void publish(int slot, int scope, int unclaimed) {
        table.setLongRelease(slotOffset(slot) + CLAIM_WORD_OFFSET, ClaimWord.pack(scope, unclaimed));
    }

    /**
     * Claims one unit of the job in {@code slot}.
     *
     * @param requiredScope the only scope whose units may be claimed, or a negative value for any scope
     * @return the claim word as it was before the claim (see {@link ClaimWord#claimedIndex},
     *         {@link ClaimWord#scope}), or {@link ClaimWord#NONE} if no unit could be claimed
     */
    public long tryClaim(int slot, int requiredScope) {
        int offset = slotOffset(slot) + CLAIM_WORD_OFFSET;
        // Acquire: pairs with the release store in publish(); the CAS below re-validates the word.
        long word = table.getLongAcquire(offset);
        while (ClaimWord.unclaimed(word) > 0 && (requiredScope < 0 || ClaimWord.scope(word) == requiredScope)) {
            // Volatile CAS: on success it reads the value publish() stored, so prepare()'s writes are visible.
            if (table.compareAndSetLong(offset, word, word - ClaimWord.UNCLAIMED_UNIT)) {
                return word;
            }
            word = table.getLongAcquire(offset);
        }
        return ClaimWord.NONE;
    }

    /** @return the number of unclaimed units in {@code slot} (acquire; racy by nature) */
    public int unclaimed(int slot) {
        return ClaimWord.unclaimed(table.getLongAcquire(slotOffset(slot) + CLAIM_WORD_OFFSET));
    }

    /**
     * Records that this thread finished {@code units} units of the job in {@code slot}, and unparks the
     * owner if these were the last and the owner announced that it parks.
     *
     * <p>The {@code getAndAdd} is a volatile write: everything the units wrote is visible to the owner once
     * its acquire load in {@link #incomplete} reads the count this subtraction leaves.
     *
     * @return whether the job is now complete
     */
    public boolean complete(int slot, int units) {
        // Read the owner before subtracting: until our units are counted the slot cannot be released and
        // reused, so this is the owner we must wake and not the next job's.
        Thread owner = (Thread) THREADS.get(owners, slot);
        long before = table.getAndAddLong(slotOffset(slot) + COMPLETION_WORD_OFFSET, -units);
        if (CompletionWord.incomplete(before) != units) {
            return false;
        }
        if (CompletionWord.ownerParked(before)) {
            LockSupport.unpark(owner);
        }
        return true;
    }

    /**
     * @return the number of units of {@code slot} not yet finished. Acquire: pairs with the
     *         {@code getAndAdd} in {@link #complete}; once it returns zero the units' writes are visible.
     */
    public int incomplete(int slot) {
        return CompletionWord.incomplete(table.getLongAcquire(slotOffset(slot) + COMPLETION_WORD_OFFSET));
    }

    /**
     * Announces that the owner is about to park, unless the job is complete. Called by the owner only.
     * The CAS orders against {@link #complete}'s {@code getAndAdd} on the same word: if this succeeds, the
     * finisher sees the flag and unparks the owner.
     *
     * @return true if the owner may park (the job was incomplete), false if the job is complete
     */
    public boolean announceOwnerParked(int slot) {
        int offset = slotOffset(slot) + COMPLETION_WORD_OFFSET;
        long word = table.getLongVolatile(offset);
        while (CompletionWord.incomplete(word) != 0) {
            if (CompletionWord.ownerParked(word) || table.compareAndSetLong(offset, word, word | CompletionWord.OWNER_PARKED)) {
                return true;
            }
            word = table.getLongVolatile(offset);
        }
        return false;
    }

    /** @return the unit kind of a slot whose unit this thread claimed or owns */
    public int kind(int slot) {
        return table.getIntPlain(slotOffset(slot) + KIND_OFFSET);
    }

    /** @return the unit count of a slot whose unit this thread claimed or owns */
    public int count(int slot) {
        return table.getIntPlain(slotOffset(slot) + COUNT_OFFSET);
    }

    /**
     * @return the owner of {@code slot}, read by a thread that holds no unit of the job: racy, but the race
     *         is benign. A stale or null owner only costs a spurious unpark, which every park loop absorbs.
     */
    public Thread ownerRacy(int slot) {
        return (Thread) THREADS.getOpaque(owners, slot);
    }

    /** @return the body of a slot whose unit this thread claimed or owns */
    public Object body(int slot) {
        return OBJECTS.get(bodies, slot);
    }

    /** @return the context of a slot whose unit this thread claimed or owns */
    public Object context(int slot) {
        return OBJECTS.get(contexts, slot);
    }

    /** @return the argument of a slot whose unit this thread claimed or owns (see {@link #prepare}) */
    public long argument(int slot) {
        return arguments[slot];
    }

    /**
     * Stores the primitive result of the one unit of {@code slot}, by the thread that ran it, before it
     * completes the unit ({@link #complete} publishes it to the owner).
     */
    public void setResult(int slot, long result) {
        results[slot] = result;
    }

    /** @return the primitive result of a complete one-unit job, for its owner */
    public long result(int slot) {
        return results[slot];
    }

    /** Stores the object result of the one unit of {@code slot}; as {@link #setResult}. */
    public void setObjectResult(int slot, Object result) {
        OBJECTS.set(objectResults, slot, result);
    }

    /** @return the object result of a complete one-unit job, for its owner */
    public Object objectResult(int slot) {
        return OBJECTS.get(objectResults, slot);
    }

    /**
     * Records {@code failure} as the job's first throwable, or adds it to the first as suppressed.
     * {@link Throwable#addSuppressed} is synchronized, so concurrent failures are all kept.
     */
    public void recordFailure(int slot, Throwable failure) {
        // Volatile CAS from null: the winner's throwable is the one the owner rethrows.
        Throwable first = (Throwable) FAILURES.compareAndExchange(failures, slot, (Throwable) null, failure);
        if (first != null && first != failure) {
            first.addSuppressed(failure);
        }
    }

    /** @return whether a unit of the job in {@code slot} failed (acquire: pairs with the CAS in recordFailure) */
    public boolean hasFailed(int slot) {
        return FAILURES.getAcquire(failures, slot) != null;
    }

    /**
     * Ends the owner's use of a complete slot: takes its first failure, drops the references so the
     * garbage collector can reclaim them, and clears the reserved bit. The bit's volatile clear publishes
     * these writes to the next owner, whose reserving CAS reads it.
     *
     * @return the job's first throwable, or null
     */
    public Throwable release(int slot) {
        Throwable failure = (Throwable) FAILURES.getAcquire(failures, slot);
        FAILURES.set(failures, slot, (Throwable) null);
        OBJECTS.set(bodies, slot, (Object) null);
        OBJECTS.set(contexts, slot, (Object) null);
        OBJECTS.set(objectResults, slot, (Object) null);
        THREADS.set(owners, slot, (Thread) null);
        reserved.clear(slot);
        return failure;
    }
}
