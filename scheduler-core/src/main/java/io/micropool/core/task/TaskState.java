package io.micropool.core.task;

/**
 * The packed {@code int} that drives a {@link BackgroundTask}: its phase in the low byte, and a flag
 * saying that some thread blocks waiting for it.
 *
 * <pre>
 *   31                              9  8  7                       0
 *  +---------------------------------+---+-------------------------+
 *  |            unused (0)           | W |          phase          |
 *  +---------------------------------+---+-------------------------+
 *   W: WAITERS, set by a joiner (CAS) after it pushed its waiter node and before it parks
 * </pre>
 *
 * <pre>
 *   QUEUED ──run──► RUNNING ──► DONE | FAILED
 *      └────cancel───► CANCELLED
 *   DONE | FAILED | CANCELLED ──resubmit──► QUEUED
 * </pre>
 * Only the CAS from QUEUED to RUNNING lets a thread run the task, and only the CAS from QUEUED to
 * CANCELLED cancels it: the run-versus-cancel race has exactly one winner.
 */
public final class TaskState {
    /** Waiting in the queue; may be started or cancelled. */
    public static final int QUEUED = 1;
    /** Started by exactly one thread. */
    public static final int RUNNING = 2;
    /** Finished with a result. */
    public static final int DONE = 3;
    /** Finished with a throwable. */
    public static final int FAILED = 4;
    /** Cancelled before it started. */
    public static final int CANCELLED = 5;
    /** Mask of the phase. */
    public static final int PHASE_MASK = 0xFF;
    /** Some thread parks waiting for the task; the completer must unpark the waiters it finds. */
    public static final int WAITERS = 1 << 8;

    private TaskState() {
    }

    /** @return the phase of {@code state} */
    public static int phase(int state) {
        return state & PHASE_MASK;
    }

    /** @return whether {@code state} is DONE, FAILED or CANCELLED */
    public static boolean isFinal(int state) {
        int phase = phase(state);
        return phase == DONE || phase == FAILED || phase == CANCELLED;
    }

    /** @return whether a joiner announced in {@code state} that it waits */
    public static boolean hasWaiters(int state) {
        return (state & WAITERS) != 0;
    }
}
