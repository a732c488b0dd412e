package io.micropool.core.foreground;

import io.micropool.core.scope.ScopeTable;
import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimTest {
    @Test
    void aClaimKeepsSlotScopeAndIndexAtTheirLimits() {
        int[] slots = {0, 1, 4095, JobSlotTable.MAX_SLOTS - 1};
        int[] scopes = {0, 1, 255, ScopeTable.MAX_SCOPES - 1};
        int[] indices = {0, 1, 1 << 20, Integer.MAX_VALUE - 1};
        for (int slot : slots) {
            for (int scope : scopes) {
                for (int index : indices) {
                    // The claim word before a claim that took index i held i + 1 unclaimed units.
                    long claim = Claim.of(slot, ClaimWord.pack(scope, index + 1));
                    assertTrue(claim >= 0, "non-negative");
                    assertNotEquals(Claim.NONE, claim);
                    assertEquals(slot, Claim.slot(claim));
                    assertEquals(scope, Claim.scope(claim));
                    assertEquals(index, Claim.index(claim));
                }
            }
        }
    }
}
