package io.micropool.core.foreground;

import io.micropool.core.bits.AtomicBitSet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntFunction;

/**
 * Participants lent to virtual threads, one outermost call at a time. A virtual thread usually calls a
 * pool once and ends — one per request — so it keeps no state of its own in the pool: its outermost
 * two-half call or {@code Fork} join borrows a seat (a {@link Participant} the pool made once and keeps)
 * at once, its larger calls once they are shared ({@link DeferredCalls}), runs the call with it, and gives
 * it back. A new virtual thread thus allocates nothing in the pool, and nothing is left to reclaim when it
 * ends; a seat's counters are part of the pool's "virtual threads" statistics.
 *
 * <p>A call nested in the borrowed call — a {@code join} of lambdas in one of the thread's own units —
 * finds the seat again through the <em>owner table</em>, an open-addressed table keyed by the thread
 * ({@link #held}). That lookup is an optimisation only: a thread that finds no room for its entry
 * ({@value #WINDOW} entries of its window all taken, rare at a load factor of 1/8) keeps its seat
 * unlisted, and its nested calls then borrow seats of their own, as separate outermost calls with their
 * own scopes. When every seat is lent the call runs inline on the thread, counted by the caller.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>{@link #lent}: bit {@code k} set while seat {@code k} is lent. A borrower claims the bit (CAS);
 *       the borrower gives it back by clearing it (a volatile read-modify-write). Clearing happens-before
 *       the next claim of the bit, so the next borrower sees every plain write the last one made to the
 *       seat (its scope, latent stack, result registers) and its counters.</li>
 *   <li>{@link #seats}: element {@code k} is written once, with a release store, by the first borrower
 *       of bit {@code k}, which creates the seat; read with an acquire load by the later borrowers (who
 *       would see it through the bit anyway) and by {@link #created} for a statistics snapshot.</li>
 *   <li>{@link #owners}: entry {@code i} is set from null to a thread only by that thread (CAS), and set
 *       back to null only by it (release store) before it gives the seat back. Any thread reads entries
 *       with acquire loads, and a reader uses an entry only if it holds the reader itself — which only
 *       the reader can have put there, so it sees its own last write to it.</li>
 *   <li>{@link #seatAt}: entry {@code i} is written (plain) by the thread that owns {@code owners[i]},
 *       after its CAS, and read only by that same thread: no other thread writes it while the entry is
 *       owned, because no other CAS on it can succeed.</li>
 * </ul>
 */
public final class Seats {
    /** Entries of the owner table a thread may take: its hash and the next seven. */
    static final int WINDOW = 8;

    private static final VarHandle SEATS = MethodHandles.arrayElementVarHandle(Participant[].class);
    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);

    /** Bit {@code k}: seat {@code k} is lent; see the class comment. */
    private final AtomicBitSet lent;
    /** Seat {@code k}, created by its first borrower; see the class comment. */
    private final Participant[] seats;
    /** The owner table: the thread holding the seat listed at each entry; see the class comment. */
    private final Thread[] owners;
    /** The seat listed at each owned entry of {@link #owners}; see the class comment. */
    private final Participant[] seatAt;
    private final int mask;
    /** Makes seat {@code k} for its first borrower. */
    private final IntFunction<Participant> create;

    /**
     * @param count  the number of seats (at most this many virtual threads are in calls with a seat)
     * @param create makes seat {@code k}, for the calling thread (its first borrower)
     */
    public Seats(int count, IntFunction<Participant> create) {
        this(count, Math.max(64, Integer.highestOneBit(Math.max(1, count) * WINDOW - 1) << 1), create);
    }

    /**
     * @param tableSize entries of the owner table, a power of two: small in tests, to make threads collide
     *                  (public for the stress tests; the package is not exported)
     */
    public Seats(int count, int tableSize, IntFunction<Participant> create) {
        if (count < 1 || Integer.bitCount(tableSize) != 1) {
            throw new IllegalArgumentException("count " + count + ", table size " + tableSize);
        }
        this.lent = AtomicBitSet.allocate(count);
        this.seats = new Participant[count];
        this.owners = new Thread[tableSize];
        this.seatAt = new Participant[tableSize];
        this.mask = tableSize - 1;
        this.create = create;
    }

    /** @return the seat the calling thread {@code thread} holds and listed, or null */
    public Participant held(Thread thread) {
        int start = hash(thread);
        int window = Math.min(WINDOW, owners.length);
        for (int k = 0; k < window; k++) {
            int i = (start + k) & mask;
            if (OWNERS.getAcquire(owners, i) == thread) {
                return seatAt[i];
            }
        }
        return null;
    }

    /**
     * Lends a seat to the calling thread {@code thread}, which holds none: claims a free one, makes it on
     * its first loan, and lists it in the owner table if its window has room.
     *
     * @return the seat, or null if every seat is lent
     */
    public Participant lend(Thread thread) {
        int hash = hash(thread);
        int k = lent.claimFirstClear(hash);
        if (k < 0) {
            return null;
        }
        Participant seat = (Participant) SEATS.getAcquire(seats, k);
        if (seat == null) {
            seat = create.apply(k);
            SEATS.setRelease(seats, k, seat);
        }
        seat.thread = thread;
        seat.ownerEntry = list(thread, hash, seat);
        return seat;
    }

    /** Gives back {@code seat}, lent to the calling thread, after its outermost call ended. */
    public void giveBack(Participant seat) {
        int entry = seat.ownerEntry;
        if (entry >= 0) {
            seatAt[entry] = null;
            OWNERS.setRelease(owners, entry, null);
        }
        seat.thread = null;
        lent.clear(seat.seat);
    }

    /** @return the seats made so far, for a statistics snapshot (any thread) */
    public int created() {
        int made = 0;
        for (int k = 0; k < seats.length; k++) {
            if (SEATS.getAcquire(seats, k) != null) {
                made++;
            }
        }
        return made;
    }

    /** @return the number of seats lent now (racy, from volatile reads) */
    public int lentCount() {
        return lent.cardinality();
    }

    /** @return the entry of the owner table taken for {@code seat}, or -1 if its window is full */
    private int list(Thread thread, int start, Participant seat) {
        int window = Math.min(WINDOW, owners.length);
        for (int k = 0; k < window; k++) {
            int i = (start + k) & mask;
            if (OWNERS.getAcquire(owners, i) == null && OWNERS.compareAndSet(owners, i, null, thread)) {
                seatAt[i] = seat;
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("deprecation")
    private static int hash(Thread thread) {
        // Thread.getId() (threadId() from JDK 19) is unique and stable; mixed, since ids come in sequence.
        long id = thread.getId() * 0x9E3779B97F4A7C15L;
        return (int) (id >>> 32);
    }
}
