package io.micropool.core;

import io.micropool.core.UnitFailures.UnitCheckedException;
import io.micropool.core.UnitFailures.UnitError;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.UnitFailures.assertFailsWith;
import static io.micropool.core.UnitFailures.sneaky;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Failures when the caller runs the units itself, one after the other: units not started when the first
 * failure is recorded are skipped (the pool's only worker busy with another job), and calls that fall
 * back to running inline (a pool without workers, a closed pool, no free scope, a nested call with no
 * free slot) fail the same way: the first throwable rethrown as is, no unit started after it.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class InlineFailureTest {
    private static final String PREFIX = "inline-failure-test-worker-";

    // ---- units not started after the failure are skipped ----------------------------------------------

    @Test
    void unitsNotStartedWhenTheFirstFailureIsRecordedAreSkipped() {
        try (MicroPool pool = pool(1)) {
            // Keep the only worker busy with another thread's job, so that the caller runs every unit
            // itself, one after the other: after the first unit throws, no other unit may start.
            try (BlockedJoin busy = new BlockedJoin(pool, PREFIX)) {
                for (int count : new int[] {2, 3, 100}) {
                    AtomicInteger started = new AtomicInteger();
                    RuntimeException boom = new RuntimeException("first unit of " + count);
                    assertFailsWith(boom, () -> pool.invoke(count, i -> {
                        if (started.getAndIncrement() == 0) {
                            throw boom;
                        }
                    }));
                    assertEquals(1, started.get(), "units started after the first failure, count " + count);

                    AtomicInteger started2 = new AtomicInteger();
                    assertFailsWith(boom, () -> pool.invoke(count, started2, (s, i) -> {
                        if (s.getAndIncrement() == 0) {
                            throw boom;
                        }
                    }));
                    assertEquals(1, started2.get());
                }
                AtomicInteger bRan = new AtomicInteger();
                RuntimeException boom = new RuntimeException("a");
                assertFailsWith(boom, () -> pool.join(() -> {
                    throw boom;
                }, bRan::incrementAndGet));
                assertEquals(0, bRan.get(), "b had not started when a failed: it must be skipped");
                busy.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    // ---- inline fallbacks ------------------------------------------------------------------------------

    @Test
    void inlineCallsOfAPoolWithoutWorkersFailTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(0).build()) {
            assertInlineFailureSemantics(pool);
        }
    }

    @Test
    void inlineCallsOfAClosedPoolFailTheSameWay() {
        MicroPool pool = pool(1);
        pool.close();
        assertInlineFailureSemantics(pool);
    }

    @Test
    void callThatFindsNoFreeScopeFailsTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(1).threadNamePrefix(PREFIX).build()) {
            try (BlockedJoin busy = new BlockedJoin(pool, PREFIX)) {
                long before = pool.stats().inlineNoFreeScope();
                assertInlineFailureSemantics(pool);
                assertTrue(pool.stats().inlineNoFreeScope() > before, "the calls must have run inline: " + pool.stats());
                busy.assertStillBlocking();
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void nestedCallThatFindsNoFreeSlotFailsTheSameWay() {
        try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).maxScopes(2).threadNamePrefix(PREFIX).build()) {
            for (int round = 0; round < 20; round++) {
                long before = pool.stats().inlineNoFreeSlot();
                RuntimeException boom = new RuntimeException("inline nested " + round);
                AtomicInteger startedAfterFailure = new AtomicInteger();
                AtomicBoolean failed = new AtomicBoolean();
                // The outer job (three units: a published call) holds the only slot while its units run:
                // the nested call of unit 0 runs inline.
                assertFailsWith(boom, () -> pool.invoke(3, i -> {
                    if (i == 0) {
                        pool.invoke(10, j -> {
                            if (failed.get()) {
                                startedAfterFailure.incrementAndGet();
                            }
                            if (j == 5) {
                                failed.set(true);
                                throw boom;
                            }
                        });
                    }
                }));
                assertEquals(0, startedAfterFailure.get(), "inline units after the failure must be skipped");
                assertEquals(before + 1, pool.stats().inlineNoFreeSlot(), "the nested call must have run inline");
            }
            assertQuiescent(pool);
        }
    }

    private static void assertInlineFailureSemantics(MicroPool pool) {
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 10; round++) {
            RuntimeException boom = new RuntimeException("inline " + round);
            int failing = round % 10;
            List<Integer> ran = new ArrayList<>();
            AtomicInteger offCaller = new AtomicInteger();
            assertFailsWith(boom, () -> pool.invoke(10, i -> {
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
                synchronized (ran) {
                    ran.add(i);
                }
                if (i == failing) {
                    throw boom;
                }
            }));
            assertEquals(0, offCaller.get());
            synchronized (ran) {
                assertEquals(failing, (int) ran.get(ran.size() - 1), "no unit may start after the failure: " + ran);
                assertEquals(new HashSet<>(ran).size(), ran.size(), "a unit ran twice: " + ran);
            }

            UnitError error = new UnitError("inline indexed " + round);
            assertFailsWith(error, () -> pool.invoke(3, error, (e, i) -> {
                throw e;
            }));
            assertEquals(0, error.getSuppressed().length);

            AtomicInteger bRan = new AtomicInteger();
            assertFailsWith(boom, () -> pool.join(() -> {
                throw boom;
            }, bRan::incrementAndGet));
            assertEquals(0, bRan.get(), "b must be skipped after a failed inline");

            UnitCheckedException checked = new UnitCheckedException("count one");
            Throwable t = assertThrows(UnitCheckedException.class, () -> pool.invoke(1, i -> {
                throw sneaky(checked);
            }));
            assertSame(checked, t);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static MicroPool pool(int workers) {
        return MicroPool.builder().workers(workers).threadNamePrefix(PREFIX).build();
    }
}
