package io.micropool.core.worker;

import io.micropool.api.IndexedJob;

import java.util.function.IntConsumer;

/**
 * How a slot's body and context turn into a unit: one small switch instead of a wrapper object per call,
 * so that no call has to allocate an adapter.
 */
public final class UnitKind {
    /** Body is an {@link IndexedJob}, context its context: {@code body.run(context, index)}. */
    public static final int INDEXED = 0;
    /** Body is an {@link IntConsumer}: {@code body.accept(index)}. */
    public static final int INT_CONSUMER = 1;
    /**
     * Body and context are the two {@link Runnable}s of a {@code join(a, b)}: unit 1 is {@code a}, unit 0
     * is {@code b}. The caller keeps the last index, so it runs {@code a}, and {@code b} is the one offered.
     */
    public static final int PAIR = 2;

    private UnitKind() {
    }

    /** Runs unit {@code index}. */
    @SuppressWarnings("unchecked")
    public static void run(int kind, Object body, Object context, int index) {
        switch (kind) {
            case INDEXED:
                ((IndexedJob<Object>) body).run(context, index);
                break;
            case INT_CONSUMER:
                ((IntConsumer) body).accept(index);
                break;
            case PAIR:
                ((Runnable) (index == 1 ? body : context)).run();
                break;
            default:
                throw new IllegalStateException("unknown unit kind " + kind);
        }
    }
}
