/**
 * Off-heap memory with atomic access: a 128-byte aligned direct {@link java.nio.ByteBuffer} read and
 * written through byte-buffer view VarHandles. No {@code sun.misc.Unsafe}, no internal JDK package: it
 * runs on JDK 17 to 25 with no JVM flag and no warning. {@link io.micropool.core.memory.FieldHandles}
 * finds the VarHandles of the few atomic fields kept on the heap.
 */
package io.micropool.core.memory;
