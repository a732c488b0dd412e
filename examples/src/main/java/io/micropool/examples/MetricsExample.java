package io.micropool.examples;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micropool.core.MicroPool;
import io.micropool.micrometer.MicroPoolMetrics;

/** The pool's statistics as Micrometer meters, read back from a registry after some work. */
public class MetricsExample {
    public static void main(String[] args) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (MicroPool pool = MicroPool.builder().workers(2).build()) {
            new MicroPoolMetrics(pool, "render", Tags.empty()).bindTo(registry);

            for (int frame = 0; frame < 100; frame++) {
                pool.invoke(16, i -> Math.sqrt(i));
            }
            pool.spawn(() -> "background").join();

            double submitted = registry.get("micropool.units.submitted").tag("name", "render").functionCounter().count();
            double completed = registry.get("executor.completed").tag("name", "render").functionCounter().count();
            System.out.println("units submitted " + submitted + ", background tasks completed " + completed
                + ", meters " + registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).distinct().count());
            if (submitted != 1600 || completed != 1) {
                throw new AssertionError("units submitted " + submitted + ", tasks completed " + completed);
            }
        }
    }
}
