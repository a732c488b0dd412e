package io.micropool.core.stats;

import io.micropool.core.Counter;
import io.micropool.testing.ThreadDumpOnTimeout;
import io.micropool.core.ThreadStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, folding of ended threads, and the units derived from kept and offered pairs. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 10, unit = SECONDS)
class StatsRegistryTest {
    @Test
    void totalsNearTheLimitStopAtItInsteadOfWrapping() throws InterruptedException {
        // Per thread a count cannot wrap in practice; a total over many threads can (64 parked threads
        // add 64 ns per ns): the counters start just below the limit and the sums run through it.
        StatsRegistry registry = new StatsRegistry();
        long nearLimit = Long.MAX_VALUE - 10;
        ThreadCounters mine = registry.register(Thread.currentThread(), false);
        mine.add(ThreadCounters.PARK_NANOS, nearLimit);
        mine.add(ThreadCounters.PAIRS_KEPT, nearLimit);
        ThreadCounters seat = registry.registerSeat();
        seat.add(ThreadCounters.PARK_NANOS, nearLimit);
        registry.shared().add(ThreadCounters.PARK_NANOS, nearLimit);
        Thread other = new Thread(() -> { }, "ended");
        registry.register(other, false).add(ThreadCounters.PARK_NANOS, nearLimit);
        other.start();
        other.join();
        for (int round = 0; round < 2; round++) {
            // Round 0 folds the ended thread into the ended sums; round 1 adds to them again.
            mine.add(ThreadCounters.PARK_NANOS, 5);
            ThreadStats total = registry.snapshot().total();
            assertEquals(Long.MAX_VALUE, total.get(Counter.PARK_NANOS), "the total stops at the limit");
            assertEquals(Long.MAX_VALUE, total.get(Counter.UNITS_SUBMITTED), "2 x kept pairs stops at the limit");
            assertEquals(Long.MAX_VALUE, total.get(Counter.UNITS_RUN_OWN), "2 x kept pairs stops at the limit");
            assertEquals(nearLimit + 5 * (round + 1), registry.snapshot().threads().stream()
                .filter(t -> t.role() == ThreadStats.Role.CALLER).findFirst().orElseThrow().get(Counter.PARK_NANOS),
                "one thread's own count below the limit is exact");
        }
    }

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
    void registrationsFoldEndedThreadsAsTheyGoSoTheListStaysNearTheLiveCount() throws InterruptedException {
        StatsRegistry registry = new StatsRegistry();
        CountDownLatch release = new CountDownLatch(1);
        int live = 100;
        Thread[] alive = new Thread[live];
        for (int i = 0; i < live; i++) {
            alive[i] = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            alive[i].start();
        }
        Thread ended = new Thread(() -> { });
        ended.start();
        ended.join();
        int endedRegistrations = 10_000;
        int longest = 0;
        for (int i = 0; i < endedRegistrations; i++) {
            if (i % 100 == 0) {
                registry.register(alive[i / 100], false).increment(ThreadCounters.UNITS_RUN_OWN);
            }
            registry.register(ended, false).increment(ThreadCounters.UNITS_SUBMITTED);
            longest = Math.max(longest, registry.listed());
        }
        assertTrue(longest <= 2 * live + 8, "the list reached " + longest + " entries for " + live + " live threads");
        StatsRegistry.Snapshot snapshot = registry.snapshot();
        assertEquals(live + 1, snapshot.threads().size(), "each live thread, and one entry for the ended");
        assertEquals(endedRegistrations, snapshot.total().get(Counter.UNITS_SUBMITTED), "no ended count lost or doubled");
        assertEquals(live, snapshot.total().get(Counter.UNITS_RUN_OWN));
        assertEquals(live, registry.listed(), "a snapshot folds every ended entry, the head included");
        release.countDown();
        for (Thread thread : alive) {
            thread.join();
        }
    }

    @Test
    void threadsRegisteringAtOnceAreAllListed() throws Exception {
        StatsRegistry registry = new StatsRegistry();
        int threads = 8;
        int each = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        Thread[] registering = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            registering[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    registry.register(Thread.currentThread(), false).increment(ThreadCounters.UNITS_RUN_OWN);
                }
            });
            registering[t].start();
        }
        go.countDown();
        for (Thread thread : registering) {
            thread.join();
        }
        assertEquals((long) threads * each, registry.snapshot().total().get(Counter.UNITS_RUN_OWN),
            "every registration's counters are in the totals");
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
