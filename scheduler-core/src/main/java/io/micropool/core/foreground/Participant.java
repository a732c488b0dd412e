package io.micropool.core.foreground;

import io.micropool.api.Fork;
import io.micropool.api.IndexedJob;
import io.micropool.core.jfr.ParkEvent;
import io.micropool.core.sleep.Spin;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.TraceSession;
import io.micropool.core.trace.Tracer;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * What the scheduler keeps about one thread taking part in one pool — a worker, or any outside thread
 * that called into the pool — and that thread's {@link Fork}. Confined to its thread: every field is plain.
 *
 * <h2>The two-half calls' fast path</h2>
 * Every two-half call of the thread starts here: the {@code Fork} joins ({@link #keepsForkJoin}) and,
 * through {@code MicroPool}, {@code join(a, b)}, {@code joinAll} of two and {@code invoke(2, …)}
 * ({@link #keepsJoin}). Their test is the whole cost of a call that nobody wants: one plain read of the
 * latent count, one opaque read of the pool's work-request word, one counter increment; then the call runs
 * both halves with direct calls, the typed ones without boxing. Everything else — the first call of a
 * tree, a push, an offer, a look at the clock — is {@link PairPath}'s, which runs halves through
 * {@link UnitKind} and leaves their results in this object's result registers.
 *
 * <p>The ten typed joins repeat one shape, as the JDK's primitive specialisations do: each half must be a
 * direct call with its own primitive type, so that the JIT inlines the user's function into it and
 * nothing is boxed; what they share lives once, in {@link PairPath}. Each must also stay small: the JIT
 * inlines it into the user's recursive function only while its compiled code is small, and a join that
 * is not inlined costs a call and a megamorphic dispatch per level.
 *
 * <p>Inside this class the simple names {@code Function}, {@code Consumer}, {@code IntConsumer} and the
 * like are {@link Fork}'s nested interfaces, which a class implementing it inherits.
 *
 * <p>The fast path does not check the thread: it changes nothing but this thread's count. Every method of
 * {@link PairPath} that pushes or offers does ({@link #checkThread}).
 */
public final class Participant implements Fork {
    /** Scope value of a thread that is not inside any call of this pool. */
    public static final int NO_SCOPE = -1;
    /**
     * Frames a worker's latent stack holds before it first grows: a worker runs the deep recursions it
     * steals, so it starts with room for a few dozen levels.
     */
    static final int WORKER_LATENT_FRAMES = 32;
    /**
     * Frames an outside thread's latent stack holds before it first grows (once, to the depth its calls
     * reach): many outside threads call once or make shallow calls — a request thread, a virtual thread
     * per request — so their first call allocates about 160 bytes of stack instead of 830.
     */
    static final int CALLER_LATENT_FRAMES = 4;

    /**
     * The thread: final in effect for a thread's own participant. For a {@linkplain Seats seat}, the
     * virtual thread it is lent to, written by that thread when it borrows the seat and set to null when it
     * gives it back; the seat's lent bit hands it from one borrower to the next (see {@link Seats}).
     */
    Thread thread;
    /** Index of this participant among the pool's {@link Seats}, or -1 for a thread's own participant. */
    final int seat;
    /** The owner-table entry listing this seat while it is lent, or -1; its borrower only. */
    int ownerEntry = -1;
    /** This thread's spin (its configured strategy, which may keep state between calls); this thread only. */
    private final Spin spin;
    /** Index of the worker in the pool, or -1 for an outside thread. */
    final int workerIndex;
    /**
     * Scope of the call tree this thread is working in: set by an outermost call, adopted while running a
     * unit claimed from another thread's job, {@link #NO_SCOPE} otherwise.
     */
    int scope = NO_SCOPE;
    /** Second halves of this thread's two-half calls that are latent, or offered and not finished. */
    final LatentFrames pending;
    /** What this thread did in the pool; written by this thread only (see {@link ThreadCounters}). */
    final ThreadCounters counters;
    /** The slow path of two-half calls, shared by the pool's participants. */
    private final PairPath pairs;
    /** The pool's work-request word, read by every two-half call. */
    private final WorkRequests requests;
    /**
     * Result registers: the results of half 1 and half 0 of the last two-half call {@link PairPath} ran
     * for this thread, read by the typed method that called it right after, before any other call. A
     * {@code long} holds an {@code int} widened and a {@code double}'s raw bits; the object registers are
     * cleared as they are read.
     */
    private long result1;
    private long result0;
    private Object objectResult1;
    private Object objectResult0;
    /** The trace this thread last recorded into, and its buffer in it; this thread only. */
    private TraceSession traceSession;
    private TraceBuffer traceBuffer;

    /** A participant that never makes a two-half call (a test's). */
    public Participant(Thread thread, Spin spin, int workerIndex, ThreadCounters counters) {
        this(thread, spin, workerIndex, counters, null);
    }

    /** @param pairs the pool's slow path of two-half calls */
    public Participant(Thread thread, Spin spin, int workerIndex, ThreadCounters counters, PairPath pairs) {
        this(thread, spin, workerIndex, counters, pairs, -1);
    }

    /** @param seat the index of this participant among the pool's {@link Seats}, or -1 */
    public Participant(Thread thread, Spin spin, int workerIndex, ThreadCounters counters, PairPath pairs,
                       int seat) {
        this.thread = thread;
        this.seat = seat;
        this.spin = spin;
        this.workerIndex = workerIndex;
        this.pending = new LatentFrames(workerIndex >= 0 ? WORKER_LATENT_FRAMES : CALLER_LATENT_FRAMES);
        this.counters = counters;
        this.pairs = pairs;
        this.requests = pairs == null ? new WorkRequests() : pairs.requests();
    }

    // ---- the fast path ----------------------------------------------------------------------------

    /**
     * The fast path of {@code join(a, b)} and {@code invoke(2, …)}.
     *
     * @return true if the call should run both halves in place, having counted it; false if it must take
     *         {@link PairPath#join} (which, while a trace is recording, every such call does, to be traced)
     */
    private boolean keepsJoin() {
        if (pending.latent >= LatentFrames.KEPT_LATENT && !requests.any()) {
            if (pairs.tracing()) {
                return false;
            }
            counters.increment(ThreadCounters.PAIRS_KEPT);
            return true;
        }
        return !pairs.tracing() && pairs.keeps(this, false);
    }

    /**
     * The fast path of a {@code Fork} join: as {@link #keepsJoin}, but while some thread asks for work it
     * looks only every {@link LatentFrames#quiet} calls (see {@link PairPath}), and it is never traced.
     */
    private boolean keepsForkJoin() {
        LatentFrames frames = pending;
        if (frames.latent >= LatentFrames.KEPT_LATENT && (!requests.any() || --frames.quiet >= 0)) {
            counters.increment(ThreadCounters.PAIRS_KEPT);
            return true;
        }
        return pairs.keeps(this, true);
    }

    /** {@code join(a, b)}: {@code a} then {@code b}; {@code b} skipped if {@code a} throws and it was not taken. */
    public void joinRunnables(Runnable a, Runnable b) {
        if (keepsJoin()) {
            a.run();
            b.run();
        } else {
            pairs.join(this, UnitKind.RUNNABLE, null, a, b, 0, 0);
        }
    }

    /** {@code invoke(2, context, job)}: unit 1, then unit 0. */
    public <C> void invokePair(C context, IndexedJob<C> job) {
        if (keepsJoin()) {
            job.run(context, 1);
            job.run(context, 0);
        } else {
            pairs.join(this, UnitKind.INDEXED, job, context, context, 1, 0);
        }
    }

    /** {@code invoke(2, body)}: unit 1, then unit 0. */
    public void invokePair(java.util.function.IntConsumer body) {
        if (keepsJoin()) {
            body.accept(1);
            body.accept(0);
        } else {
            pairs.join(this, UnitKind.INT_CONSUMER, body, null, null, 1, 0);
        }
    }

    @Override
    public <T> long joinLong(ToLongFunction<? super T> fn, T a, T b, LongBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            long first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.TO_LONG, fn, b, 0);
            }
            return combine.applyAsLong(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.TO_LONG, fn, a, b, 0, 0);
        return combine.applyAsLong(result1, result0);
    }

    @Override
    public long joinLong(IntToLongFunction fn, int a, int b, LongBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            long first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.INT_TO_LONG, fn, null, b);
            }
            return combine.applyAsLong(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.INT_TO_LONG, fn, null, null, a, b);
        return combine.applyAsLong(result1, result0);
    }

    @Override
    public <T> int joinInt(ToIntFunction<? super T> fn, T a, T b, IntBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            int first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.TO_INT, fn, b, 0);
            }
            return combine.applyAsInt(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.TO_INT, fn, a, b, 0, 0);
        return combine.applyAsInt((int) result1, (int) result0);
    }

    @Override
    public int joinInt(IntToIntFunction fn, int a, int b, IntBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            int first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.INT_TO_INT, fn, null, b);
            }
            return combine.applyAsInt(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.INT_TO_INT, fn, null, null, a, b);
        return combine.applyAsInt((int) result1, (int) result0);
    }

    @Override
    public <T> double joinDouble(ToDoubleFunction<? super T> fn, T a, T b, DoubleBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            double first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.TO_DOUBLE, fn, b, 0);
            }
            return combine.applyAsDouble(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.TO_DOUBLE, fn, a, b, 0, 0);
        return combine.applyAsDouble(Double.longBitsToDouble(result1), Double.longBitsToDouble(result0));
    }

    @Override
    public double joinDouble(IntToDoubleFunction fn, int a, int b, DoubleBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            double first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.INT_TO_DOUBLE, fn, null, b);
            }
            return combine.applyAsDouble(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.INT_TO_DOUBLE, fn, null, null, a, b);
        return combine.applyAsDouble(Double.longBitsToDouble(result1), Double.longBitsToDouble(result0));
    }

    @Override
    public <T, R> R join(Function<? super T, ? extends R> fn, T a, T b, BinaryOperator<R> combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            R first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.FUNCTION, fn, b, 0);
            }
            return combine.apply(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.FUNCTION, fn, a, b, 0, 0);
        return combine.apply(takeObjectResult1(), takeObjectResult0());
    }

    @Override
    public <R> R join(IntFunction<? extends R> fn, int a, int b, BinaryOperator<R> combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        if (keepsForkJoin()) {
            R first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.INT_FUNCTION, fn, null, b);
            }
            return combine.apply(first, fn.apply(this, b));
        }
        pairs.join(this, UnitKind.INT_FUNCTION, fn, null, null, a, b);
        return combine.apply(takeObjectResult1(), takeObjectResult0());
    }

    @Override
    public <T> void join(Consumer<? super T> fn, T a, T b) {
        Objects.requireNonNull(fn, "fn");
        if (keepsForkJoin()) {
            try {
                fn.accept(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.CONSUMER, fn, b, 0);
            }
            fn.accept(this, b);
        } else {
            pairs.join(this, UnitKind.CONSUMER, fn, a, b, 0, 0);
        }
    }

    @Override
    public void join(IntConsumer fn, int a, int b) {
        Objects.requireNonNull(fn, "fn");
        if (keepsForkJoin()) {
            try {
                fn.accept(this, a);
            } catch (Throwable failure) {
                throw PairPath.afterFirstHalfFailed(this, failure, UnitKind.FORK_INT_CONSUMER, fn, null, b);
            }
            fn.accept(this, b);
        } else {
            pairs.join(this, UnitKind.FORK_INT_CONSUMER, fn, null, null, a, b);
        }
    }

    // ---- result registers (PairPath) ---------------------------------------------------------------

    /** Leaves the results of the two-half call {@link PairPath} just ran, for the typed method that called it. */
    void setResults(long half1, long half0, Object object1, Object object0) {
        result1 = half1;
        result0 = half0;
        objectResult1 = object1;
        objectResult0 = object0;
    }

    @SuppressWarnings("unchecked")
    private <R> R takeObjectResult1() {
        Object result = objectResult1;
        objectResult1 = null;
        return (R) result;
    }

    @SuppressWarnings("unchecked")
    private <R> R takeObjectResult0() {
        Object result = objectResult0;
        objectResult0 = null;
        return (R) result;
    }

    // ---- the rest ----------------------------------------------------------------------------------

    /**
     * @throws IllegalStateException if the calling thread is not this participant's: a {@code Fork} used
     *                               on a thread it was not given to
     */
    void checkThread() {
        Thread owner = thread;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("this Fork belongs to "
                + (owner == null ? "no thread now (its call has ended)" : owner.getName())
                + " and was used on " + Thread.currentThread().getName()
                + ": a Fork is confined to the thread it was given to");
        }
    }

    /**
     * @return this thread's buffer in the trace {@code tracer} is recording, registered on the thread's
     *         first span of that trace; null when no trace is running (one volatile read)
     */
    public TraceBuffer traceBuffer(Tracer tracer) {
        TraceSession session = tracer.current();
        if (session == null) {
            return null;
        }
        if (session != traceSession) {
            traceBuffer = session.register(thread);
            traceSession = session;
        }
        return traceBuffer;
    }

    /** @return this thread's spin, for its waiting loops (this thread only) */
    public Spin spin() {
        return spin;
    }

    /** @return this thread's statistics counters, to be written by this thread only */
    public ThreadCounters counters() {
        return counters;
    }

    /**
     * Counts a park of this thread that began at {@code parkedAt} ({@link System#nanoTime}) and ended now;
     * {@code wokenForWork} if another thread woke it to help with new work. Commits {@code event}, the
     * park's JFR event begun by {@link ParkEvent#begin}, unless it is null.
     */
    public void countPark(long parkedAt, boolean wokenForWork, ParkEvent event) {
        counters.increment(ThreadCounters.PARKS);
        counters.add(ThreadCounters.PARK_NANOS, System.nanoTime() - parkedAt);
        if (wokenForWork) {
            counters.increment(ThreadCounters.WAKE_UPS_RECEIVED);
        }
        if (event != null) {
            event.wokenForWork = wokenForWork;
            event.commit();
        }
    }

    /** @return the index of the worker in the pool, or -1 for an outside thread */
    public int workerIndex() {
        return workerIndex;
    }

    /** @return whether this is one of the pool's workers */
    public boolean isWorker() {
        return workerIndex >= 0;
    }

    /** @return whether this thread is inside a call of the pool, or running a unit of one */
    public boolean inScope() {
        return scope != NO_SCOPE;
    }

    @Override
    public String toString() {
        Thread owner = thread;
        return "Fork[" + (owner == null ? "seat " + seat + ", not lent" : owner.getName()) + "]";
    }
}
