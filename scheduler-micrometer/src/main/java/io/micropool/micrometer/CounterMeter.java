package io.micropool.micrometer;

import io.micrometer.core.instrument.Tags;
import io.micropool.core.Counter;

/**
 * How one {@link Counter} of the pool is published: as a monotonic {@code FunctionCounter} named
 * {@code name}, told apart from the other counters published under the same name by {@code tags} (none if
 * it has the name to itself), in {@code baseUnit}: the counter's value divided by {@code perBaseUnit} (1,
 * or 1e9 nanoseconds per second). Dividing, not multiplying by 1e-9, gives the double nearest the exact
 * quotient: 450 µs reads {@code 4.5E-4}, not {@code 4.5000000000000004E-4}.
 *
 * <p>{@link #of} is a switch over every {@link Counter} constant with no default, so a counter added to
 * the core does not compile here until it is given a meter. Counters that share a name share its
 * description and base unit, as a Prometheus metric family has one help text.
 *
 * @param name        the meter's name, dot-separated lowercase
 * @param tags        the tag telling this counter apart under its name, or none
 * @param baseUnit    the base unit, plural ({@code units}, {@code tasks}, {@code seconds} …)
 * @param description what the meter counts, for every tag value of its name
 * @param perBaseUnit how many of the counter's units make one base unit
 */
record CounterMeter(String name, Tags tags, String baseUnit, String description, double perBaseUnit) {

    private static final String UNITS_RUN = "Foreground units (of join, invoke, parallel streams and Fork joins) run,"
        + " by the thread that ran them: own = the thread that made the call, helping = a thread of the same call"
        + " tree waiting for its own call, idle_worker = a worker that found it from its idle loop";
    private static final String PAIRS = "Two-half calls (join, invoke of 2, Fork joins): kept = run whole on the"
        + " calling thread, nothing published; offered = the second half offered to other threads";
    private static final String INLINE = "Calls run inline on their caller, or latent halves not offered, because"
        + " every job slot (maxJobs, reason no_free_slot) or every scope (maxScopes, reason no_free_scope) was in use";
    private static final String IDLE_TIME = "Time threads spent with nothing to do: spinning (the CPU the spin"
        + " budget costs) or parked (no CPU, counted when the park ends)";
    private static final String TASKS_RUN = "Background tasks started, by the thread that ran them: worker ="
        + " taken from the queue by a worker (or by close() draining it), joiner = a thread in join, help or"
        + " Future.get before a worker took it, submitter = its submitter at once (queue full, or no worker)";

    /**
     * @param counter a counter of the pool
     * @return how {@code counter} is published
     */
    static CounterMeter of(Counter counter) {
        return switch (counter) {
            case UNITS_RUN_OWN -> tagged("micropool.units.run", "by", "own", "units", UNITS_RUN);
            case UNITS_RUN_HELPING -> tagged("micropool.units.run", "by", "helping", "units", UNITS_RUN);
            case UNITS_RUN_BY_IDLE_WORKER -> tagged("micropool.units.run", "by", "idle_worker", "units", UNITS_RUN);
            case UNITS_SUBMITTED -> alone("micropool.units.submitted", "units",
                "Foreground units submitted by calls: count per invoke, 2 per join or Fork join; once the pool is"
                    + " quiescent, the units run add up to it");
            case JOBS_PUBLISHED -> alone("micropool.jobs.published", "jobs",
                "Jobs made visible to other threads: calls of three units or more published in a job slot, and"
                    + " second halves of two-half calls offered");
            case PAIRS_KEPT -> tagged("micropool.pairs", "outcome", "kept", "calls", PAIRS);
            case PAIRS_OFFERED -> tagged("micropool.pairs", "outcome", "offered", "calls", PAIRS);
            case CALLS_KEPT -> alone("micropool.calls.kept", "calls",
                "Deferred calls of three units or more (virtual threads, deferCalls) run whole on the calling"
                    + " thread: no idle thread asked, or the units left looked too short to hand over");
            case INLINE_NO_FREE_SLOT -> tagged("micropool.calls.inline", "reason", "no_free_slot", "calls", INLINE);
            case INLINE_NO_FREE_SCOPE -> tagged("micropool.calls.inline", "reason", "no_free_scope", "calls", INLINE);
            case PARKS -> alone("micropool.parks", "parks",
                "Parks that ended: a worker asleep after its spin budget, or a caller waiting for its job");
            case WAKE_UPS_SENT -> alone("micropool.wakeups.sent", "wakeups",
                "Parked threads woken because work was published");
            case WAKE_UPS_RECEIVED -> alone("micropool.wakeups.received", "wakeups",
                "Parks ended by a wake-up for new work (or by the pool closing); once the pool is quiescent and"
                    + " open, equal to the wake-ups sent");
            case SPIN_NANOS -> seconds("spinning");
            case PARK_NANOS -> seconds("parked");
            case TASKS_SUBMITTED -> alone("micropool.tasks.submitted", "tasks",
                "Background tasks submitted: spawn, execute, submit, invokeAll, invokeAny");
            case TASKS_RUN_POLLED -> tagged("micropool.tasks.run", "by", "worker", "tasks", TASKS_RUN);
            case TASKS_RUN_BY_JOINER -> tagged("micropool.tasks.run", "by", "joiner", "tasks", TASKS_RUN);
            case TASKS_RUN_BY_SUBMITTER -> tagged("micropool.tasks.run", "by", "submitter", "tasks", TASKS_RUN);
            case TASKS_CANCELLED -> alone("micropool.tasks.cancelled", "tasks",
                "Background tasks cancelled before they ran");
            case TASKS_FAILED_UNJOINED -> alone("micropool.tasks.failed.unjoined", "tasks",
                "Background tasks that failed while no thread was joining them: sent to the failure handler");
        };
    }

    private static CounterMeter alone(String name, String baseUnit, String description) {
        return new CounterMeter(name, Tags.empty(), baseUnit, description, 1);
    }

    private static CounterMeter tagged(String name, String key, String value, String baseUnit, String description) {
        return new CounterMeter(name, Tags.of(key, value), baseUnit, description, 1);
    }

    private static CounterMeter seconds(String state) {
        return new CounterMeter("micropool.idle.time", Tags.of("state", state), "seconds", IDLE_TIME, 1e9);
    }
}
