package io.micropool.core;

import org.agrona.concurrent.YieldingIdleStrategy;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pools the {@link io.micropool.api.Fork} tests run on, and the state each must be left in. */
final class ForkPools {
    /** The name prefix of these pools' workers. */
    static final String PREFIX = "fork-test-worker-";

    private ForkPools() {
    }

    /** @return a pool of {@code workers} workers named with {@link #PREFIX} */
    static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }

    /** A pool whose idle threads keep looking for work (yielding) instead of parking. */
    static MicroPool searchingPool(int workers) {
        return MicroPool.builder()
            .workers(workers)
            .threadNamePrefix(PREFIX)
            .spinBudgetNanos(SECONDS.toNanos(20))
            .spinStrategy(YieldingIdleStrategy::new)
            .build();
    }

    /**
     * Asserts that no job slot and no scope of {@code pool} is in use and that every unit submitted ran
     * once: on its owner, on a helping owner or on an idle worker.
     */
    static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), stats.toString());
        assertEquals(0, stats.scopesInUse(), stats.toString());
        ThreadStats total = stats.total();
        assertEquals(total.get(Counter.UNITS_SUBMITTED), total.get(Counter.UNITS_RUN_OWN)
            + total.get(Counter.UNITS_RUN_HELPING) + total.get(Counter.UNITS_RUN_BY_IDLE_WORKER), stats.toString());
    }
}
