package io.micropool.stress;

import io.micropool.core.Counter;
import io.micropool.core.memory.OffHeapBuffer;
import io.micropool.core.sleep.Sleepers;
import io.micropool.core.sleep.SpinPolicy;
import io.micropool.core.task.BackgroundScheduler;
import io.micropool.core.task.BackgroundTask;
import org.agrona.concurrent.NoOpIdleStrategy;
import io.micropool.core.slots.JobSlotDescriptor;
import io.micropool.core.slots.JobSlotTable;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.worker.ForegroundScheduler;
import io.micropool.core.worker.Participant;
import io.micropool.core.scope.ScopeTable;
import io.micropool.core.trace.Tracer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Small helpers shared by the stress tests: a thread that is never started, to register where the
 * library wants an owner or a worker thread, and volatile reads of a slot's raw claim and completion
 * words (the {@code JobSlotTable} field holding the off-heap memory is private; the tests run on the
 * class path, so reflection reaches it).
 */
final class StressFixtures {
    /**
     * Never started: {@code LockSupport.unpark} on it does nothing, so a test can hand it to the library as
     * an owner or a worker and let the protocol "wake" it without disturbing any running thread.
     */
    static final Thread NEVER_STARTED = new Thread(() -> { }, "stress-never-started");

    /** Unit kind written by {@code prepare}; the stress tests never run units, they only read it back. */
    static final int KIND = 2;

    /** {@code JobSlotTable.table}, the slot table's off-heap memory. */
    private static final VarHandle TABLE_MEMORY;

    static {
        try {
            TABLE_MEMORY = MethodHandles.privateLookupIn(JobSlotTable.class, MethodHandles.lookup())
                .findVarHandle(JobSlotTable.class, "table", OffHeapBuffer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StressFixtures() {
    }

    /**
     * @return a background task of a scheduler of its own, queued and never run: a task's identity, for
     *         the tests that only need one
     */
    static BackgroundTask<?> backgroundTask() {
        BackgroundScheduler scheduler = new BackgroundScheduler(2, 1, new Sleepers(1),
            new SpinPolicy(0, () -> NoOpIdleStrategy.INSTANCE), false, (t, e) -> { }, StressFixtures::count, () -> null);
        return (BackgroundTask<?>) scheduler.spawn(() -> null);
    }

    /** Statistics counters of the calling thread, one set per thread as in a pool (single writer each). */
    private static final ThreadLocal<ThreadCounters> COUNTERS =
        ThreadLocal.withInitial(() -> new ThreadCounters(Thread.currentThread(), false));

    /** Counts {@code counter} (a {@link ThreadCounters} index) for the calling thread, outside a pool. */
    static void count(int counter) {
        COUNTERS.get().increment(counter);
    }

    /**
     * @return the claim word of {@code slot}, by a volatile read of the table's off-heap memory (the
     *         library exposes only the unclaimed count)
     */
    static long claimWord(JobSlotTable table, int slot) {
        return memory(table).getLongVolatile(JobSlotDescriptor.slotOffset(slot) + JobSlotDescriptor.CLAIM_WORD_OFFSET);
    }

    /**
     * @return the completion word of {@code slot}, flags included, by a volatile read of the table's
     *         off-heap memory (the library exposes only the incomplete count)
     */
    static long completionWord(JobSlotTable table, int slot) {
        return memory(table).getLongVolatile(JobSlotDescriptor.slotOffset(slot) + JobSlotDescriptor.COMPLETION_WORD_OFFSET);
    }

    private static OffHeapBuffer memory(JobSlotTable table) {
        // The field is final and set in the constructor: a plain read after the state was published.
        return (OffHeapBuffer) TABLE_MEMORY.get(table);
    }

    /**
     * @return a participant for an outside caller whose thread is {@link #NEVER_STARTED}: what the
     *         scheduler's publishing methods take as the publishing thread (its owner thread is never
     *         unparked for real, its counters are its own)
     */
    static Participant caller() {
        return new Participant(NEVER_STARTED, NoOpIdleStrategy.INSTANCE, -1, new ThreadCounters(NEVER_STARTED, false));
    }

    /**
     * @return the foreground tier of a pool over {@code table} and {@code scopes}, with one registered
     *         worker that never runs (so a publication signals nobody) and no spinning
     */
    static ForegroundScheduler foreground(JobSlotTable table, ScopeTable scopes) {
        Sleepers sleepers = new Sleepers(1);
        sleepers.register(0, NEVER_STARTED);
        return new ForegroundScheduler(table, scopes, sleepers, new SpinPolicy(0, () -> NoOpIdleStrategy.INSTANCE),
            new Tracer());
    }

    /** @return the wake-ups {@code participant} sent, from its own counters */
    static int wakeUpsSent(Participant participant) {
        return (int) participant.counters().snapshot()[Counter.WAKE_UPS_SENT.ordinal()];
    }

    /** A mutable object with one plain field, written before a publication and read after it. */
    static final class Payload {
        int value;
    }
}
