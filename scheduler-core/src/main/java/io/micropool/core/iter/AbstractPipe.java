package io.micropool.core.iter;

import io.micropool.api.Split;

import java.lang.reflect.Array;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A pipeline, whatever its element type: the source, the window of source positions it reads, the chain
 * of stages, the split. Immutable; every intermediate operation returns a new pipeline. The typed
 * subclasses ({@link IntPipe}, {@link LongPipe}, {@link DoublePipe}, {@link ObjPipe}) check arguments,
 * choose the {@link TerminalOp} of their lane and convert results; running a terminal operation (plan,
 * execute, combine, give the run back) is here, once for all element types.
 *
 * <p>A pipeline that is a bare array or range (no stage) keeps its source as parts ({@link #array},
 * {@link #base}, {@link #length}) and no {@link Source} object, which a terminal operation on it never
 * needs: so nothing of a one-liner such as {@code pool.of(array).sum()} is left on the heap once escape
 * analysis has run (see {@link PrimitiveTerminals}).
 *
 * @param <O> the optional type of the lane ({@code OptionalInt}, ..., {@code Optional<T>})
 */
abstract class AbstractPipe<O> {
    final Streams env;
    /** The source, or {@code null} if this pipeline is a bare array or range: then the parts below hold it. */
    private final Source source;
    /** A bare pipeline's source: its array ({@code null} for a range), the array index or range value of
     *  position 0, and the number of elements; the array's type is the lane's. */
    private final Object array;
    private final int base;
    private final int length;
    /** The window: source positions {@code [skip, skip + limit)}, clipped to the source's size. */
    final long skip;
    final long limit;
    /** The last stage, or {@code null} if the elements are the source's. */
    final Stage tail;
    final Split split;
    /** The type of this pipeline's elements. */
    final Lane lane;

    /** A pipeline of {@code source} that is not a bare array or range: it keeps the source object. */
    AbstractPipe(Streams env, Source source, long skip, long limit, Stage tail, Split split, Lane lane) {
        this.env = env;
        this.source = source;
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
     * @param array  the array ({@code int[]}, {@code long[]} or {@code double[]}, by {@code lane}), or
     *               {@code null} for a range of {@code int}
     * @param base   the array index, or the range value, of the first element
     * @param length the number of elements
     */
    AbstractPipe(Streams env, Object array, int base, int length, long skip, long limit, Split split, Lane lane) {
        this.env = env;
        this.source = null;
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
        return source != null ? source : Source.bare(lane, array, base, length);
    }

    /**
     * @return a pipeline of this one's source with the window, stages, split and lane given: still bare
     *         (the parts passed on, no source object made) if this one is bare, no stage is added and the
     *         lane stays
     */
    private AbstractPipe<?> derive(long newSkip, long newLimit, Stage newTail, Split newSplit, Lane out) {
        boolean bare = source == null && newTail == null && out == lane;
        Source src = bare ? null : source();
        switch (out) {
            case INT:
                return bare ? new IntPipe(env, array, base, length, newSkip, newLimit, newSplit)
                    : new IntPipe(env, src, newSkip, newLimit, newTail, newSplit);
            case LONG:
                return bare ? new LongPipe(env, array, base, length, newSkip, newLimit, newSplit)
                    : new LongPipe(env, src, newSkip, newLimit, newTail, newSplit);
            case DOUBLE:
                return bare ? new DoublePipe(env, array, base, length, newSkip, newLimit, newSplit)
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

    /**
     * @return this pipeline followed by a stage that passes on one element of lane {@code out} for each
     *         it takes; {@code sinks} makes the stage's sink for a chunk
     */
    final AbstractPipe<?> then(Lane out, UnaryOperator<Sink> sinks) {
        return derive(skip, limit, new Stage(tail, sized(), sinks), split, out);
    }

    /**
     * @return this pipeline followed by a stage that passes on some of the elements it takes, unchanged;
     *         {@code sinks} makes the stage's sink for a chunk
     */
    final AbstractPipe<?> filtered(UnaryOperator<Sink> sinks) {
        return derive(skip, limit, new Stage(tail, false, sinks), split, lane);
    }

    /** @return the same elements seen as {@code out}; {@code int} to {@code long} needs no conversion */
    final AbstractPipe<?> relabel(Lane out) {
        return derive(skip, limit, tail, split, out);
    }

    final AbstractPipe<?> withSplit(Split newSplit) {
        return derive(skip, limit, tail, Objects.requireNonNull(newSplit, "split"), lane);
    }

    final AbstractPipe<?> sliced(long dropped, long kept) {
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
        if (tail instanceof Slice) {
            // A slice of a slice is one slice.
            Slice last = (Slice) tail;
            up = last.up;
            s = Evaluator.saturatedAdd(last.skip, Math.min(dropped, last.limit));
            l = Math.min(kept, minus(last.limit, dropped));
        }
        return derive(skip, limit, new Slice(up, lane, s, l), split, lane);
    }

    private static long minus(long bound, long dropped) {
        return bound == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, bound - dropped);
    }

    // ---- running ---------------------------------------------------------------------------------------

    /**
     * @param fast whether {@code op}'s specialised loop may run, if the pipeline is a bare array or range
     *             (or, for {@code toArray}, zipped arrays)
     * @return a run planned for {@code op} with arguments {@code fn} and {@code flag}: its specialised loop
     *         if {@code fast} and the source allows, else a sink chain; close it with {@link Evaluator#close}
     */
    private Run open(TerminalOp op, boolean fast, Object fn, boolean flag) {
        Run run;
        if (fast && source == null) {
            run = Evaluator.openFast(env, array, base, null, null, length, skip, limit, split);
        } else {
            Source src = source();
            // Zipped arrays have a specialised loop for toArray only.
            if (fast && op instanceof PlaceOp && tail == null && src.lane == lane && src.zipper() != null) {
                run = Evaluator.openFast(env, src.array(), 0, src.array2(), src.zipper(), src.size(),
                    skip, limit, split);
            } else {
                run = Evaluator.open(env, src, skip, limit, tail, split);
            }
        }
        run.terminal(op, fn, null, flag);
        return run;
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

    /**
     * Runs a terminal operation with a primitive result ({@link PrimitiveTerminals}), handing it this
     * pipeline as its parts. Kept to field reads and one call, and never passing this pipeline on: see
     * {@link PrimitiveTerminals} for why.
     *
     * @return the operation's {@link PrimitiveOp#combine} result
     */
    final long primitive(PrimitiveOp op, Object fn, long identity, boolean flag) {
        if (source == null) {
            return PrimitiveTerminals.evaluate(env, null, array, base, length, skip, limit, null, split,
                op, fn, identity, flag);
        }
        return PrimitiveTerminals.evaluate(env, source, null, 0, 0, skip, limit, tail, split,
            op, fn, identity, flag);
    }

    /** @return an optional of this pipeline's lane: {@code obj}, or the primitive {@code bits} (see {@link Lane}) */
    abstract O optional(boolean present, long bits, Object obj);

    // ---- terminal operations ---------------------------------------------------------------------------

    final void forEach0(ForEachOp op, Object action) {
        primitive(op, Objects.requireNonNull(action, "action"), 0, false);
    }

    /** @return whether some element's predicate result is {@code target} */
    final boolean match0(MatchOp op, Object predicate, boolean target) {
        return primitive(op, Objects.requireNonNull(predicate, "predicate"), 0, target) != 0;
    }

    /** @return {@code identity} and the primitive elements reduced by {@code op} in source order (bits) */
    final long reduceIdentity(ReduceOp reduce, long identity, Object op) {
        return primitive(reduce, Objects.requireNonNull(op, "op"), identity, true);
    }

    final OptionalDouble average0(SumOp op) {
        Run run = executed(open(op, true, null, false));
        try {
            return op.average(run);
        } finally {
            Evaluator.close(run);
        }
    }

    final long count0() {
        if (sized()) {
            int size = source != null ? source.prepare().size() : length;
            return Math.min(size - Math.min(size, skip), limit);
        }
        Run run = executed(open(CountOp.INSTANCE, false, null, false));
        try {
            return CountOp.INSTANCE.combine(run);
        } finally {
            Evaluator.close(run);
        }
    }

    /**
     * @param op   a primitive reduction: the user's ({@code reduce(op)}, which has no specialised loop) or
     *             min or max
     * @param fn   the user's operator, or {@code null} for min or max
     * @return the elements reduced in source order, empty if there is none
     */
    final O reduceOptional(ReduceOp op, Object fn) {
        Run run = executed(open(op, fn == null, fn, false));
        try {
            boolean present = ReduceOp.present(run);
            return optional(present, present ? op.combinePresent(run) : 0, null);
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return the object elements reduced by {@code op} in source order, empty if there is none */
    final O reduceOptionalObj(Object op) {
        Run run = executed(open(ObjReduceOp.INSTANCE, false, Objects.requireNonNull(op, "op"), false));
        try {
            boolean present = ReduceOp.present(run);
            return optional(present, 0, present ? ObjReduceOp.combinePresent(run) : null);
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return {@code identity} and the object elements reduced by {@code op} in source order */
    final Object reduceIdentityObj(Object identity, Object op) {
        Run run = open(ObjReduceOp.INSTANCE, false, Objects.requireNonNull(op, "op"), true);
        run.identityObj = identity;
        executed(run);
        try {
            return ObjReduceOp.combine(run);
        } finally {
            Evaluator.close(run);
        }
    }

    /** @return the first element (in source order if {@code first}), empty if there is none */
    final O find0(boolean first) {
        Run run = executed(open(first ? FindOp.FIRST : FindOp.ANY, false, null, false));
        try {
            int c = FindOp.foundIn(run);
            return c < 0 ? optional(false, 0, null) : optional(true, run.values[c], run.objs[c]);
        } finally {
            Evaluator.close(run);
        }
    }

    /**
     * @param generator makes the array of the given length: {@code int[]}, {@code long[]},
     *                  {@code double[]} or an object array, by lane
     * @return a new array of the elements in source order
     */
    final <A> A toArray0(IntFunction<A> generator) {
        Object[] made = new Object[1];
        fill(null, 0, generator, made);
        @SuppressWarnings("unchecked")
        A array = (A) made[0];
        return array;
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
        Run run;
        if (sized) {
            // Planned, executed once the destination is known.
            run = open(PlaceOp.of(lane), true, null, false);
        } else {
            run = open(BufferOp.of(lane), false, null, false);
            run.cap = Long.MAX_VALUE;
            executed(run);
        }
        try {
            int count = sized ? run.size : BufferOp.count(run);
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
                // Each chunk writes its elements at their place in the target.
                run.fn = target;
                Evaluator.execute(env, run);
            } else {
                BufferOp.copy(run, lane, target);
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

    final <R> R collect0(Supplier<R> supplier, Object accumulator, BiConsumer<R, R> combiner) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(accumulator, "accumulator");
        Objects.requireNonNull(combiner, "combiner");
        Run run = open(CollectOp.of(lane), false, supplier, false);
        run.fn2 = accumulator;
        executed(run);
        try {
            if (run.chunks == 0) {
                return supplier.get();
            }
            @SuppressWarnings("unchecked")
            R result = (R) run.objs[0];
            for (int c = 1; c < run.chunks; c++) {
                @SuppressWarnings("unchecked")
                R part = (R) run.objs[c];
                combiner.accept(result, part);
            }
            return result;
        } finally {
            Evaluator.close(run);
        }
    }
}
