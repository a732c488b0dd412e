package io.micropool.perf;

import io.micropool.core.memory.OffHeapBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread cost of the atomic accesses the scheduler makes on its off-heap words, three ways side by
 * side (methods are named {@code <access>_<way>} so that JMH lists the three ways of one access together):
 * <ul>
 *   <li>{@code offHeap}: through {@link OffHeapBuffer}, the scheduler's own helper (a
 *       {@code byteBufferViewVarHandle(long[].class, nativeOrder())} on a 128-byte aligned direct
 *       {@link ByteBuffer});</li>
 *   <li>{@code byteBuffer}: the same kind of VarHandle, called directly on an aligned direct buffer held by
 *       this state, without the helper;</li>
 *   <li>{@code array}: {@code MethodHandles.arrayElementVarHandle(long[].class)} on a {@code long[]}.</li>
 * </ul>
 * Accesses: {@code getAndAdd}, {@code compareAndSet} (always succeeding: the expected value is tracked in
 * a plain field), {@code setRelease} followed by {@code getAcquire} of the same word, and
 * {@code getVolatile}. The offset and index are read from fields, as the scheduler computes them at run
 * time. Uncontended: these are the floor costs, not the cost of a line bouncing between cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OffHeapAccessBenchmark {

    private static final VarHandle BUFFER_LONG =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle ARRAY_LONG = MethodHandles.arrayElementVarHandle(long[].class);

    /** Byte offset of the word used in both buffers: the start of the second 128-byte region. */
    private int offset;
    /** Index of the word used in the array: in the middle, away from the array header. */
    private int index;

    private OffHeapBuffer offHeap;
    private ByteBuffer buffer;
    private long[] array;

    /** Value last stored by the CAS and store benchmarks of each way: the CAS expects it. */
    private long offHeapValue;
    private long bufferValue;
    private long arrayValue;

    @Setup(Level.Trial)
    public void setUp() {
        offset = OffHeapBuffer.ALIGNMENT;
        index = 16;
        offHeap = OffHeapBuffer.allocate(4 * OffHeapBuffer.ALIGNMENT);
        ByteBuffer raw = ByteBuffer.allocateDirect(5 * OffHeapBuffer.ALIGNMENT);
        buffer = raw.alignedSlice(OffHeapBuffer.ALIGNMENT).order(ByteOrder.nativeOrder());
        array = new long[32];
        offHeapValue = 0;
        bufferValue = 0;
        arrayValue = 0;
    }

    // ---- getAndAdd ------------------------------------------------------------------------------------

    @Benchmark
    public long getAndAdd_offHeap() {
        return offHeap.getAndAddLong(offset, 1);
    }

    @Benchmark
    public long getAndAdd_byteBuffer() {
        return (long) BUFFER_LONG.getAndAdd(buffer, offset, 1L);
    }

    @Benchmark
    public long getAndAdd_array() {
        return (long) ARRAY_LONG.getAndAdd(array, index, 1L);
    }

    // ---- compareAndSet --------------------------------------------------------------------------------

    @Benchmark
    public boolean compareAndSet_offHeap() {
        long expected = offHeapValue;
        offHeapValue = expected + 1;
        return offHeap.compareAndSetLong(offset, expected, expected + 1);
    }

    @Benchmark
    public boolean compareAndSet_byteBuffer() {
        long expected = bufferValue;
        bufferValue = expected + 1;
        return BUFFER_LONG.compareAndSet(buffer, offset, expected, expected + 1);
    }

    @Benchmark
    public boolean compareAndSet_array() {
        long expected = arrayValue;
        arrayValue = expected + 1;
        return ARRAY_LONG.compareAndSet(array, index, expected, expected + 1);
    }

    // ---- setRelease + getAcquire ----------------------------------------------------------------------

    @Benchmark
    public long releaseAcquire_offHeap() {
        long value = ++offHeapValue;
        offHeap.setLongRelease(offset, value);
        return offHeap.getLongAcquire(offset);
    }

    @Benchmark
    public long releaseAcquire_byteBuffer() {
        long value = ++bufferValue;
        BUFFER_LONG.setRelease(buffer, offset, value);
        return (long) BUFFER_LONG.getAcquire(buffer, offset);
    }

    @Benchmark
    public long releaseAcquire_array() {
        long value = ++arrayValue;
        ARRAY_LONG.setRelease(array, index, value);
        return (long) ARRAY_LONG.getAcquire(array, index);
    }

    // ---- getVolatile ----------------------------------------------------------------------------------

    @Benchmark
    public long getVolatile_offHeap() {
        return offHeap.getLongVolatile(offset);
    }

    @Benchmark
    public long getVolatile_byteBuffer() {
        return (long) BUFFER_LONG.getVolatile(buffer, offset);
    }

    @Benchmark
    public long getVolatile_array() {
        return (long) ARRAY_LONG.getVolatile(array, index);
    }
}
