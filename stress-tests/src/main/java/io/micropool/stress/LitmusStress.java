package io.micropool.stress;

import io.micropool.core.memory.OffHeapBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Litmus tests of the {@link OffHeapBuffer} access modes the protocols rely on: release/acquire message
 * passing, Dekker with volatile read-modify-writes and volatile loads on two words 128 bytes apart, and
 * atomic bitwise OR and AND on one word.
 */
public final class LitmusStress {
    /** Offsets of two words in different 128-byte regions, as the descriptors lay contended words out. */
    private static final int X = 0;
    private static final int Y = OffHeapBuffer.ALIGNMENT;

    private LitmusStress() {
    }

    /** Two off-heap words, X and Y, in separate 128-byte regions. */
    abstract static class TwoWords {
        final OffHeapBuffer buffer = OffHeapBuffer.allocate(2 * OffHeapBuffer.ALIGNMENT);
    }

    @JCStressTest
    @Description("Message passing: a plain on-heap write, setLongRelease of a flag; getLongAcquire of the flag, "
        + "plain read. r1: flag; r2: data.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader came before both writes.")
    @Outcome(id = "0, 42", expect = ACCEPTABLE_INTERESTING, desc = "The data was visible before the flag.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "The reader saw the flag and the data.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The reader saw the flag but stale data.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class ReleaseAcquireMessagePassing extends TwoWords {
        private int data;

        @Actor
        public void writer() {
            data = 42;
            buffer.setLongRelease(X, 1);
        }

        @Actor
        public void reader(JJ_Result r) {
            r.r1 = buffer.getLongAcquire(X);
            r.r2 = data;
        }
    }

    @JCStressTest
    @Description("Message passing into an int word: a plain write, setIntRelease; getIntAcquire, plain read.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader came before both writes.")
    @Outcome(id = "0, 42", expect = ACCEPTABLE_INTERESTING, desc = "The data was visible before the flag.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "The reader saw the flag and the data.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The reader saw the flag but stale data.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    @State
    public static class IntReleaseAcquireMessagePassing extends TwoWords {
        private int data;

        @Actor
        public void writer() {
            data = 42;
            buffer.setIntRelease(X, 1);
        }

        @Actor
        public void reader(II_Result r) {
            r.r1 = buffer.getIntAcquire(X);
            r.r2 = data;
        }
    }

    /** Dekker outcomes: r1 is what actor 1 read of the other's word, r2 what actor 2 read. */
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both saw the other's write.")
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "One ran entirely before the other.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Neither saw the other: the Dekker pair is broken.")
    @Outcome(expect = FORBIDDEN, desc = "Any other result.")
    public static class DekkerOutcomes {
    }

    @JCStressTest
    @JCStressMeta(DekkerOutcomes.class)
    @Description("Dekker: each thread getAndAddLong()s its own word, then getLongVolatile()s the other's.")
    @State
    public static class DekkerGetAndAdd extends TwoWords {
        @Actor
        public void first(JJ_Result r) {
            buffer.getAndAddLong(X, 1);
            r.r1 = buffer.getLongVolatile(Y);
        }

        @Actor
        public void second(JJ_Result r) {
            buffer.getAndAddLong(Y, 1);
            r.r2 = buffer.getLongVolatile(X);
        }
    }

    @JCStressTest
    @JCStressMeta(DekkerOutcomes.class)
    @Description("Dekker as the sleep protocol uses it: getAndBitwiseOrLong (advertise bit) then "
        + "getLongVolatile of the idle counts, against getAndAddLong (idle counts) then getLongVolatile of "
        + "the advertise word.")
    @State
    public static class DekkerBitwiseOrVersusGetAndAdd extends TwoWords {
        @Actor
        public void publisher(JJ_Result r) {
            buffer.getAndBitwiseOrLong(X, 1);
            r.r1 = buffer.getLongVolatile(Y);
        }

        @Actor
        public void worker(JJ_Result r) {
            buffer.getAndAddLong(Y, 1);
            r.r2 = buffer.getLongVolatile(X);
        }
    }

    @JCStressTest
    @Description("getAndBitwiseOrLong of bit 0 and bit 1 on one word from two threads: no bit is lost and "
        + "each sees the other's bit or none. r1, r2: the values each got back; r3: the final word.")
    @Outcome(id = "0, 1, 3", expect = ACCEPTABLE, desc = "Actor 1 went first.")
    @Outcome(id = "2, 0, 3", expect = ACCEPTABLE, desc = "Actor 2 went first.")
    @Outcome(id = ".*, .*, [012]", expect = FORBIDDEN, desc = "A bit was lost.")
    @Outcome(expect = FORBIDDEN, desc = "Both saw the word without the other's bit: the updates were not atomic.")
    @State
    public static class BitwiseOrNoLostBit extends TwoWords {
        @Actor
        public void first(III_Result r) {
            r.r1 = (int) buffer.getAndBitwiseOrLong(X, 1);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = (int) buffer.getAndBitwiseOrLong(X, 2);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = (int) buffer.getLongVolatile(X);
        }
    }

    @JCStressTest
    @Description("getAndBitwiseAndLong clearing bit 0 and bit 1 of a word holding 3, from two threads: both "
        + "clears land. r1, r2: the values each got back; r3: the final word.")
    @Outcome(id = "3, 2, 0", expect = ACCEPTABLE, desc = "Actor 1 went first.")
    @Outcome(id = "1, 3, 0", expect = ACCEPTABLE, desc = "Actor 2 went first.")
    @Outcome(id = ".*, .*, [123]", expect = FORBIDDEN, desc = "A clear was lost.")
    @Outcome(expect = FORBIDDEN, desc = "Both saw the word before the other's clear: the updates were not atomic.")
    @State
    public static class BitwiseAndNoLostClear extends TwoWords {
        public BitwiseAndNoLostClear() {
            buffer.setLongVolatile(X, 3);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = (int) buffer.getAndBitwiseAndLong(X, ~1L);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = (int) buffer.getAndBitwiseAndLong(X, ~2L);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = (int) buffer.getLongVolatile(X);
        }
    }
}
