/**
 * Statistics: the per-thread counters behind {@link io.micropool.core.MicroPool#stats()}.
 *
 * <p>Protocol: each {@link io.micropool.core.stats.ThreadCounters} has one writer, its thread, which counts
 * with a plain read of its own last value and an opaque store; snapshots read opaque from any thread and
 * see whole values that never go back, not one instant. {@link io.micropool.core.stats.StatsRegistry}
 * lists the counters of the live threads — a thread registers with one CAS, never waiting — and folds
 * those of ended threads into one sum, in bounded sweeps that only one thread makes at a time;
 * {@link io.micropool.core.stats.SharedCounters} holds, striped, what threads without counters of their
 * own (virtual threads outside a call) count.
 */
package io.micropool.core.stats;
