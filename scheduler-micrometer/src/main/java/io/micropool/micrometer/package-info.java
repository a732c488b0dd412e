/**
 * micropool's statistics as Micrometer meters: {@link io.micropool.micrometer.MicroPoolMetrics}, a
 * {@code MeterBinder} that publishes a {@link io.micropool.core.MicroPool}'s counters and gauges under
 * Micrometer's executor names ({@code executor.completed}, {@code executor.active},
 * {@code executor.queued}, {@code executor.pool.*}) and under {@code micropool.*}.
 *
 * <p>How the meters read the pool: a registry reads its meters one by one, while
 * {@link io.micropool.core.MicroPool#stats()} builds a whole snapshot, so the meters of one binder share
 * one snapshot for a short window ({@code SharedSnapshot}) instead of taking one each; and they hold the
 * pool only weakly, through the registry's reference to each meter's state object, so that a registry
 * never keeps a dropped pool alive. The class comment of {@code MicroPoolMetrics} lists the meters.
 *
 * <p>This module is separate from {@code scheduler-core} so that the core depends on no metrics library:
 * only an application that wants Micrometer meters adds it, and Micrometer with it.
 */
package io.micropool.micrometer;
