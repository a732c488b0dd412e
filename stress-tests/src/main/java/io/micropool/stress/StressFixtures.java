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
import io.micropool.core.foreground.ForegroundScheduler;
import io.micropool.core.foreground.Participant;
import io.micropool.core.foreground.Participants;
import io.micropool.core.foreground.Seats;
import io.micropool.core.stats.SharedCounters;
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
        return (BackgroundTask<?>) background(new Sleepers(1)).spawn(() -> null);
    }

    /** No spinning: a waiting loop of a stress test parks (or gives up) at once. */
    static final SpinPolicy NO_SPIN = new SpinPolicy(0, () -> NoOpIdleStrategy.INSTANCE);

    /**
     * The thread contexts of the stress tests, shared by all of them as a pool's are by its callers: each
     * actor thread gets a participant of its own (an outside caller's, with its own counters) on first use.
     */
    private static final Participants PARTICIPANTS = new Participants(
        thread -> new Participant(thread, NO_SPIN.newSpin(), -1, new ThreadCounters(thread, false)),
        new Seats(1, seat -> new Participant(null, NO_SPIN.newSpin(), -1, new ThreadCounters(null, false), null,
            seat)));

    /** Where threads without a participant count; none here (every actor thread has one). Striped: large. */
    private static final SharedCounters SHARED_COUNTERS = new SharedCounters();
    /** Never tracing. */
    private static final Tracer NOT_TRACING = new Tracer();

    /**
     * @return the background tier of a pool with one worker, over {@code sleepers}, as the pool builds it:
     *         a queue of 4, no spinning, failures dropped, the calling threads' own contexts
     */
    static BackgroundScheduler background(Sleepers sleepers) {
        return new BackgroundScheduler(4, 1, sleepers, NO_SPIN, false, (t, e) -> { }, PARTICIPANTS,
            SHARED_COUNTERS, NOT_TRACING);
    }

    /**
     * @return a participant of worker {@code index} whose thread is {@link #NEVER_STARTED}: what a worker
     *         passes as itself (its counters are its own)
     */
    static Participant worker(int index) {
        return new Participant(NEVER_STARTED, NO_SPIN.newSpin(), index, new ThreadCounters(NEVER_STARTED, true));
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
        return new Participant(NEVER_STARTED, NO_SPIN.newSpin(), -1, new ThreadCounters(NEVER_STARTED, false));
    }

    /**
     * @return the foreground tier of a pool over {@code table} and {@code scopes}, with one registered
     *         worker that never runs (so a publication signals nobody) and no spinning
     */
    static ForegroundScheduler foreground(JobSlotTable table, ScopeTable scopes) {
        Sleepers sleepers = new Sleepers(1);
        sleepers.register(0, NEVER_STARTED);
        return foreground(table, scopes, sleepers);
    }

    /** @return the foreground tier of a pool over {@code table}, {@code scopes} and {@code sleepers}, not tracing */
    static ForegroundScheduler foreground(JobSlotTable table, ScopeTable scopes, Sleepers sleepers) {
        return new ForegroundScheduler(table, scopes, sleepers, new Tracer());
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
