/**
 * Micrometer meters of a {@code MicroPool}: {@link io.micropool.micrometer.MicroPoolMetrics}. Its API
 * takes a {@code MicroPool} and Micrometer's {@code Tag} and {@code MeterRegistry}, so both modules are
 * required transitively; {@code micrometer.core} is an automatic module (the name its jar's manifest
 * gives).
 */
module io.micropool.micrometer {
    requires transitive io.micropool.core;
    requires transitive micrometer.core;

    exports io.micropool.micrometer;
}
