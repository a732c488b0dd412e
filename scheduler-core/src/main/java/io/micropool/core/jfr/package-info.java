/**
 * JDK Flight Recorder events of the pool, in the category "micropool": published jobs, background task
 * runs, parks, exhaustion fallbacks and long units. They are off unless a recording enables them
 * ({@code -XX:StartFlightRecording}, or {@code jdk.jfr.Recording}); while off, each place that could
 * record one pays a check of its event type and creates nothing.
 */
package io.micropool.core.jfr;
