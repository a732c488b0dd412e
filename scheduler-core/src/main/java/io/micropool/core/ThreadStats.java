package io.micropool.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * The {@link Counter}s of one thread of a pool (or of all its threads together) at the moment of a
 * snapshot: immutable. Read with {@link #get}.
 */
public final class ThreadStats {
    /** What the figures belong to. */
    public enum Role {
        /** One of the pool's worker threads. */
        WORKER,
        /** An outside thread that called into the pool and is still alive. */
        CALLER,
        /** The sum over every thread that called into the pool and has ended since. */
        ENDED,
        /**
         * The sum over every virtual thread that called into the pool, alive or ended: they borrow shared
         * participants (seats) for their calls, so their counts are kept together.
         */
        VIRTUAL_THREADS,
        /** The sum over every thread, alive or ended: the pool's totals. */
        TOTAL
    }

    private final String name;
    private final Role role;
    private final long[] values;
    private final long aliveNanos;

    /**
     * Makes the figures of one thread, or of a sum over threads, as {@link MicroPool#stats()} does.
     *
     * @param name       the thread's name, or a label for a sum
     * @param role       what the figures belong to
     * @param values     the counters, indexed by {@link Counter#ordinal}; copied
     * @param aliveNanos how long the worker has been running, or -1 for anything but a worker
     * @throws IllegalArgumentException if {@code values} does not hold {@link Counter#COUNT} counters
     */
    public ThreadStats(String name, Role role, long[] values, long aliveNanos) {
        if (values.length != Counter.COUNT) {
            throw new IllegalArgumentException("expected " + Counter.COUNT + " counters: " + values.length);
        }
        this.name = name;
        this.role = role;
        this.values = values.clone();
        this.aliveNanos = aliveNanos;
    }

    /** {@return the thread's name, or "ended" / "total" for the sums} */
    public String name() {
        return name;
    }

    /** {@return what the figures belong to} */
    public Role role() {
        return role;
    }

    /**
     * {@return the value of {@code counter}}
     *
     * @param counter the counter to read
     */
    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    /** {@return the foreground units run, by whatever kind of thread} */
    public long unitsRun() {
        return get(Counter.UNITS_RUN_OWN) + get(Counter.UNITS_RUN_HELPING) + get(Counter.UNITS_RUN_BY_IDLE_WORKER);
    }

    /**
     * {@return for a worker, the nanoseconds since it started that it spent neither spinning nor parked —
     * running units and tasks, and the scheduler's own bookkeeping; -1 for anything else}
     */
    public long busyNanos() {
        return aliveNanos < 0 ? -1 : Math.max(0, aliveNanos - get(Counter.SPIN_NANOS) - get(Counter.PARK_NANOS));
    }

    /** @return a one-line summary of the counters */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(name).append(" (").append(role).append("): units run ")
            .append(get(Counter.UNITS_RUN_OWN)).append(" own / ")
            .append(get(Counter.UNITS_RUN_HELPING)).append(" helping / ")
            .append(get(Counter.UNITS_RUN_BY_IDLE_WORKER)).append(" idle-worker of ")
            .append(get(Counter.UNITS_SUBMITTED)).append(" submitted, jobs published ")
            .append(get(Counter.JOBS_PUBLISHED)).append(", pairs kept ").append(get(Counter.PAIRS_KEPT))
            .append(" / offered ").append(get(Counter.PAIRS_OFFERED)).append(", calls kept ")
            .append(get(Counter.CALLS_KEPT)).append(", inline no slot ")
            .append(get(Counter.INLINE_NO_FREE_SLOT)).append(" / no scope ")
            .append(get(Counter.INLINE_NO_FREE_SCOPE)).append(", parks ").append(get(Counter.PARKS))
            .append(", wake-ups sent ").append(get(Counter.WAKE_UPS_SENT)).append(" / received ")
            .append(get(Counter.WAKE_UPS_RECEIVED)).append(", spin ").append(millis(get(Counter.SPIN_NANOS)))
            .append(" ms, parked ").append(millis(get(Counter.PARK_NANOS))).append(" ms, tasks submitted ")
            .append(get(Counter.TASKS_SUBMITTED)).append(", run polled ").append(get(Counter.TASKS_RUN_POLLED))
            .append(" / by joiner ").append(get(Counter.TASKS_RUN_BY_JOINER)).append(" / by submitter ")
            .append(get(Counter.TASKS_RUN_BY_SUBMITTER)).append(", cancelled ").append(get(Counter.TASKS_CANCELLED))
            .append(", failed unjoined ").append(get(Counter.TASKS_FAILED_UNJOINED));
        if (aliveNanos >= 0) {
            line.append(", busy ").append(millis(busyNanos())).append(" ms");
        }
        return line.toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ThreadStats that && name.equals(that.name) && role == that.role
            && aliveNanos == that.aliveNanos && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + role.hashCode()) + Arrays.hashCode(values);
    }
}
