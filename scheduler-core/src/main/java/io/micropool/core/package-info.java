/**
 * {@link io.micropool.core.MicroPool}, its {@link io.micropool.core.Builder} and its
 * {@link io.micropool.core.MicroPoolStats}. The pool only wires and exposes the sub-packages; the design,
 * with every memory-ordering pair, is in {@code docs/ARCHITECTURE.md}.
 */
package io.micropool.core;
