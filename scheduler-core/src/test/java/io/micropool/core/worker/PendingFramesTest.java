package io.micropool.core.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pending stack's bookkeeping: LIFO frames, offers from the bottom, units' bases. */
class PendingFramesTest {
    private final Object a = new Object();
    private final Object b = new Object();
    private final Object c = new Object();

    @Test
    void framesPopInReverseOrder() {
        PendingFrames frames = new PendingFrames(4);
        frames.push(UnitKind.PAIR, a, null);
        frames.push(UnitKind.INDEXED, b, c);
        assertEquals(2, frames.size());
        assertEquals(UnitKind.INDEXED, frames.kind(1));
        assertSame(b, frames.body(1));
        assertSame(c, frames.context(1));
        assertEquals(PendingFrames.NOT_OFFERED, frames.pop());
        assertEquals(1, frames.size());
        assertSame(a, frames.body(0));
        assertEquals(PendingFrames.NOT_OFFERED, frames.pop());
        assertEquals(0, frames.size());
    }

    @Test
    void theEndOfAUnitDropsTheReferencesOfItsPoppedFramesOnly() {
        PendingFrames frames = new PendingFrames(4);
        frames.push(UnitKind.PAIR, a, b);
        int saved = frames.beginUnit();
        frames.push(UnitKind.PAIR, b, c);
        frames.push(UnitKind.PAIR, c, a);
        frames.pop();
        frames.pop();
        // Popped frames keep their references until the unit ends ...
        assertSame(c, frames.body(2));
        frames.endUnit(saved);
        // ... then only the frames above the stack lose them.
        assertNull(frames.body(1));
        assertNull(frames.context(1));
        assertNull(frames.body(2));
        assertNull(frames.context(2));
        assertSame(a, frames.body(0));
        assertSame(b, frames.context(0));
        frames.pop();
        frames.endUnit(0);
        assertNull(frames.body(0));
        assertNull(frames.context(0));
    }

    @Test
    void offersTakeTheOldestFrameFirstAndPopsGiveTheirSlotsBack() {
        PendingFrames frames = new PendingFrames(4);
        frames.push(UnitKind.PAIR, a, a);
        frames.push(UnitKind.PAIR, b, b);
        frames.push(UnitKind.PAIR, c, c);
        assertEquals(0, frames.oldestUnoffered());
        frames.markOffered(7);
        assertEquals(1, frames.oldestUnoffered());
        assertSame(b, frames.context(frames.oldestUnoffered()));
        frames.markOffered(9);
        assertEquals(9, frames.newestOfferedSlot());
        assertEquals(2, frames.offered());
        assertTrue(frames.hasUnoffered());

        assertEquals(PendingFrames.NOT_OFFERED, frames.pop());
        assertFalse(frames.hasUnoffered());
        assertEquals(9, frames.pop());
        assertEquals(1, frames.offered());
        assertEquals(7, frames.newestOfferedSlot());
        assertEquals(7, frames.pop());
        assertEquals(0, frames.offered());
    }

    @Test
    void aUnitClaimedOnTopOfPendingFramesStartsItsOwnBase() {
        PendingFrames frames = new PendingFrames(4);
        frames.push(UnitKind.PAIR, a, a);
        assertTrue(frames.topIsFirstOfUnit());
        frames.push(UnitKind.PAIR, b, b);
        assertFalse(frames.topIsFirstOfUnit());

        int saved = frames.beginUnit();
        assertEquals(2, frames.base());
        frames.push(UnitKind.PAIR, c, c);
        assertTrue(frames.topIsFirstOfUnit());
        frames.pop();
        frames.endUnit(saved);
        assertEquals(0, frames.base());
        assertFalse(frames.topIsFirstOfUnit());
    }

    @Test
    void reportsWhenFullAndRejectsAnEmptyCapacity() {
        PendingFrames frames = new PendingFrames(1);
        assertFalse(frames.isFull());
        frames.push(UnitKind.PAIR, a, a);
        assertTrue(frames.isFull());
        assertThrows(IllegalArgumentException.class, () -> new PendingFrames(0));
    }
}
