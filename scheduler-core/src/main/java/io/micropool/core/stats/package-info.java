/**
 * Statistics: the per-thread counters behind {@link io.micropool.core.MicroPool#stats()}.
 *
 * <p>Protocol: each {@link io.micropool.core.stats.ThreadCounters} has one writer, its thread, which counts
 * with a plain read of its own last value and an opaque store; snapshots read opaque from any thread and
 * see whole values that never go back, not one instant. {@link io.micropool.core.stats.StatsRegistry}
 * holds the counters of the live threads under its lock (taken by registrations and snapshots only) and
 * folds those of ended threads into one sum.
 */
package io.micropool.core.stats;
