package io.micropool.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A zeroed, 128-byte aligned block of direct memory with atomic access to the {@code int} and {@code long}
 * values in it, through {@link MethodHandles#byteBufferViewVarHandle byte-buffer view VarHandles}.
 *
 * <p>This is what the scheduler keeps its contended counters in: offsets are chosen by descriptors
 * ({@code *Descriptor} classes), so that two counters written by different threads never share a
 * 128-byte region (two cache lines, the unit of the adjacent-line prefetcher). It needs no JVM flag on any
 * JDK from 17 on: no {@code sun.misc.Unsafe}, no {@code jdk.internal.misc}.
 *
 * <p>Helpers are named by their VarHandle access mode ({@code getLongAcquire}, {@code setLongRelease},
 * {@code compareAndSetLong} …). Every offset must be aligned to the size of the value accessed; the
 * base address is aligned to {@link #ALIGNMENT}, so a descriptor that aligns its offsets is enough.
 * The memory is released by the garbage collector when the buffer becomes unreachable.
 */
public final class OffHeapBuffer {
    /** Alignment of the first byte, and the spacing descriptors use between contended values. */
    public static final int ALIGNMENT = 128;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer buffer;

    private OffHeapBuffer(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * @param length the number of bytes, at least 1
     * @return a new zeroed buffer whose first byte is aligned to {@link #ALIGNMENT}
     */
    public static OffHeapBuffer allocate(int length) {
        if (length < 1 || length > Integer.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
        ByteBuffer raw = ByteBuffer.allocateDirect(length + ALIGNMENT);
        ByteBuffer aligned = raw.alignedSlice(ALIGNMENT).order(ByteOrder.nativeOrder());
        return new OffHeapBuffer(aligned.limit(length).slice().order(ByteOrder.nativeOrder()));
    }

    /** @return the usable length in bytes */
    public int capacity() {
        return buffer.capacity();
    }

    // ---- long ------------------------------------------------------------------------------------------

    public long getLongPlain(int offset) {
        return (long) LONG.get(buffer, offset);
    }

    public void setLongPlain(int offset, long value) {
        LONG.set(buffer, offset, value);
    }

    public long getLongOpaque(int offset) {
        return (long) LONG.getOpaque(buffer, offset);
    }

    public void setLongOpaque(int offset, long value) {
        LONG.setOpaque(buffer, offset, value);
    }

    public long getLongAcquire(int offset) {
        return (long) LONG.getAcquire(buffer, offset);
    }

    public void setLongRelease(int offset, long value) {
        LONG.setRelease(buffer, offset, value);
    }

    public long getLongVolatile(int offset) {
        return (long) LONG.getVolatile(buffer, offset);
    }

    public void setLongVolatile(int offset, long value) {
        LONG.setVolatile(buffer, offset, value);
    }

    public boolean compareAndSetLong(int offset, long expected, long value) {
        return LONG.compareAndSet(buffer, offset, expected, value);
    }

    public long getAndAddLong(int offset, long delta) {
        return (long) LONG.getAndAdd(buffer, offset, delta);
    }

    public long getAndBitwiseOrLong(int offset, long bits) {
        return (long) LONG.getAndBitwiseOr(buffer, offset, bits);
    }

    public long getAndBitwiseAndLong(int offset, long bits) {
        return (long) LONG.getAndBitwiseAnd(buffer, offset, bits);
    }

    // ---- int -------------------------------------------------------------------------------------------

    public int getIntPlain(int offset) {
        return (int) INT.get(buffer, offset);
    }

    public void setIntPlain(int offset, int value) {
        INT.set(buffer, offset, value);
    }

    public int getIntAcquire(int offset) {
        return (int) INT.getAcquire(buffer, offset);
    }

    public void setIntRelease(int offset, int value) {
        INT.setRelease(buffer, offset, value);
    }

    public int getIntVolatile(int offset) {
        return (int) INT.getVolatile(buffer, offset);
    }

    public void setIntVolatile(int offset, int value) {
        INT.setVolatile(buffer, offset, value);
    }

    public boolean compareAndSetInt(int offset, int expected, int value) {
        return INT.compareAndSet(buffer, offset, expected, value);
    }

    public int getAndAddInt(int offset, int delta) {
        return (int) INT.getAndAdd(buffer, offset, delta);
    }

    /**
     * @param value  a size or offset
     * @return {@code value} rounded up to the next multiple of {@link #ALIGNMENT}
     */
    public static int align(int value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
