package io.micropool.core.foreground;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latent stack's bookkeeping: LIFO frames, offers from the bottom, units' bases, the latent count the
 * fast path reads, growth, and the references it drops; and, against a model, random sequences of the
 * operations the pair path makes.
 */
class LatentFramesTest {
    private final Object a = new Object();
    private final Object b = new Object();
    private final Object c = new Object();

    @Test
    void framesPopInReverseOrderWithTheirArguments() {
        LatentFrames frames = new LatentFrames(4);
        assertEquals(0, frames.push(UnitKind.RUNNABLE, null, a, 0));
        assertEquals(1, frames.push(UnitKind.INT_TO_LONG, b, c, 42));
        assertEquals(2, frames.size());
        assertEquals(2, frames.latent);
        assertEquals(UnitKind.INT_TO_LONG, frames.kind(1));
        assertSame(b, frames.body(1));
        assertSame(c, frames.context(1));
        assertEquals(42, frames.argument(1));
        assertEquals(LatentFrames.NOT_OFFERED, frames.pop());
        assertEquals(1, frames.size());
        assertEquals(1, frames.latent);
        assertSame(a, frames.context(0));
        assertEquals(LatentFrames.NOT_OFFERED, frames.pop());
        assertEquals(0, frames.size());
        assertEquals(0, frames.latent);
    }

    @Test
    void theEndOfAUnitDropsTheReferencesOfItsPoppedFramesOnly() {
        LatentFrames frames = new LatentFrames(4);
        frames.push(UnitKind.RUNNABLE, a, b, 0);
        int saved = frames.beginUnit();
        frames.push(UnitKind.RUNNABLE, b, c, 0);
        frames.push(UnitKind.RUNNABLE, null, a, 0);
        frames.pop();
        frames.pop();
        // Popped frames keep their references until the unit ends ...
        assertSame(a, frames.context(2));
        frames.endUnit(saved);
        // ... then only the frames above the stack lose them, a frame with only a context included.
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
        LatentFrames frames = new LatentFrames(4);
        frames.push(UnitKind.RUNNABLE, a, a, 0);
        frames.push(UnitKind.RUNNABLE, b, b, 0);
        frames.push(UnitKind.RUNNABLE, c, c, 0);
        assertEquals(3, frames.latent);
        assertEquals(0, frames.oldestUnoffered());
        frames.markOffered(7);
        assertEquals(2, frames.latent);
        assertEquals(1, frames.oldestUnoffered());
        assertSame(b, frames.context(frames.oldestUnoffered()));
        frames.markOffered(9);
        assertEquals(1, frames.latent);
        assertEquals(9, frames.newestOfferedSlot());
        assertEquals(2, frames.offered());
        assertTrue(frames.hasUnoffered());

        assertEquals(LatentFrames.NOT_OFFERED, frames.pop());
        assertEquals(0, frames.latent);
        assertFalse(frames.hasUnoffered());
        assertEquals(9, frames.pop());
        assertEquals(1, frames.offered());
        assertEquals(7, frames.newestOfferedSlot());
        assertEquals(7, frames.pop());
        assertEquals(0, frames.offered());
        assertEquals(0, frames.latent);
    }

    @Test
    void aUnitClaimedOnTopOfLatentFramesStartsItsOwnBaseAndCount() {
        LatentFrames frames = new LatentFrames(4);
        frames.push(UnitKind.RUNNABLE, a, a, 0);
        assertTrue(frames.topIsFirstOfUnit());
        frames.push(UnitKind.RUNNABLE, b, b, 0);
        assertFalse(frames.topIsFirstOfUnit());
        assertEquals(2, frames.latent);

        int saved = frames.beginUnit();
        assertEquals(2, frames.base());
        assertEquals(0, frames.latent, "the claimed unit's own frames only");
        frames.push(UnitKind.RUNNABLE, c, c, 0);
        assertTrue(frames.topIsFirstOfUnit());
        assertEquals(1, frames.latent);
        // An offer meanwhile takes the outer unit's oldest frame.
        frames.markOffered(5);
        assertEquals(1, frames.latent);
        frames.pop();
        frames.endUnit(saved);
        assertEquals(0, frames.base());
        assertFalse(frames.topIsFirstOfUnit());
        assertEquals(1, frames.latent, "frame 1 is still latent, frame 0 offered");
    }

