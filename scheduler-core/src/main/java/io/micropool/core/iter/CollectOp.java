package io.micropool.core.iter;

import java.util.function.BiConsumer;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * {@code collect}: a mutable reduction, each chunk into a container of its own that the supplier
 * ({@link Run#fn}) makes and the accumulator of the lane's type ({@link Run#fn2}) fills. Chunk {@code c}
 * leaves its container in {@code objs[c]}; the caller merges them in chunk order with the combiner.
 */
abstract class CollectOp extends TerminalOp {
    static final CollectOp INT = new Ints();
    static final CollectOp LONG = new Longs();
    static final CollectOp DOUBLE = new Doubles();
    static final CollectOp OBJ = new Objs();

    /** @return the operation of {@code lane} */
    static CollectOp of(Lane lane) {
        return lane.pick(INT, LONG, DOUBLE, OBJ);
    }

    /** The terminal sink: holds the chunk's container. */
    private abstract static class CollectSink extends Terminal {
        final Object container;

        CollectSink(Run run) {
            super(run.cutoff, false);
            this.container = ((Supplier<?>) run.fn).get();
        }

        @Override final void end(Run run, int chunk) {
            run.objs[chunk] = container;
        }
    }

    private static final class Ints extends CollectOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            ObjIntConsumer<Object> accumulator = (ObjIntConsumer<Object>) run.fn2;
            return new CollectSink(run) {
                @Override void accept(long v) {
                    accumulator.accept(container, (int) v);
                }
            };
        }
    }

    private static final class Longs extends CollectOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            ObjLongConsumer<Object> accumulator = (ObjLongConsumer<Object>) run.fn2;
            return new CollectSink(run) {
                @Override void accept(long v) {
                    accumulator.accept(container, v);
                }
            };
        }
    }

    private static final class Doubles extends CollectOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            ObjDoubleConsumer<Object> accumulator = (ObjDoubleConsumer<Object>) run.fn2;
            return new CollectSink(run) {
                @Override void accept(long v) {
                    accumulator.accept(container, Lane.toDouble(v));
                }
            };
        }
    }

    private static final class Objs extends CollectOp {
        @SuppressWarnings("unchecked")
        @Override Terminal sink(Run run) {
            BiConsumer<Object, Object> accumulator = (BiConsumer<Object, Object>) run.fn2;
            return new CollectSink(run) {
                @Override void acceptObj(Object v) {
                    accumulator.accept(container, v);
                }
            };
        }
    }
}
