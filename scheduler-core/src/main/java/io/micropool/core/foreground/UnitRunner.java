package io.micropool.core.foreground;

import io.micropool.core.jfr.LongUnitEvent;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.Tracer;

/**
 * Runs one unit of a published job, on whichever thread claimed it, with the one probe every unit
 * passes: a span when the pool is tracing and a {@link LongUnitEvent} when a recording wants long units.
 * Neither costs more than a read when off. (What a thread ran is counted by its callers, once per run of
 * claims, not once per unit.)
 *
 * <p>A unit never throws out of here: its failure is recorded in the job's slot for the owner to
 * rethrow, so a worker never dies from user code.
 */
public final class UnitRunner {
    private final JobSlotTable slots;
    /** Whether the pool is tracing: read once per unit. */
    private final Tracer tracer;

    UnitRunner(JobSlotTable slots, Tracer tracer) {
        this.slots = slots;
        this.tracer = tracer;
    }

    /**
     * Runs unit {@code index} of the job in {@code slot}, whose argument is {@code argument} (the unit gets
     * {@code argument + index}, see {@link UnitKind}), unless the job already failed; records what it
     * throws, and stores the result of a unit that has one in the slot. The unit's two-half calls start a
     * new base on the latent stack, so that its first one is offered at once.
     */
    void run(Participant self, int slot, int kind, Object body, Object context, long argument, int index) {
        if (slots.hasFailed(slot)) {
            return;
        }
        int savedBase = self.pending.beginUnit();
        TraceBuffer trace = self.traceBuffer(tracer);
        long start = trace == null ? 0 : System.nanoTime();
        LongUnitEvent timing = LongUnitEvent.beginIfEnabled();
        try {
            if (UnitKind.hasObjectResult(kind)) {
                slots.setObjectResult(slot, UnitKind.runForObject(self, kind, body, context, argument + index));
            } else {
                long result = UnitKind.run(self, kind, body, context, argument + index);
                if (UnitKind.hasPrimitiveResult(kind)) {
                    slots.setResult(slot, result);
                }
            }
        } catch (Throwable failure) {
            slots.recordFailure(slot, failure);
        } finally {
            self.pending.endUnit(savedBase);
            if (trace != null) {
                trace.record(TraceBuffer.FOREGROUND, start, System.nanoTime(), self.scope, slot, index);
            }
            LongUnitEvent.commit(timing, self.scope, slot, index);
        }
    }

    /**
     * Runs every unit on the calling thread, from the last index to the first (the order in which
     * claims take them), unprobed: the path of a call that found no free scope or slot. After the first
     * throwable the remaining units are skipped and it is rethrown.
     */
    public static void runInline(int kind, int count, Object body, Object context) {
        for (int index = count - 1; index >= 0; index--) {
            UnitKind.run(null, kind, body, context, index);
        }
    }
}
