package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.ParStreams;
import io.micropool.api.Scheduler;
import io.micropool.api.Split;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The parallel-stream sources of one scheduler, its {@link Scheduler#streams()}: each method checks its
 * arguments and returns a pipeline with no intermediate operation, whose terminal operations run as jobs
 * of {@link #scheduler()}.
 */
public final class Streams implements ParStreams {
    private final Scheduler scheduler;
    private final int threads;

    /**
     * @param scheduler runs the chunks
     * @param threads   the threads that may run chunks, the caller included: what
     *                  {@link Split#byThreads()} makes one chunk each for
     */
    public Streams(Scheduler scheduler, int threads) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.threads = threads;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    int threads() {
        return threads;
    }

    @Override
    public ParIntStream range(int startInclusive, int endExclusive) {
        long size = Math.max(0L, (long) endExclusive - startInclusive);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "range [" + startInclusive + ", " + endExclusive + ") has more than Integer.MAX_VALUE values");
        }
        return new IntPipe(this, null, startInclusive, (int) size);
    }

    @Override
    public ParIntStream of(int[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        return new IntPipe(this, values, offset, length);
    }

    @Override
    public ParLongStream of(long[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        return new LongPipe(this, values, offset, length);
    }

    @Override
    public ParDoubleStream of(double[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        return new DoublePipe(this, values, offset, length);
    }

    @Override
    public <T> ParStream<T> of(T[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        return new ObjPipe<>(this, new Source.ObjArray(values, offset, length));
    }

    @Override
    public <T> ParStream<T> of(List<T> values) {
        return new ObjPipe<>(this, new Source.ListSource(Objects.requireNonNull(values, "values")));
    }

    @Override
    public ParIntStream zip(int[] a, int[] b, IntBinaryOperator zipper) {
        checkZip(a, b, zipper);
        Source.checkSameSize(a.length, b.length);
        return new IntPipe(this, new Source.ZipInt(a, b, zipper));
    }

    @Override
    public ParLongStream zip(long[] a, long[] b, LongBinaryOperator zipper) {
        checkZip(a, b, zipper);
        Source.checkSameSize(a.length, b.length);
        return new LongPipe(this, new Source.ZipLong(a, b, zipper));
    }

    @Override
    public ParDoubleStream zip(double[] a, double[] b, DoubleBinaryOperator zipper) {
        checkZip(a, b, zipper);
        Source.checkSameSize(a.length, b.length);
        return new DoublePipe(this, new Source.ZipDouble(a, b, zipper));
    }

    @Override
    public <A, B, R> ParStream<R> zip(A[] a, B[] b, BiFunction<? super A, ? super B, ? extends R> zipper) {
        checkZip(a, b, zipper);
        Source.checkSameSize(a.length, b.length);
        return new ObjPipe<>(this, new Source.ZipList(Arrays.asList(a), Arrays.asList(b), zipper));
    }

    @Override
    public <A, B, R> ParStream<R> zip(List<A> a, List<B> b, BiFunction<? super A, ? super B, ? extends R> zipper) {
        checkZip(a, b, zipper);
        Source.checkSameSize(a.size(), b.size());
        return new ObjPipe<>(this, new Source.ZipList(a, b, zipper));
    }

    private static void checkZip(Object a, Object b, Object zipper) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(zipper, "zipper");
    }
}
