package io.micropool.micrometer;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micropool.api.Task;
import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.micropool.micrometer.MicroPoolMetricsTest.until;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What a Prometheus server scrapes: the lines a dashboard reads exist with the names Micrometer gives
 * them and the values the work produced. The scrape is printed, for a reader of the test log.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class PrometheusScrapeTest {

    @Test
    void aScrapeHasTheLinesADashboardReads() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix("render-worker-").build()) {
            new MicroPoolMetrics(pool, "render", Tags.empty(), Duration.ZERO).bindTo(registry);

            for (int frame = 0; frame < 10; frame++) {
                pool.invoke(64, unit -> { });
            }
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int value = i;
                tasks.add(pool.spawn(() -> value));
            }
            for (Task<Integer> task : tasks) {
                task.join();
            }
            // Units the workers ran are counted by them: wait until every unit is accounted for.
            until(() -> pool.stats().total().unitsRun(), run -> run == 640);
            until(() -> pool.stats().total().get(Counter.SPIN_NANOS), spun -> spun > 0);

            String scrape = registry.scrape();
            System.out.println("---- Prometheus scrape of the pool \"render\" ----");
            System.out.println(scrape);

            assertLine(scrape, "executor_completed_tasks_total{name=\"render\"} 5.0");
            assertLine(scrape, "executor_pool_size_threads{name=\"render\"} 2.0");
            assertLine(scrape, "executor_pool_core_threads{name=\"render\"} 2.0");
            assertLine(scrape, "executor_pool_max_threads{name=\"render\"} 2.0");
            assertLine(scrape, "micropool_units_submitted_units_total{name=\"render\"} 640.0");
            assertLine(scrape, "micropool_tasks_submitted_tasks_total{name=\"render\"} 5.0");
            assertLine(scrape, "micropool_calls_inline_calls_total{name=\"render\",reason=\"no_free_slot\"} 0.0");
            assertLine(scrape, "# TYPE micropool_units_run_units_total counter");
            assertLinePrefix(scrape, "executor_active_threads{name=\"render\"} ");
            assertLinePrefix(scrape, "executor_queued_tasks{name=\"render\"} ");
            assertLinePrefix(scrape, "micropool_units_run_units_total{by=\"own\",name=\"render\"} ");
            assertLinePrefix(scrape, "micropool_units_run_units_total{by=\"idle_worker\",name=\"render\"} ");
            assertLinePrefix(scrape, "micropool_idle_time_seconds_total{name=\"render\",state=\"spinning\"} ");
            assertLinePrefix(scrape, "micropool_idle_time_seconds_total{name=\"render\",state=\"parked\"} ");
            assertLinePrefix(scrape, "micropool_wakeup_latency_seconds{name=\"render\"} ");
            assertLinePrefix(scrape, "# HELP executor_completed_tasks_total The approximate total number of tasks");

            double unitsRun = 0;
            for (String line : scrape.split("\n")) {
                if (line.startsWith("micropool_units_run_units_total{")) {
                    unitsRun += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            assertEquals(640, unitsRun, "the units run by each kind of thread add up to the units submitted");
        }
    }

    private static void assertLine(String scrape, String line) {
        assertTrue(scrape.lines().anyMatch(line::equals), "no line \"" + line + "\" in the scrape");
    }

    private static void assertLinePrefix(String scrape, String prefix) {
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith(prefix)), "no line starting \"" + prefix + "\" in the scrape");
    }
}
