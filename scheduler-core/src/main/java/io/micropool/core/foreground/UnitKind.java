package io.micropool.core.foreground;

import io.micropool.api.Fork;
import io.micropool.api.IndexedJob;

import java.util.function.IntConsumer;

/**
 * How a slot's or a latent frame's body, context and argument turn into a unit: one small switch instead
 * of a wrapper object per call, so that no call has to allocate an adapter.
 *
 * <p>Unit {@code i} of a job runs with the value {@code argument + i}: a published job's argument is 0,
 * so its unit {@code i} gets {@code i}; a latent frame, offered as a one-unit job, keeps its own argument.
 *
 * <p>The {@link Fork} kinds run a join's half: the body is the {@code Fork} function, the context its
 * {@code T} argument, the argument its {@code int} argument; the unit gets the running thread's
 * {@code Fork}. Their halves always both run ({@link #completesBothHalves}), and their results travel as
 * a {@code long} (an {@code int} widened, a {@code double} as its raw bits) or, for
 * {@link #hasObjectResult object results}, as an {@code Object}.
 */
public final class UnitKind {
    /** Body is an {@link IndexedJob}, context its context: {@code body.run(context, argument)}. */
    public static final int INDEXED = 0;
    /** Body is an {@link IntConsumer}: {@code body.accept(argument)}. */
    public static final int INT_CONSUMER = 1;
    /** Context is a {@link Runnable} (a half of {@code join(a, b)}); body is unused. */
    public static final int RUNNABLE = 2;
    /** {@link Fork.ToLongFunction}. */
    public static final int TO_LONG = 3;
    /** {@link Fork.IntToLongFunction}. */
    public static final int INT_TO_LONG = 4;
    /** {@link Fork.ToIntFunction}. */
    public static final int TO_INT = 5;
    /** {@link Fork.IntToIntFunction}. */
    public static final int INT_TO_INT = 6;
    /** {@link Fork.ToDoubleFunction}. */
    public static final int TO_DOUBLE = 7;
    /** {@link Fork.IntToDoubleFunction}. */
    public static final int INT_TO_DOUBLE = 8;
    /** {@link Fork.Function}. */
    public static final int FUNCTION = 9;
    /** {@link Fork.IntFunction}. */
    public static final int INT_FUNCTION = 10;
    /** {@link Fork.Consumer}. */
    public static final int CONSUMER = 11;
    /** {@link Fork.IntConsumer}. */
    public static final int FORK_INT_CONSUMER = 12;

    private UnitKind() {
    }

    /**
     * @return whether both halves of a two-half call of this kind run even if one throws (the
     *         {@code Fork} joins); otherwise a half not started when the other failed is skipped
     */
    public static boolean completesBothHalves(int kind) {
        return kind >= TO_LONG;
    }

    /** @return whether a unit of this kind returns a primitive result ({@link #run}'s value means something) */
    public static boolean hasPrimitiveResult(int kind) {
        return kind >= TO_LONG && kind <= INT_TO_DOUBLE;
    }

    /** @return whether a unit of this kind returns an object ({@link #runForObject}) */
    public static boolean hasObjectResult(int kind) {
        return kind == FUNCTION || kind == INT_FUNCTION;
    }

    /**
     * Runs a unit whose result, if any, is primitive, on the thread whose {@code Fork} is {@code fork}.
     *
     * @return the result as a {@code long}: an {@code int} widened, a {@code double}'s raw bits, 0 if none
     */
    @SuppressWarnings("unchecked")
    public static long run(Fork fork, int kind, Object body, Object context, long argument) {
        switch (kind) {
            case INDEXED:
                ((IndexedJob<Object>) body).run(context, (int) argument);
                return 0;
            case INT_CONSUMER:
                ((IntConsumer) body).accept((int) argument);
                return 0;
            case RUNNABLE:
                ((Runnable) context).run();
                return 0;
            case TO_LONG:
                return ((Fork.ToLongFunction<Object>) body).apply(fork, context);
            case INT_TO_LONG:
                return ((Fork.IntToLongFunction) body).apply(fork, (int) argument);
            case TO_INT:
                return ((Fork.ToIntFunction<Object>) body).apply(fork, context);
            case INT_TO_INT:
                return ((Fork.IntToIntFunction) body).apply(fork, (int) argument);
            case TO_DOUBLE:
                return Double.doubleToRawLongBits(((Fork.ToDoubleFunction<Object>) body).apply(fork, context));
            case INT_TO_DOUBLE:
                return Double.doubleToRawLongBits(((Fork.IntToDoubleFunction) body).apply(fork, (int) argument));
            case CONSUMER:
                ((Fork.Consumer<Object>) body).accept(fork, context);
                return 0;
            case FORK_INT_CONSUMER:
                ((Fork.IntConsumer) body).accept(fork, (int) argument);
                return 0;
            default:
                throw new IllegalStateException("not a unit kind with a primitive result or none: " + kind);
        }
    }

    /** Runs a unit of a kind that {@link #hasObjectResult has an object result}. */
    @SuppressWarnings("unchecked")
    public static Object runForObject(Fork fork, int kind, Object body, Object context, long argument) {
        switch (kind) {
            case FUNCTION:
                return ((Fork.Function<Object, Object>) body).apply(fork, context);
            case INT_FUNCTION:
                return ((Fork.IntFunction<Object>) body).apply(fork, (int) argument);
            default:
                throw new IllegalStateException("not a unit kind with an object result: " + kind);
        }
    }
}
