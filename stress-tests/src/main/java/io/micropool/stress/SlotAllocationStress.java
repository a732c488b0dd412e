package io.micropool.stress;

import io.micropool.core.bits.AtomicBitSet;
import io.micropool.core.slots.JobSlotTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The slot and scope allocator: {@link AtomicBitSet#claimFirstClear} behind {@link JobSlotTable#reserve},
 * and the handover from {@link JobSlotTable#release} (a volatile clear of the reserved bit) to the next
 * {@code reserve} (a CAS that reads that clear).
 */
public final class SlotAllocationStress {
    private SlotAllocationStress() {
    }

    @JCStressTest
    @Description("Two threads reserve from a one-slot table: exactly one gets the slot.")
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "Actor 1 reserved the slot, actor 2 found the table full.")
    @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Actor 2 reserved the slot, actor 1 found the table full.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both reserved the same slot.")
    @Outcome(expect = FORBIDDEN, desc = "A slot out of range, or nobody reserved the free slot.")
    @State
    public static class OneSlot {
        private final JobSlotTable table = new JobSlotTable(1);

        @Actor
        public void first(II_Result r) {
            r.r1 = table.reserve(0);
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = table.reserve(1);
        }
    }

    @JCStressTest
    @Description("Two threads reserve from a two-slot table with the same hint: they get different slots.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Actor 1 won slot 0, actor 2 retried and took slot 1.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Actor 2 won slot 0, actor 1 retried and took slot 1.")
    @Outcome(id = {"0, 0", "1, 1"}, expect = FORBIDDEN, desc = "Both reserved the same slot.")
    @Outcome(expect = FORBIDDEN, desc = "A reservation failed although a slot was free, or a slot out of range.")
    @State
    public static class TwoSlotsSameHint {
        private final JobSlotTable table = new JobSlotTable(2);

        @Actor
        public void first(II_Result r) {
            r.r1 = table.reserve(0);
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = table.reserve(0);
        }
    }

    @JCStressTest
    @Description("claimFirstClear across two words: only bits 5 and 64 of 65 are clear; two claimers from "
        + "hint 0 race for bit 5, the loser moves on to the next word.")
    @Outcome(id = "5, 64", expect = ACCEPTABLE, desc = "Actor 1 took bit 5, actor 2 took bit 64.")
    @Outcome(id = "64, 5", expect = ACCEPTABLE, desc = "Actor 2 took bit 5, actor 1 took bit 64.")
    @Outcome(id = {"5, 5", "64, 64"}, expect = FORBIDDEN, desc = "Both claimed the same bit.")
    @Outcome(expect = FORBIDDEN, desc = "A claim failed although a bit was clear, or claimed a bit that was set.")
    @State
    public static class ClaimFirstClearTwoWords {
        private final AtomicBitSet bits = AtomicBitSet.allocate(65);

        public ClaimFirstClearTwoWords() {
            for (int bit = 0; bit < 64; bit++) {
                if (bit != 5) {
                    bits.set(bit);
                }
            }
        }

        @Actor
        public void first(II_Result r) {
            r.r1 = bits.claimFirstClear(0);
        }

        @Actor
        public void second(II_Result r) {
            r.r2 = bits.claimFirstClear(0);
        }
    }

    @JCStressTest
    @Description("Bit handover: a plain write before clear() is visible to the thread whose claimFirstClear() "
        + "took the cleared bit.")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "Actor 2 looked before the clear: the set was full.")
    @Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "Actor 2 claimed the cleared bit and saw the write before the clear.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Actor 2 claimed the cleared bit but read a stale value.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class ClearThenClaimHandover {
        private final AtomicBitSet bits = AtomicBitSet.allocate(1);
        private int data;

        public ClearThenClaimHandover() {
            bits.set(0);
        }

        @Actor
        public void previousOwner() {
            data = 42;
            bits.clear(0);
        }

        @Actor
        public void nextOwner(II_Result r) {
            int bit = bits.claimFirstClear(0);
            r.r1 = bit;
            r.r2 = bit < 0 ? -1 : data;
        }
    }

    @JCStressTest
    @Description("Slot handover: the previous owner prepares, writes a plain field and releases; a thread whose "
        + "reserve() takes the slot sees the header prepare() wrote, the references release() cleared and "
        + "the plain field.")
    @Outcome(id = "-1, -1, -1, -1", expect = ACCEPTABLE, desc = "The next owner looked before the release: no slot.")
    @Outcome(id = "0, 2, 5, 42", expect = ACCEPTABLE,
        desc = "The next owner reserved the slot and saw kind 2, count 5, cleared references and the plain write.")
    @Outcome(id = "0, .*, .*, -2", expect = FORBIDDEN, desc = "The next owner saw a stale body or context reference.")
    @Outcome(expect = FORBIDDEN, desc = "The next owner reserved the slot but saw stale header or data.")
    @State
    public static class ReleaseThenReserveHandover {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;
        private int data;

        public ReleaseThenReserveHandover() {
            slot = table.reserve(0);
        }

        @Actor
        public void previousOwner() {
            table.prepare(slot, StressFixtures.KIND, 5, new Object(), new Object(), 0, StressFixtures.NEVER_STARTED);
            data = 42;
            table.release(slot);
        }

        @Actor
        public void nextOwner(IIII_Result r) {
            int reserved = table.reserve(0);
            if (reserved < 0) {
                r.r1 = -1;
                r.r2 = -1;
                r.r3 = -1;
                r.r4 = -1;
                return;
            }
            r.r1 = reserved;
            r.r2 = table.kind(reserved);
            r.r3 = table.count(reserved);
            boolean cleared = table.body(reserved) == null && table.context(reserved) == null;
            r.r4 = cleared ? data : -2;
        }
    }
}
