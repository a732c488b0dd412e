package io.micropool.core.slots;

import io.micropool.core.sleep.IdleCounts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhaustive over the field edges, no threads: the packing of every state word. */
class PackedWordsTest {
    private static final int[] EDGES = {0, 1, 2, 3, 63, 64, 65, 255, 256, 65_535, 65_536, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    @Test
    void claimWordRoundTripsAndClaimsTheTopIndex() {
        for (int scope : EDGES) {
            for (int unclaimed : EDGES) {
                long word = ClaimWord.pack(scope, unclaimed);
                assertEquals(scope, ClaimWord.scope(word));
                assertEquals(unclaimed, ClaimWord.unclaimed(word));
                assertTrue(word >= 0, "never NONE");
                if (unclaimed > 0) {
                    long after = word - ClaimWord.UNCLAIMED_UNIT;
                    assertEquals(scope, ClaimWord.scope(after), "a claim never touches the scope");
                    assertEquals(unclaimed - 1, ClaimWord.unclaimed(after));
                    assertEquals(unclaimed - 1, ClaimWord.claimedIndex(word));
                }
            }
        }
        assertEquals(32, ClaimWord.UNCLAIMED_BITS, "documented width");
        assertEquals(ClaimWord.UNCLAIMED_BITS, ClaimWord.SCOPE_SHIFT);
    }

    @Test
    void completionWordCountsDownAndKeepsTheParkedFlag() {
        for (int incomplete : EDGES) {
            long word = CompletionWord.pack(incomplete);
            assertEquals(incomplete, CompletionWord.incomplete(word));
            assertFalse(CompletionWord.ownerParked(word));
            long parked = word | CompletionWord.OWNER_PARKED;
            assertTrue(CompletionWord.ownerParked(parked));
            assertEquals(incomplete, CompletionWord.incomplete(parked));
            if (incomplete > 0) {
                long done = parked - incomplete;
                assertEquals(0, CompletionWord.incomplete(done));
                assertTrue(CompletionWord.ownerParked(done), "subtracting every unit keeps the flag");
            }
        }
        assertEquals(1L << CompletionWord.INCOMPLETE_BITS, CompletionWord.OWNER_PARKED);
    }

    @Test
    void idleCountsMoveBetweenSpinnersAndSleepersAndKeepTheAheadCount() {
        int[] counts = {0, 1, 2, 3, 63, 64, 65, 255, 256, 65_535, 65_536, IdleCounts.MAX_COUNT - 1, IdleCounts.MAX_COUNT};
        for (int sleepers : counts) {
            for (int spinners : counts) {
                for (int ahead : new int[] {0, 1, IdleCounts.MAX_COUNT}) {
                    long word = IdleCounts.pack(sleepers, spinners, ahead);
                    assertTrue(word >= 0, "the top bit stays clear");
                    assertEquals(sleepers, IdleCounts.sleepers(word));
                    assertEquals(spinners, IdleCounts.spinners(word));
                    assertEquals(ahead, IdleCounts.aheadSpinners(word));
                    if (spinners > 0 && sleepers < IdleCounts.MAX_COUNT) {
                        long asleep = word + IdleCounts.SPINNER_TO_SLEEPER;
                        assertEquals(sleepers + 1, IdleCounts.sleepers(asleep));
                        assertEquals(spinners - 1, IdleCounts.spinners(asleep));
                        assertEquals(ahead, IdleCounts.aheadSpinners(asleep));
                        assertEquals(word, asleep + IdleCounts.SLEEPER_TO_SPINNER);
                    }
                    if (ahead < IdleCounts.MAX_COUNT) {
                        long more = word + IdleCounts.AHEAD_UNIT;
                        assertEquals(ahead + 1, IdleCounts.aheadSpinners(more));
                        assertEquals(spinners, IdleCounts.spinners(more));
                        assertEquals(sleepers, IdleCounts.sleepers(more));
                    }
                }
            }
        }
        assertEquals(IdleCounts.pack(0, 0), IdleCounts.pack(0, 0, 0));
    }
}
