package io.micropool.stress;

import io.micropool.core.trace.TraceBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A trace buffer ({@link TraceBuffer}): its thread writes a span's longs with plain stores and then
 * publishes the count with a release store; the thread that stops the trace reads the count with acquire
 * and copies the spans below it. It must see every copied span whole.
 */
public final class TraceStress {
    private TraceStress() {
    }

    @JCStressTest
    @Description("The owner records two spans (start 1 and 2, end 11 and 12, scope 5, slot 6, index 7); the "
        + "collector copies the buffer once. r1: spans copied; r2: spans copied whole (every long as "
        + "written); r3: spans in the buffer at the end.")
    @Outcome(id = "0, 0, 2", expect = ACCEPTABLE, desc = "Copied before the first span was published.")
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "Copied between the two: the first span whole.")
    @Outcome(id = "2, 2, 2", expect = ACCEPTABLE, desc = "Copied after both, both whole.")
    @Outcome(expect = FORBIDDEN, desc = "A span copied before its longs were visible, or a span lost.")
    @State
    public static class RecordVersusCollect {
        private final TraceBuffer buffer = new TraceBuffer(Thread.currentThread(), 4);

        @Actor
        public void owner() {
            buffer.record(TraceBuffer.FOREGROUND, 1, 11, 5, 6, 7);
            buffer.record(TraceBuffer.FOREGROUND, 2, 12, 5, 6, 7);
        }

        @Actor
        public void collector(III_Result r) {
            long[] spans = buffer.copy();
            int count = spans.length / TraceBuffer.LONGS_PER_SPAN;
            r.r1 = count;
            r.r2 = whole(spans, count);
        }

        @Arbiter
        public void after(III_Result r) {
            r.r3 = buffer.copy().length / TraceBuffer.LONGS_PER_SPAN;
        }

        private static int whole(long[] spans, int count) {
            int whole = 0;
            for (int i = 0; i < count; i++) {
                int at = i * TraceBuffer.LONGS_PER_SPAN;
                if (spans[at] == i + 1 && spans[at + 1] == i + 11
                    && TraceBuffer.scope(spans[at + 2]) == 5 && TraceBuffer.slot(spans[at + 2]) == 6
                    && TraceBuffer.kind(spans[at + 3]) == TraceBuffer.FOREGROUND
                    && TraceBuffer.index(spans[at + 3]) == 7) {
                    whole++;
                }
            }
            return whole;
        }
    }
}
