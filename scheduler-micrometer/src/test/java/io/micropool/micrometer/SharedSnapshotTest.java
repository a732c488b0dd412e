package io.micropool.micrometer;

import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/** {@link SharedSnapshot} on a clock the test moves: one snapshot per window, a new one after it. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class SharedSnapshotTest {
    private static final long WINDOW = 1_000_000_000L;

    @Test
    void aSnapshotIsReusedWithinTheWindowAndRetakenAfterIt() {
        AtomicLong clock = new AtomicLong(123_456_789L);
        SharedSnapshot snapshots = new SharedSnapshot(WINDOW, clock::get);
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            MicroPoolStats first = snapshots.of(pool);
            pool.invoke(16, unit -> { });
            clock.addAndGet(WINDOW - 1);
            assertSame(first, snapshots.of(pool), "still within the window");
            assertEquals(0, snapshots.of(pool).total().get(Counter.UNITS_SUBMITTED));

            clock.addAndGet(1);
            MicroPoolStats second = snapshots.of(pool);
            assertNotSame(first, second, "the window is over");
            assertEquals(16, second.total().get(Counter.UNITS_SUBMITTED));
            assertSame(second, snapshots.of(pool), "a new window starts at the new snapshot");
        }
    }

    @Test
    void aWindowOfZeroTakesASnapshotAtEveryRead() {
        SharedSnapshot snapshots = new SharedSnapshot(0, () -> 42L);
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            assertNotSame(snapshots.of(pool), snapshots.of(pool));
        }
    }

    @Test
    void aNegativeWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SharedSnapshot(-1, System::nanoTime));
    }
}
