/**
 * Trace recording behind {@link io.micropool.core.MicroPool#startTrace} and
 * {@link io.micropool.core.MicroPool#stopTrace}.
 *
 * <p>Protocol: {@link io.micropool.core.trace.Tracer} publishes the session with a volatile write that each
 * traced site reads once per span; each {@link io.micropool.core.trace.TraceBuffer} has one writer, its
 * thread, which stores a span's longs and then releases the count, and one reader, the thread that stops
 * the trace, which acquires the count and copies the spans below it.
 */
package io.micropool.core.trace;
