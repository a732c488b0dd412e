package io.micropool.core;

/**
 * What a pool counts, for each thread that takes part in it (its workers, and every outside thread that
 * called into it). {@code MicroPool.stats()} reads them per thread and in total; this page says how to
 * read each figure.
 *
 * <p>Foreground units: every unit of every {@code join}/{@code invoke}/parallel-stream job is run (or,
 * after a failure of its job, skipped) exactly once, by one of three kinds of thread, so once the pool is
 * quiescent {@code UNITS_RUN_OWN + UNITS_RUN_HELPING + UNITS_RUN_BY_IDLE_WORKER = UNITS_SUBMITTED} in
 * total. A high share of {@code UNITS_RUN_OWN} means the callers did most of their own work (the workers
 * were busy or the calls were too small to share); {@code UNITS_RUN_HELPING} is work done by threads that
 * would otherwise have waited.
 */
public enum Counter {
    /** Units of foreground calls made by this thread, run by this thread. */
    UNITS_RUN_OWN,
    /**
     * Units of another thread's call run by this thread while it waited for a call of its own in the same
     * call tree (scope-limited help).
     */
    UNITS_RUN_HELPING,
    /** Units claimed by this worker from its idle loop (always 0 for an outside thread). */
    UNITS_RUN_BY_IDLE_WORKER,
    /** Units of the foreground calls this thread made: {@code count} per call, 2 per {@code join} or {@code Fork} join. */
    UNITS_SUBMITTED,
    /**
     * Jobs this thread made visible to other threads: calls of three units or more published in a job
     * slot, plus second halves of two-half calls it offered ({@link #PAIRS_OFFERED}).
     */
    JOBS_PUBLISHED,
    /**
     * Two-half calls ({@code join}, {@code invoke(2, …)}, {@code joinAll} of two, the {@code Fork} joins)
     * this thread ran entirely by itself without publishing anything: no thread asked for work meanwhile,
     * or the call's unit was too young to share. Together with {@link #PAIRS_OFFERED}, every two-half call
     * (calls run inline for lack of a scope, or because the pool has no workers or is closed, aside).
     */
    PAIRS_KEPT,
    /**
     * Two-half calls whose second half this thread offered to other threads: at once (an outermost
     * {@code join}, the first split of a unit), or answering a request.
     */
    PAIRS_OFFERED,
    /**
     * Calls of three units or more that this thread ran entirely by itself without publishing anything:
     * a virtual thread's outermost call, which is published only once some thread asks for work and its
     * units left look worth a hand-over (see the README, "Virtual threads"). Counted in the
     * {@link ThreadStats.Role#VIRTUAL_THREADS} entry.
     */
    CALLS_KEPT,
    /**
     * Calls this thread ran inline, or latent halves it could not offer, because every job slot was
     * reserved ({@code maxJobs}). Non-zero under load means raising {@code maxJobs} could add parallelism.
     */
    INLINE_NO_FREE_SLOT,
    /** Outermost calls this thread ran inline because every scope was in use ({@code maxScopes}). */
    INLINE_NO_FREE_SCOPE,
    /**
     * Times this thread parked: a worker falling asleep after its spin budget, or an owner parking while
     * waiting for its job.
     */
    PARKS,
    /**
     * Parked threads this thread woke because it published work: sleeping workers (for a foreground job
     * or a background task) and owners parked in the same call tree. An owner unparked because its own
     * job completed is not counted here.
     */
    WAKE_UPS_SENT,
    /**
     * Parks of this thread that ended because another thread woke it for new work (or, for a worker,
     * because the pool closed). Once the pool is quiescent and open, equal to {@link #WAKE_UPS_SENT} in
     * total.
     */
    WAKE_UPS_RECEIVED,
    /**
     * Nanoseconds this thread spun with nothing to do: a worker looking for work, an owner waiting for its
     * job. This is the CPU the spin budget costs. A spin that runs out of budget is timed by the clock;
     * one that ends because work appeared is estimated from its number of idle steps and the calibrated
     * rate of the spin strategy, so the clock stays off the path that picks the work up.
     */
    SPIN_NANOS,
    /** Nanoseconds this thread spent parked with nothing to do (no CPU). */
    PARK_NANOS,
    /**
     * Background tasks this thread submitted ({@code spawn}, {@code executor().execute}). Once the pool is
     * quiescent, in total: {@code TASKS_SUBMITTED = TASKS_RUN_POLLED + TASKS_RUN_BY_JOINER +
     * TASKS_RUN_BY_SUBMITTER + TASKS_CANCELLED}.
     */
    TASKS_SUBMITTED,
    /** Background tasks this thread took from the queue and ran: a worker, or {@code close()} draining. */
    TASKS_RUN_POLLED,
    /** Background tasks this thread ran itself in {@code join} or {@code help} before a worker took them. */
    TASKS_RUN_BY_JOINER,
    /**
     * Background tasks this thread submitted and ran at once because the queue was full (or the pool has
     * no worker). Non-zero under load means the queue ({@code backgroundQueueCapacity}) overflowed.
     */
    TASKS_RUN_BY_SUBMITTER,
    /** Background tasks this thread cancelled before they ran. */
    TASKS_CANCELLED,
    /** Failures of background tasks run by this thread that nobody was joining: sent to the failure handler. */
    TASKS_FAILED_UNJOINED;

    /** The number of counters. */
    public static final int COUNT = values().length;
}
