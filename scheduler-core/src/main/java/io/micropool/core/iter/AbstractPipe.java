package io.micropool.core.iter;

import io.micropool.api.Split;

import java.lang.reflect.Array;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A pipeline, whatever its element type: the source, the window of source positions it reads, the chain
 * of stages, the split. Immutable; every intermediate operation returns a new pipeline. The typed
 * subclasses ({@link IntPipe}, {@link LongPipe}, {@link DoublePipe}, {@link ObjPipe}) check arguments and
 * convert results; the work of every terminal operation is here, once for all element types.
 *
 * <p>A pipeline that is a bare array or range (no stage) keeps its source as parts ({@link #kind},
 * {@link #array}, {@link #base}, {@link #length}) and no {@link Source} object, which a terminal
 * operation on it never needs: so nothing of a one-liner such as {@code pool.of(array).sum()} is left on
 * the heap once escape analysis has run (see {@link PrimitiveTerminals}).
 */
abstract class AbstractPipe {
    final Streams env;
    /** The source, or {@code null} if this pipeline is a bare array or range: then the parts below hold it. */
    private final Source source;
    /** A bare pipeline's source: its {@link Source#fastKind} ({@link Source#GENERAL} if not bare), array
     *  ({@code null} for a range), array index or range value of position 0, and number of elements. */
    private final int kind;
    private final Object array;
    private final int base;
    private final int length;
    /** The window: source positions {@code [skip, skip + limit)}, clipped to the source's size. */
    final long skip;
    final long limit;
    /** The last stage, or {@code null} if the elements are the source's. */
    final Stage tail;
    final Split split;
    /** Lane of this pipeline's elements (see {@link Lane}). */
    final int lane;

    /** A pipeline of {@code source} that is not a bare array or range: it keeps the source object. */
    AbstractPipe(Streams env, Source source, long skip, long limit, Stage tail, Split split, int lane) {
        this.env = env;
        this.source = source;
        this.kind = Source.GENERAL;
        this.array = null;
        this.base = 0;
        this.length = 0;
        this.skip = skip;
        this.limit = limit;
        this.tail = tail;
        this.split = split;
        this.lane = lane;
    }

    /**
     * A bare pipeline: an array's or range's elements, no stage.
     *
     * @param kind   {@link Source#INT_RANGE}, {@link Source#INT_ARRAY}, {@link Source#LONG_ARRAY} or
     *               {@link Source#DOUBLE_ARRAY}, matching {@code lane}
     * @param array  the array, or {@code null} for a range
     * @param base   the array index, or the range value, of the first element
     * @param length the number of elements
     */
    AbstractPipe(Streams env, int kind, Object array, int base, int length, long skip, long limit, Split split,
                 int lane) {
        this.env = env;
        this.source = null;
        this.kind = kind;
        this.array = array;
        this.base = base;
        this.length = length;
        this.skip = skip;
        this.limit = limit;
        this.tail = null;
        this.split = split;
        this.lane = lane;
    }

    /** @return the source as an object: this pipeline's, or for a bare pipeline a new one made of its parts */
    private Source source() {
        return source != null ? source : Source.bare(kind, array, base, length);
    }

    /**
     * @return a pipeline of this one's source with the window, stages, split and lane given: still bare
     *         (the parts passed on, no source object made) if this one is bare, no stage is added and the
     *         lane stays
     */
    private AbstractPipe derive(long newSkip, long newLimit, Stage newTail, Split newSplit, int out) {
        boolean bare = source == null && newTail == null && out == lane;
        Source src = bare ? null : source();
        switch (out) {
            case Lane.INT:
                return bare ? new IntPipe(env, kind, array, base, length, newSkip, newLimit, newSplit)
                    : new IntPipe(env, src, newSkip, newLimit, newTail, newSplit);
            case Lane.LONG:
                return bare ? new LongPipe(env, kind, array, base, length, newSkip, newLimit, newSplit)
                    : new LongPipe(env, src, newSkip, newLimit, newTail, newSplit);
            case Lane.DOUBLE:
                return bare ? new DoublePipe(env, kind, array, base, length, newSkip, newLimit, newSplit)
                    : new DoublePipe(env, src, newSkip, newLimit, newTail, newSplit);
            default:
                return new ObjPipe<>(env, src, newSkip, newLimit, newTail, newSplit);
        }
    }

    /** @return whether the number of elements is known without running anything (no filter, no slice) */
    final boolean sized() {
        return tail == null || tail.sized;
    }

    // ---- intermediate operations ----------------------------------------------------------------------

    /** @return this pipeline followed by a stage {@code op} with function {@code fn}, giving {@code out} */
    final AbstractPipe then(int op, int out, Object fn, String name) {
        Objects.requireNonNull(fn, name);
        boolean sized = sized() && op != Stage.FILTER;
        return derive(skip, limit, new Stage(tail, op, lane, out, fn, 0, 0, sized), split, out);
    }

    /** @return this pipeline followed by the conversion of its primitive elements to {@code double} */
    final AbstractPipe widen() {
        return derive(skip, limit, new Stage(tail, Stage.WIDEN, lane, Lane.DOUBLE, null, 0, 0, sized()),
            split, Lane.DOUBLE);
    }

    /** @return the same elements seen as {@code out}; {@code int} to {@code long} needs no conversion */
    final AbstractPipe relabel(int out) {
        return derive(skip, limit, tail, split, out);
    }

    final AbstractPipe withSplit(Split newSplit) {
        return derive(skip, limit, tail, Objects.requireNonNull(newSplit, "split"), lane);
    }

    final AbstractPipe sliced(long dropped, long kept) {
        if (dropped < 0) {
            throw new IllegalArgumentException("skip must not be negative: " + dropped);
        }
        if (kept < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + kept);
        }
        if (sized()) {
            // Every stage maps one element to one: narrowing the source window is the same as slicing.
            return derive(Evaluator.saturatedAdd(skip, Math.min(dropped, limit)),
                Math.min(kept, minus(limit, dropped)), tail, split, lane);
        }
        Stage up = tail;
        long s = dropped;
        long l = kept;
        if (tail.op == Stage.SLICE) {
            // A slice of a slice is one slice.
            up = tail.up;
            s = Evaluator.saturatedAdd(tail.skip, Math.min(dropped, tail.limit));
            l = Math.min(kept, minus(tail.limit, dropped));
        }
        return derive(skip, limit, new Stage(up, Stage.SLICE, lane, lane, null, s, l, false), split, lane);
    }

    private static long minus(long bound, long dropped) {
        return bound == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, bound - dropped);
    }

    // ---- running ---------------------------------------------------------------------------------------

    /**
     * @param fastOp the {@link FastLoops} operation if it can run straight on the source, or -1
     * @return a planned run: a specialised loop when the pipeline is a bare array or range (or zipped
     *         arrays written into an array), else a sink chain whose terminal the caller sets
     */
    private Run open(int fastOp) {
        if (fastOp >= 0 && source == null) {
            return Evaluator.openFast(env, kind, array, base, null, null, length, skip, limit, split, fastOp);
        }
        Source src = source();
        int zipKind = src.fastKind();
        if (fastOp == FastLoops.PLACE && tail == null && src.lane == lane && zipKind >= Source.ZIP_INT) {
            return Evaluator.openFast(env, zipKind, src.array(), src.base(), src.array2(), src.zipper(), src.size(),
                skip, limit, split, fastOp);
        }
        return Evaluator.open(env, src, skip, limit, tail, split);
    }

    private Run openGeneral(int op, Object fn, Object fn2, boolean flag) {
        Run run = Evaluator.open(env, source(), skip, limit, tail, split);
        run.terminal(op, lane, fn, fn2, flag);
        return run;
    }

    /**
     * Runs a terminal operation of {@link PrimitiveTerminals}, handing it this pipeline as its parts.
     * Kept to field reads and one call, and never passing this pipeline on: see
     * {@link PrimitiveTerminals} for why.
     */
    private long primitive(int op, Object fn, long identity, boolean target) {
        if (source == null) {
            return PrimitiveTerminals.evaluate(env, null, kind, array, base, length, skip, limit, null, split,
                lane, op, fn, identity, target);
        }
        return PrimitiveTerminals.evaluate(env, source, Source.GENERAL, null, 0, 0, skip, limit, tail, split,
            lane, op, fn, identity, target);
    }

    // ---- terminal operations ---------------------------------------------------------------------------

    final void forEach0(Object action) {
        primitive(FastLoops.FOR_EACH, Objects.requireNonNull(action, "action"), 0, false);
    }

    /** @return the wrapping {@code long} sum of an {@code int} or {@code long} pipeline */
    final long longSum() {
        return primitive(FastLoops.SUM, null, 0, false);
    }

    /** @return the compensated sum of a {@code double} pipeline */
    final double doubleSum() {
        return Lane.toDouble(primitive(FastLoops.SUM, null, 0, false));
    }

    final OptionalDouble average0() {
        Run run = open(FastLoops.SUM);
        if (!run.fast) {
            run.terminal(Run.SUM, lane, null, null, false);
        }
        executed(run);
        try {
            long count = 0;
            long sum = 0;
            for (int c = 0; c < run.chunks; c++) {
                if (run.fast) {
                    sum += run.longs[c];
                } else {
                    sum += ((Terminal.Sum) run.sinks[c]).sum;
                    count += ((Terminal.Sum) run.sinks[c]).count;
                }
            }
            if (run.fast) {
                count = run.size;
            }
            if (count == 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(lane == Lane.DOUBLE
                ? PrimitiveTerminals.mergeDoubleSums(run) / count : (double) sum / count);
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return {@code run}, executed; closed if it failed, otherwise the caller closes it */
    private Run executed(Run run) {
        try {
            Evaluator.execute(env, run);
        } catch (Throwable failure) {
            Evaluator.close(run);
            throw failure;
        }
        return run;
    }

    final long count0() {
        if (sized()) {
            int size = source != null ? source.prepare().size() : length;
            return Math.min(size - Math.min(size, skip), limit);
        }
        Run run = openGeneral(Run.COUNT, null, null, false);
        try {
            Evaluator.execute(env, run);
            long count = 0;
            for (int c = 0; c < run.chunks; c++) {
                count += ((Terminal.Count) run.sinks[c]).count;
            }
            return count;
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return whether some element's predicate result is {@code target} */
    final boolean match0(Object predicate, boolean target) {
        return primitive(FastLoops.MATCH, Objects.requireNonNull(predicate, "predicate"), 0, target) != 0;
    }

    /** @return min or max of a primitive pipeline, as its optional type */
    final Object extreme(boolean max) {
        return reduceOptional(Terminal.Reduce.minMax(lane, max), max ? FastLoops.MAX : FastLoops.MIN);
    }

    /** @return min or max of a primitive pipeline (bits), or {@code ifEmpty} if it has no element */
    final long extremeOr(boolean max, long ifEmpty) {
        return primitive(max ? FastLoops.MAX : FastLoops.MIN, null, ifEmpty, false);
    }

    /** @return the elements reduced by {@code op} in source order, as the optional of the lane's type */
    final Object reduceOptional(Object op, int fastOp) {
        Objects.requireNonNull(op, "op");
        Run run = runReduce(op, fastOp);
        try {
            boolean present = PrimitiveTerminals.present(run);
            if (lane == Lane.OBJ) {
                return optional(present, 0, present ? combineObjects(run, op) : null);
            }
            return optional(present, present ? PrimitiveTerminals.combinePrimitives(run, lane, op) : 0, null);
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return the executed run of a reduction without identity; close it */
    private Run runReduce(Object op, int fastOp) {
        Run run = open(fastOp);
        if (!run.fast) {
            run.terminal(Run.REDUCE, lane, op, null, false);
        }
        return executed(run);
    }

    /** @return the chunks' object results combined by {@code op} in chunk order */
    private static Object combineObjects(Run run, Object op) {
        boolean present = false;
        Object value = null;
        for (int c = 0; c < run.chunks; c++) {
            Terminal.Reduce part = (Terminal.Reduce) run.sinks[c];
            if (part.present) {
                value = present ? Terminal.Reduce.applyObj(op, value, part.obj) : part.obj;
                present = true;
            }
        }
        return value;
    }

    /** @return {@code identity} and the primitive elements reduced by {@code op} in source order (bits) */
    final long reduceIdentity(long identity, Object op) {
        return primitive(FastLoops.REDUCE, Objects.requireNonNull(op, "op"), identity, false);
    }

    /** @return {@code identity} and the object elements reduced by {@code op} in source order */
    final Object reduceIdentityObj(Object identity, Object op) {
        Objects.requireNonNull(op, "op");
        Run run = openGeneral(Run.REDUCE, op, null, true);
        try {
            run.identityObj = identity;
            Evaluator.execute(env, run);
            Object value = identity;
            for (int c = 0; c < run.chunks; c++) {
                value = Terminal.Reduce.applyObj(op, value, ((Terminal.Reduce) run.sinks[c]).obj);
            }
            return value;
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return the first element (in source order if {@code first}), as the optional of the lane's type */
    final Object find0(boolean first) {
        Run run = openGeneral(first ? Run.FIND_FIRST : Run.FIND_ANY, null, null, false);
        try {
            Evaluator.execute(env, run);
            // Chunks are in source order: the first chunk that found one holds the earliest match.
            for (int c = 0; c < run.chunks; c++) {
                Terminal.Find part = (Terminal.Find) run.sinks[c];
                if (part.found) {
                    return optional(true, part.value, part.obj);
                }
            }
            return optional(false, 0, null);
        } finally {
            Evaluator.close(run);
        }
    }

    /**
     * @param generator makes the array of the given length: {@code int[]}, {@code long[]},
     *                  {@code double[]} or an object array, by lane
     * @return a new array of the elements in source order
     */
    final Object toArray0(IntFunction<?> generator) {
        Object[] made = new Object[1];
        fill(null, 0, generator, made);
        return made[0];
    }

    /** @return the number of elements written into {@code destination} from index 0 */
    final int toArrayInto(Object destination, int length) {
        return fill(destination, length, null, null);
    }

    /**
     * Writes the elements in source order into {@code destination}, or if {@code generator} is not
     * {@code null} into an array it makes once the count is known, left in {@code made[0]}.
     *
     * @return the number of elements
     */
    private int fill(Object destination, int length, IntFunction<?> generator, Object[] made) {
        boolean sized = sized();
        Run run = sized ? open(FastLoops.PLACE) : openGeneral(Run.BUFFER, null, null, false);
        try {
            if (!sized) {
                run.cap = Long.MAX_VALUE;
                Evaluator.execute(env, run);
            }
            int count = sized ? run.size : Evaluator.bufferedCount(run);
            Object target = destination;
            if (generator != null) {
                target = generator.apply(count);
                if (Array.getLength(target) != count) {
                    throw new IllegalStateException("the generator made an array of " + Array.getLength(target)
                        + " elements for " + count);
                }
                made[0] = target;
            } else {
                checkRoom(count, length);
            }
            if (sized) {
                place(run, target);
            } else {
                copyBuffers(run, target);
            }
            return count;
        } finally {
            Evaluator.close(run);
        }
    }

    private static void checkRoom(int count, int length) {
        if (count > length) {
            throw new IndexOutOfBoundsException(
                "the destination holds " + length + " elements, the stream has " + count);
        }
    }

    /** Runs a sized pipeline, each chunk writing its elements at their place in {@code destination}. */
    private void place(Run run, Object destination) {
        if (run.fast) {
            run.fn = destination;
        } else {
            run.terminal(Run.PLACE, lane, destination, null, false);
        }
        Evaluator.execute(env, run);
    }

    /** Copies the run's chunk buffers, in chunk order, into {@code destination}, converting by lane. */
    private void copyBuffers(Run run, Object destination) {
        int at = 0;
        for (int c = 0; c < run.chunks; c++) {
            Terminal.Buffer buffer = (Terminal.Buffer) run.sinks[c];
            int n = buffer.count;
            switch (lane) {
                case Lane.INT:
                    for (int i = 0; i < n; i++) {
                        ((int[]) destination)[at + i] = (int) buffer.values[i];
                    }
                    break;
                case Lane.LONG:
                    System.arraycopy(buffer.values, 0, destination, at, n);
                    break;
                case Lane.DOUBLE:
                    for (int i = 0; i < n; i++) {
                        ((double[]) destination)[at + i] = Lane.toDouble(buffer.values[i]);
                    }
                    break;
                default:
                    System.arraycopy(buffer.objs, 0, destination, at, n);
            }
            at += n;
        }
    }

    @SuppressWarnings("unchecked")
    final Object collect0(Supplier<?> supplier, Object accumulator, BiConsumer<?, ?> combiner) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(accumulator, "accumulator");
        Objects.requireNonNull(combiner, "combiner");
        Run run = openGeneral(Run.COLLECT, supplier, accumulator, false);
        try {
            Evaluator.execute(env, run);
            if (run.chunks == 0) {
                return supplier.get();
            }
            Object result = ((Terminal.Collect) run.sinks[0]).container;
            for (int c = 1; c < run.chunks; c++) {
                ((BiConsumer<Object, Object>) combiner).accept(result, ((Terminal.Collect) run.sinks[c]).container);
            }
            return result;
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return an {@code OptionalInt}, {@code OptionalLong}, {@code OptionalDouble} or {@code Optional} */
    private Object optional(boolean present, long value, Object obj) {
        switch (lane) {
            case Lane.INT:
                return present ? OptionalInt.of((int) value) : OptionalInt.empty();
            case Lane.LONG:
                return present ? OptionalLong.of(value) : OptionalLong.empty();
            case Lane.DOUBLE:
                return present ? OptionalDouble.of(Lane.toDouble(value)) : OptionalDouble.empty();
            default:
                return present ? Optional.of(obj) : Optional.empty();
        }
    }
}
