package io.micropool.core.slots;

import io.micropool.core.foreground.UnitKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slot lifecycle on one thread: every step leaves the state the next one expects. */
class JobSlotTableTest {
    private final Runnable a = () -> { };
    private final Runnable b = () -> { };

    @Test
    void lifecycleFromReserveToRelease() {
        JobSlotTable table = new JobSlotTable(2);
        int slot = table.reserve(0);
        assertEquals(1, table.reservedCount());
        table.prepare(slot, UnitKind.RUNNABLE, 3, a, b, 0, Thread.currentThread());
        assertEquals(0, table.unclaimed(slot), "nothing claimable before publish");
        assertEquals(ClaimWord.NONE, table.tryClaim(slot, -1));

        table.publish(slot, 5, 2);
        assertEquals(ClaimWord.NONE, table.tryClaim(slot, 4), "another scope cannot claim");
        long first = table.tryClaim(slot, 5);
        assertEquals(1, ClaimWord.claimedIndex(first));
        assertEquals(5, ClaimWord.scope(first));
        long second = table.tryClaim(slot, -1);
        assertEquals(0, ClaimWord.claimedIndex(second));
        assertEquals(ClaimWord.NONE, table.tryClaim(slot, -1), "every unit claimed");

        assertSame(a, table.body(slot));
        assertSame(b, table.context(slot));
        assertEquals(UnitKind.RUNNABLE, table.kind(slot));
        assertEquals(3, table.count(slot));

        assertFalse(table.complete(slot, 2));
        assertEquals(1, table.incomplete(slot));
        assertTrue(table.announceOwnerParked(slot), "incomplete: the owner may park");
        assertTrue(table.complete(slot, 1), "the last unit completes the job");
        assertEquals(0, table.incomplete(slot));
        assertFalse(table.announceOwnerParked(slot), "complete: the owner must not park");

        assertNull(table.release(slot));
        assertEquals(0, table.reservedCount());
        assertNull(table.body(slot), "references dropped for the garbage collector");
    }

    @Test
    void firstFailureWinsAndLaterOnesAreSuppressed() {
        JobSlotTable table = new JobSlotTable(1);
        int slot = table.reserve(0);
        table.prepare(slot, UnitKind.RUNNABLE, 2, a, b, 0, Thread.currentThread());
        assertFalse(table.hasFailed(slot));
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        table.recordFailure(slot, first);
        table.recordFailure(slot, second);
        table.recordFailure(slot, first);
        assertTrue(table.hasFailed(slot));
        assertSame(first, table.release(slot));
        assertEquals(1, first.getSuppressed().length, "the same instance is not suppressed on itself");
        assertSame(second, first.getSuppressed()[0]);
        int again = table.reserve(0);
        assertEquals(slot, again);
        assertFalse(table.hasFailed(again), "the next job starts clean");
    }

    @Test
    void fullTableReportsNoSlot() {
        JobSlotTable table = new JobSlotTable(1);
        assertEquals(0, table.reserve(0));
        assertEquals(-1, table.reserve(0));
    }
}
