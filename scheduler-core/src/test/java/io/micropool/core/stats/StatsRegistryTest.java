package io.micropool.core.stats;

import io.micropool.core.Counter;
import io.micropool.core.ThreadDumpOnTimeout;
import io.micropool.core.ThreadStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Registration, folding of ended threads, and the units derived from kept and offered pairs. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 10, unit = SECONDS)
class StatsRegistryTest {
    @Test
    void keptPairsCountTwoUnitsSubmittedAndRunOfferedPairsTwoSubmitted() {
        StatsRegistry registry = new StatsRegistry();
        ThreadCounters mine = registry.register(Thread.currentThread(), false);
        mine.add(ThreadCounters.PAIRS_KEPT, 5);
        mine.increment(ThreadCounters.PAIRS_OFFERED);
        mine.increment(ThreadCounters.UNITS_RUN_OWN);
        ThreadStats total = registry.snapshot().total();
        assertEquals(12, total.get(Counter.UNITS_SUBMITTED));
        assertEquals(11, total.get(Counter.UNITS_RUN_OWN));
        assertEquals(5, total.get(Counter.PAIRS_KEPT));
    }

    @Test
    void aThreadThatEndedIsFoldedIntoOneEntryAndTheTotals() throws InterruptedException {
        StatsRegistry registry = new StatsRegistry();
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(() -> registry.register(Thread.currentThread(), false)
                .add(ThreadCounters.UNITS_SUBMITTED, 7));
            thread.start();
            thread.join();
        }
        ThreadCounters worker = registry.register(Thread.currentThread(), true);
        worker.add(ThreadCounters.UNITS_RUN_BY_IDLE_WORKER, 21);
        StatsRegistry.Snapshot snapshot = registry.snapshot();
        assertEquals(2, snapshot.threads().size(), snapshot.threads().toString());
        ThreadStats ended = snapshot.threads().get(1);
        assertEquals(ThreadStats.Role.ENDED, ended.role());
        assertEquals("3 ended", ended.name());
        assertEquals(21, ended.get(Counter.UNITS_SUBMITTED));
        assertEquals(ThreadStats.Role.WORKER, snapshot.threads().get(0).role());
        assertEquals(21, snapshot.total().get(Counter.UNITS_SUBMITTED));
        assertEquals(21, snapshot.total().unitsRun());
    }

    @Test
    void aSnapshotNeedsEveryCounter() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadStats("x", ThreadStats.Role.TOTAL, new long[1], -1));
    }

    @Test
    void aThreadNotStartedYetIsListedNotEnded() throws InterruptedException {
        StatsRegistry registry = new StatsRegistry();
        Thread notStarted = new Thread(() -> { }, "not-started");
        registry.register(notStarted, true);
        registry.register(Thread.currentThread(), false);
        StatsRegistry.Snapshot snapshot = registry.snapshot();
        assertEquals(2, snapshot.threads().size(), snapshot.threads().toString());
        assertEquals("not-started", snapshot.threads().get(0).name());
        notStarted.start();
        notStarted.join();
        assertEquals(ThreadStats.Role.ENDED, registry.snapshot().threads().get(1).role());
    }
}