    @Test
    void growsPastItsCapacityAndRejectsAnEmptyOne() {
        LatentFrames frames = new LatentFrames(1);
        for (int i = 0; i < 100; i++) {
            frames.push(UnitKind.INT_TO_LONG, a, null, i);
        }
        for (int i = 0; i < 40; i++) {
            frames.markOffered(i);
        }
        for (int i = 99; i >= 0; i--) {
            assertEquals(i, frames.argument(i));
            assertEquals(i < 40 ? i : LatentFrames.NOT_OFFERED, frames.pop());
        }
        assertThrows(IllegalArgumentException.class, () -> new LatentFrames(0));
    }

    @Test
    void looksComeLessOftenWhileTheyAreLessThanAMicrosecondApartAndMoreOftenAfterAGap() throws Exception {
        LatentFrames frames = new LatentFrames(4);
        assertEquals(0, frames.look(), "the first look starts the unit's clock");
        int most = 0;
        for (int i = 0; i < 100_000 && most < 1024; i++) {
            frames.look();
            most = Math.max(most, frames.quiet);
        }
        assertEquals(1024, most, "back-to-back looks back off to one look per 1024 calls");
        int before = frames.quiet;
        Thread.sleep(2);
        assertTrue(frames.look() >= 2_000_000, "the unit has been looking for the sleep at least");
        assertTrue(frames.quiet < before, "a look after a gap comes back sooner: " + frames.quiet);
        frames.beginUnit();
        assertEquals(0, frames.quiet, "a new unit looks at once");
        assertEquals(0, frames.look(), "and starts its own clock");
    }

    /** A frame of the model: what was pushed, and where it was offered. */
    private record ModelFrame(int kind, Object body, Object context, long argument, int[] slot) {
    }

    @Test
    void randomSequencesOfThePairPathsOperationsMatchAModel() {
        SplittableRandom random = new SplittableRandom(20261202);
        Object[] refs = {a, b, c, null};
        for (int run = 0; run < 2000; run++) {
            LatentFrames frames = new LatentFrames(1 + random.nextInt(4));
            List<ModelFrame> stack = new ArrayList<>();
            Deque<int[]> units = new ArrayDeque<>(); // saved {base} of each begun unit
            int offered = 0;
            int base = 0;
            int nextSlot = 0;
            for (int step = 0; step < 200; step++) {
                int op = random.nextInt(10);
                if (op < 4) {
                    ModelFrame frame = new ModelFrame(random.nextInt(13), refs[random.nextInt(3)],
                        refs[random.nextInt(4)], random.nextLong(), new int[] {LatentFrames.NOT_OFFERED});
                    assertEquals(stack.size(), frames.push(frame.kind, frame.body, frame.context, frame.argument));
                    stack.add(frame);
                } else if (op < 7 && stack.size() > base) {
                    // A pop: only frames of the running unit are popped by the call that pushed them.
                    ModelFrame frame = stack.remove(stack.size() - 1);
                    assertEquals(frame.slot[0], frames.pop());
                    if (frame.slot[0] != LatentFrames.NOT_OFFERED) {
                        offered--;
                    }
                } else if (op == 7 && offered < stack.size()) {
                    stack.get(offered).slot[0] = nextSlot;
                    assertEquals(offered, frames.oldestUnoffered());
                    frames.markOffered(nextSlot++);
                    offered++;
                } else if (op == 8) {
                    units.push(new int[] {frames.beginUnit()});
                    assertEquals(base, units.peek()[0]);
                    base = stack.size();
                } else if (op == 9 && !units.isEmpty() && stack.size() == base) {
                    int saved = units.pop()[0];
                    frames.endUnit(saved);
                    base = saved;
                    for (int i = stack.size(); i < stack.size() + 4; i++) {
                        assertNull(i < 100 ? frameBody(frames, i) : null, "stale frame " + i + " dropped");
                    }
                }
                assertEquals(stack.size(), frames.size());
                assertEquals(offered, frames.offered());
                assertEquals(base, frames.base());
                assertEquals(stack.size() - Math.max(base, offered), frames.latent, "latent count");
                assertEquals(offered < stack.size(), frames.hasUnoffered());
                if (offered > 0) {
                    assertEquals(stack.get(offered - 1).slot[0], frames.newestOfferedSlot());
                }
                for (int i = 0; i < stack.size(); i++) {
                    ModelFrame frame = stack.get(i);
                    assertEquals(frame.kind, frames.kind(i));
                    assertSame(frame.body, frames.body(i));
                    assertSame(frame.context, frames.context(i));
                    assertEquals(frame.argument, frames.argument(i));
                }
            }
        }
    }

    private static Object frameBody(LatentFrames frames, int i) {
        try {
            Object body = frames.body(i);
            return body != null ? body : frames.context(i);
        } catch (ArrayIndexOutOfBoundsException beyondTheArrays) {
            return null;
        }
    }
}
