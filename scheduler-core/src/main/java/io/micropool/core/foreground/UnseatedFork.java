package io.micropool.core.foreground;

import io.micropool.api.Fork;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The {@link Fork} {@code pool.fork()} gives a virtual thread outside any call: such a thread keeps no
 * participant of its own (see {@link Seats}), so each join it makes here is an outermost call that borrows
 * a seat, runs the join with the seat's own {@code Fork} — which the halves receive — and gives the seat
 * back. A join made here by a thread that holds a seat (this {@code Fork} kept and used inside a call)
 * runs on that seat; with every seat lent, the join runs both halves inline, counted as such, and passes
 * them this {@code Fork}. Stateless, so shared by every virtual thread of the pool.
 *
 * <p>Inside this class the simple names {@code Function}, {@code Consumer} and the like are
 * {@link Fork}'s nested interfaces. The ten joins repeat one shape — find the seat, or borrow one, or run
 * inline — because each is a primitive specialisation that a shared generic helper would box, as in
 * {@link Participant}.
 */
public final class UnseatedFork implements Fork {
    private final Participants participants;
    private final VirtualCallers callers;

    /**
     * @param participants the pool's participants, which find a seat the calling thread holds
     * @param callers      lends seats to virtual threads, counting a join run inline for lack of one
     */
    public UnseatedFork(Participants participants, VirtualCallers callers) {
        this.participants = participants;
        this.callers = callers;
    }

    /**
     * The inline join's answer to a failed first half: runs the second half anyway — both halves of a
     * {@code Fork} join always run, as {@link PairPath#afterFirstHalfFailed} makes them on a participant —
     * then rethrows {@code failure}, with what the second half threw suppressed on it. Allocates the
     * second half's lambda, on this failure path only.
     */
    private static RuntimeException afterFirstHalfFailed(Throwable failure, Runnable second) {
        try {
            second.run();
        } catch (Throwable later) {
            PairPath.suppress(failure, later);
        }
        throw Rethrow.<RuntimeException>unchecked(failure);
    }

    /** @return a seat for the calling thread, or null (counted) if every seat is lent */
    private Participant lend() {
        return callers.lend();
    }

    @Override
    public <T> long joinLong(ToLongFunction<? super T> fn, T a, T b, LongBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinLong(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            long first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsLong(first, fn.apply(this, b));
        }
        try {
            return seat.joinLong(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public long joinLong(IntToLongFunction fn, int a, int b, LongBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinLong(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            long first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsLong(first, fn.apply(this, b));
        }
        try {
            return seat.joinLong(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public <T> int joinInt(ToIntFunction<? super T> fn, T a, T b, IntBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinInt(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            int first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsInt(first, fn.apply(this, b));
        }
        try {
            return seat.joinInt(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public int joinInt(IntToIntFunction fn, int a, int b, IntBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinInt(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            int first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsInt(first, fn.apply(this, b));
        }
        try {
            return seat.joinInt(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public <T> double joinDouble(ToDoubleFunction<? super T> fn, T a, T b, DoubleBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinDouble(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            double first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsDouble(first, fn.apply(this, b));
        }
        try {
            return seat.joinDouble(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public double joinDouble(IntToDoubleFunction fn, int a, int b, DoubleBinaryOperator combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.joinDouble(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            double first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.applyAsDouble(first, fn.apply(this, b));
        }
        try {
            return seat.joinDouble(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public <T, R> R join(Function<? super T, ? extends R> fn, T a, T b, BinaryOperator<R> combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.join(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            R first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.apply(first, fn.apply(this, b));
        }
        try {
            return seat.join(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public <R> R join(IntFunction<? extends R> fn, int a, int b, BinaryOperator<R> combine) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(combine, "combine");
        Participant self = participants.current();
        if (self != null) {
            return self.join(fn, a, b, combine);
        }
        Participant seat = lend();
        if (seat == null) {
            R first;
            try {
                first = fn.apply(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.apply(this, b));
            }
            return combine.apply(first, fn.apply(this, b));
        }
        try {
            return seat.join(fn, a, b, combine);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public <T> void join(Consumer<? super T> fn, T a, T b) {
        Objects.requireNonNull(fn, "fn");
        Participant self = participants.current();
        if (self != null) {
            self.join(fn, a, b);
            return;
        }
        Participant seat = lend();
        if (seat == null) {
            try {
                fn.accept(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.accept(this, b));
            }
            fn.accept(this, b);
            return;
        }
        try {
            seat.join(fn, a, b);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public void join(IntConsumer fn, int a, int b) {
        Objects.requireNonNull(fn, "fn");
        Participant self = participants.current();
        if (self != null) {
            self.join(fn, a, b);
            return;
        }
        Participant seat = lend();
        if (seat == null) {
            try {
                fn.accept(this, a);
            } catch (Throwable failure) {
                throw afterFirstHalfFailed(failure, () -> fn.accept(this, b));
            }
            fn.accept(this, b);
            return;
        }
        try {
            seat.join(fn, a, b);
        } finally {
            callers.giveBack(seat);
        }
    }

    @Override
    public String toString() {
        return "Fork[virtual thread outside a call]";
    }
}
