package io.micropool.stress;

import io.micropool.core.slots.ClaimWord;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.stress.StressFixtures.Payload;
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
 * The two publications of a job: {@link JobSlotTable#prepare} then {@link JobSlotTable#publish} (release
 * store of the claim word) to a claimer's {@link JobSlotTable#tryClaim} (acquire load and CAS); and a
 * unit's writes then {@link JobSlotTable#complete} (getAndAdd) to the owner's
 * {@link JobSlotTable#incomplete} (acquire load).
 */
public final class PublicationStress {
    private PublicationStress() {
    }

    @JCStressTest
    @Description("Actor 1 fills two objects' plain fields, prepare()s them as body and context, publish()es one "
        + "unit. Actor 2 tryClaim()s; if it claimed, it reads body, context, their fields and the header. "
        + "r1: index claimed or -1; r2: body field (-2 if null); r3: context field (-2 if null); "
        + "r4: kind * 10 + count.")
    @Outcome(id = "-1, -1, -1, -1", expect = ACCEPTABLE, desc = "Actor 2 looked before the publication: nothing to claim.")
    @Outcome(id = "0, 42, 7, 23", expect = ACCEPTABLE, desc = "Actor 2 claimed the unit and saw everything prepare() wrote.")
    @Outcome(id = "0, -2, .*, .*", expect = FORBIDDEN, desc = "Claimed, but the body reference was not visible.")
    @Outcome(id = "0, .*, -2, .*", expect = FORBIDDEN, desc = "Claimed, but the context reference was not visible.")
    @Outcome(expect = FORBIDDEN, desc = "Claimed, but a field or the header was stale.")
    @State
    public static class PrepareThenPublish {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;

        public PrepareThenPublish() {
            slot = table.reserve(0);
        }

        @Actor
        public void owner() {
            Payload body = new Payload();
            body.value = 42;
            Payload context = new Payload();
            context.value = 7;
            table.prepare(slot, StressFixtures.KIND, 3, body, context, 0, StressFixtures.NEVER_STARTED);
            table.publish(slot, 0, 1);
        }

        @Actor
        public void claimer(IIII_Result r) {
            long word = table.tryClaim(slot, -1);
            if (word == ClaimWord.NONE) {
                r.r1 = -1;
                r.r2 = -1;
                r.r3 = -1;
                r.r4 = -1;
                return;
            }
            r.r1 = ClaimWord.claimedIndex(word);
            Payload body = (Payload) table.body(slot);
            Payload context = (Payload) table.context(slot);
            r.r2 = body == null ? -2 : body.value;
            r.r3 = context == null ? -2 : context.value;
            r.r4 = table.kind(slot) * 10 + table.count(slot);
        }
    }

    @JCStressTest
    @Description("Actor 1 runs the last unit: it writes a plain field of the body, then complete()s. Actor 2, "
        + "the owner, reads incomplete() and, if it is zero, the field. r1: incomplete count read; r2: field "
        + "value, or -1 if not read.")
    @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "The owner looked before the completion.")
    @Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "The owner saw the completion and the unit's write.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "The owner saw the completion but not the unit's write.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class CompleteThenOwnerReads {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;
        private final Payload body = new Payload();

        public CompleteThenOwnerReads() {
            slot = table.reserve(0);
            // One incomplete unit: the one actor 1 runs.
            table.prepare(slot, StressFixtures.KIND, 1, body, null, 0, StressFixtures.NEVER_STARTED);
            table.publish(slot, 0, 1);
        }

        @Actor
        public void finisher() {
            // The unit is claimed before it runs, as every unit is.
            if (table.tryClaim(slot, -1) != ClaimWord.NONE) {
                ((Payload) table.body(slot)).value = 42;
                table.complete(slot, 1);
            }
        }

        @Actor
        public void owner(II_Result r) {
            int incomplete = table.incomplete(slot);
            r.r1 = incomplete;
            r.r2 = incomplete == 0 ? body.value : -1;
        }
    }

    @JCStressTest
    @Description("Two units run by two threads, each writes its own plain field and complete()s one unit; "
        + "the thread whose complete() returns true (the last) reads both fields: it sees the other's write. "
        + "r1, r2: what actor 1 and actor 2 read, or -1 if it was not last.")
    @Outcome(id = {"3, -1", "-1, 3"}, expect = ACCEPTABLE, desc = "The last finisher saw both units' writes.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither were last, or the last finisher missed a write.")
    @State
    public static class LastFinisherSeesAllUnits {
        private final JobSlotTable table = new JobSlotTable(1);
        private final int slot;
        private int first;
        private int second;

        public LastFinisherSeesAllUnits() {
            slot = table.reserve(0);
            table.prepare(slot, StressFixtures.KIND, 2, new Object(), null, 0, StressFixtures.NEVER_STARTED);
        }

        @Actor
        public void unitOne(II_Result r) {
            first = 1;
            r.r1 = table.complete(slot, 1) ? first + second : -1;
        }

        @Actor
        public void unitTwo(II_Result r) {
            second = 2;
            r.r2 = table.complete(slot, 1) ? first + second : -1;
        }
    }
}
