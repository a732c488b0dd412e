package io.micropool.api;

import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The calling thread's handle on its scheduler for fine-grained recursion: a divide-and-conquer function
 * receives it, splits its work with one of the {@code join} methods, and passes it on. A join nobody else
 * wants costs a few loads and compares on top of the two calls it makes, and allocates nothing.
 *
 * <pre>{@code
 * static long fib(Fork fork, int n) {
 *     if (n < 2) {
 *         return n;
 *     }
 *     return fork.joinLong(Fib::fib, n - 1, n - 2, Long::sum);
 * }
 *
 * long f = fib(pool.fork(), 30);
 * }</pre>
 *
 * <h2>What a join does</h2>
 * {@code fork.joinLong(fn, a, b, combine)} returns {@code combine(fn(fork, a), fn(fork, b))}. The calling
 * thread runs {@code fn(a)} itself; {@code fn(b)} stays <em>latent</em> on the thread's own stack, written
 * with plain stores and seen by nobody, and the thread runs it after {@code fn(a)} with a direct call —
 * unless meanwhile another thread of the scheduler asked for work (an idle worker, or a thread waiting for
 * its own call with nothing of its tree to help) and the thread, at one of its joins, has seen such
 * requests for a few microseconds (longer if every asking thread is parked, since waking one costs more):
 * a recursion that finishes sooner runs alone. Then the thread hands over its <em>oldest</em> latent
 * half, the largest piece of work it holds, and whoever takes it — an idle worker, or a thread of the
 * same call tree waiting for its own call — runs it with its own {@code Fork}. Most joins do not even
 * record their second half: a thread keeps only a few latent halves, those nearest the root of its
 * recursion, and the joins below them run both halves in place.
 *
 * <p>No join offers its second half before some thread asks, not even the first join of a call tree
 * (made outside any call of the scheduler, on {@link Scheduler#fork()}'s handle): a recursion joins again
 * within nanoseconds, and is shared at its next join once asked. A recursion whose leaves run for
 * milliseconds is therefore shared only after its first leaf; for such coarse halves
 * {@link Scheduler#join(Runnable, Runnable)} and {@code invoke}, which offer at once, suit better.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread-confined.</b> A {@code Fork} belongs to the thread it was given to: the one that called
 *       {@link Scheduler#fork()}, or the thread running the function it was passed to. Using it on another
 *       thread throws {@link IllegalStateException} where the fork would record or hand over a half. The
 *       handle a virtual thread gets inside a call is lent to it for that call only (see
 *       {@link Scheduler#fork()}).</li>
 *   <li><b>Both halves always complete.</b> If {@code fn(a)} throws, {@code fn(b)} still runs (or, if
 *       another thread took it, is waited for); then the first throwable — {@code fn(a)}'s if both threw —
 *       is rethrown as is, the other added to it as {@linkplain Throwable#getSuppressed() suppressed}. A
 *       failing half never leaves its sibling running behind the join.</li>
 *   <li><b>Waiting.</b> If another thread took {@code fn(b)}, the calling thread, once {@code fn(a)} is
 *       done, waits for it as every call of the scheduler waits (see {@link Scheduler}): it helps with its
 *       own call tree, spins briefly, then parks. Interrupts do not cut the wait short; the interrupt
 *       status is restored when the join returns.</li>
 *   <li><b>Visibility.</b> Everything both halves wrote happens-before the join returns.</li>
 *   <li><b>Scope.</b> A half another thread takes belongs to the same call tree: a thread waiting for its
 *       own work helps only halves and jobs of its own tree, never unrelated work.</li>
 *   <li><b>No waiting on the sibling.</b> {@code fn(a)} must not wait for something only {@code fn(b)}
 *       does: {@code fn(b)} may run on this very thread after {@code fn(a)} returns.</li>
 *   <li><b>Arguments</b> are checked before anything runs: {@code null} functions throw
 *       {@link NullPointerException}; the halves' arguments may be {@code null} if {@code fn} accepts it.</li>
 *   <li><b>Composes</b> with everything else of the scheduler: a function may call {@code invoke}, a
 *       parallel stream or {@code join(Runnable, Runnable)}, and their units may call {@link
 *       Scheduler#fork()} and recurse; all of it belongs to the same call tree.</li>
 * </ul>
 * When the scheduler has no workers or is closed, every join runs both halves on the calling thread.
 *
 * <p>Functions should be non-capturing (a method reference to a static method, or a lambda that uses only
 * its parameters): then a join allocates nothing, whether it runs both halves itself or hands one over
 * (in steady state, as {@link Scheduler} defines it). Each join method exists for {@code T} arguments and
 * for {@code int} arguments, so that neither is boxed.
 */
public interface Fork {
    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @param <T>     the type of the halves' arguments
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    <T> long joinLong(ToLongFunction<? super T> fn, T a, T b, LongBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    long joinLong(IntToLongFunction fn, int a, int b, LongBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @param <T>     the type of the halves' arguments
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    <T> int joinInt(ToIntFunction<? super T> fn, T a, T b, IntBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    int joinInt(IntToIntFunction fn, int a, int b, IntBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @param <T>     the type of the halves' arguments
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    <T> double joinDouble(ToDoubleFunction<? super T> fn, T a, T b, DoubleBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    double joinDouble(IntToDoubleFunction fn, int a, int b, DoubleBinaryOperator combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @param <T>     the type of the halves' arguments
     * @param <R>     the result type of the halves and of the join
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    <T, R> R join(Function<? super T, ? extends R> fn, T a, T b, BinaryOperator<R> combine);

    /**
     * {@return {@code combine(fn(this, a), fn(this, b))}, the halves possibly run in parallel (see the
     * class comment)}
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param combine called on the calling thread once both halves are done, with the first half's result
     *                then the second's
     * @param <R>     the result type of the halves and of the join
     * @throws NullPointerException if {@code fn} or {@code combine} is {@code null}
     */
    <R> R join(IntFunction<? extends R> fn, int a, int b, BinaryOperator<R> combine);

    /**
     * Runs {@code fn(this, a)} and {@code fn(this, b)}, possibly in parallel, and returns when both are done
     * (see the class comment).
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @param <T>     the type of the halves' arguments
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    <T> void join(Consumer<? super T> fn, T a, T b);

    /**
     * Runs {@code fn(this, a)} and {@code fn(this, b)}, possibly in parallel, and returns when both are done
     * (see the class comment).
     *
     * @param fn      the function of both halves, given the {@code Fork} of the thread that runs each
     * @param a       the first half's argument: the calling thread runs {@code fn(this, a)} itself
     * @param b       the second half's argument: {@code fn(this, b)} runs after the first half on this
     *                thread, unless another thread took it meanwhile
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    void join(IntConsumer fn, int a, int b);

    /**
     * A half of a join with a {@code T} argument and a {@code long} result.
     *
     * @param <T> the type of the argument
     */
    @FunctionalInterface
    interface ToLongFunction<T> {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        long apply(Fork fork, T argument);
    }

    /** A half of a join with an {@code int} argument and a {@code long} result. */
    @FunctionalInterface
    interface IntToLongFunction {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        long apply(Fork fork, int argument);
    }

    /**
     * A half of a join with a {@code T} argument and an {@code int} result.
     *
     * @param <T> the type of the argument
     */
    @FunctionalInterface
    interface ToIntFunction<T> {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        int apply(Fork fork, T argument);
    }

    /** A half of a join with an {@code int} argument and an {@code int} result. */
    @FunctionalInterface
    interface IntToIntFunction {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        int apply(Fork fork, int argument);
    }

    /**
     * A half of a join with a {@code T} argument and a {@code double} result.
     *
     * @param <T> the type of the argument
     */
    @FunctionalInterface
    interface ToDoubleFunction<T> {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        double apply(Fork fork, T argument);
    }

    /** A half of a join with an {@code int} argument and a {@code double} result. */
    @FunctionalInterface
    interface IntToDoubleFunction {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        double apply(Fork fork, int argument);
    }

    /**
     * A half of a join with a {@code T} argument and an {@code R} result.
     *
     * @param <T> the type of the argument
     * @param <R> the type of the result
     */
    @FunctionalInterface
    interface Function<T, R> {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        R apply(Fork fork, T argument);
    }

    /**
     * A half of a join with an {@code int} argument and an {@code R} result.
     *
     * @param <R> the type of the result
     */
    @FunctionalInterface
    interface IntFunction<R> {
        /**
         * {@return the half's result}
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        R apply(Fork fork, int argument);
    }

    /**
     * A half of a join with a {@code T} argument and no result.
     *
     * @param <T> the type of the argument
     */
    @FunctionalInterface
    interface Consumer<T> {
        /**
         * Runs the half.
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        void accept(Fork fork, T argument);
    }

    /** A half of a join with an {@code int} argument and no result. */
    @FunctionalInterface
    interface IntConsumer {
        /**
         * Runs the half.
         *
         * @param fork     the handle of the thread running the half, for the joins the half makes
         * @param argument the half's argument, {@code a} or {@code b} of the join
         */
        void accept(Fork fork, int argument);
    }
}
