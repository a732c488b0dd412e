package io.micropool.core;

import java.util.List;

/**
 * A snapshot of a {@link MicroPool}'s state and counters, taken by {@link MicroPool#stats()}. Values are
 * read one by one, not atomically together: while the pool works, the totals of one snapshot need not
 * add up; once it is quiescent they do (see {@link Counter}).
 *
 * <p>The counters are kept per thread ({@link #threads}) and summed in {@link #total}: read
 * one with {@code stats.total().get(Counter.PAIRS_KEPT)}, or a thread's with {@code threads().get(i)}.
 * Each is documented on its {@link Counter} constant.
 *
 * @param workers                  worker threads
 * @param jobSlots                 capacity of the job slot table ({@code maxJobs})
 * @param scopes                   capacity of the scope table ({@code maxScopes})
 * @param jobSlotsInUse            job slots reserved at the moment of reading; 0 when the pool is quiescent
 * @param scopesInUse              scopes in use at the moment of reading; 0 when the pool is quiescent
 * @param total                    the counters summed over every thread that took part, alive or ended
 * @param threads                  the counters of each worker and of each live outside thread that called
 *                                 into the pool, then one entry summing the threads that ended, if any
 * @param tasksQueued              background queue entries at the moment of reading (cancelled ones
 *                                 included until a worker polls them); 0 when the pool is quiescent
 * @param wakeLatencyNanos         how long a parked worker took to run after a wake-up, as a running
 *                                 average over the recent wake-ups (from the waker's decision, its
 *                                 {@code unpark} included); 0 before the first. What sharing work with an
 *                                 idle worker costs on this machine: deferred calls weigh it
 *                                 ({@link Builder#deferCalls})
 */
public record MicroPoolStats(
    int workers,
    int jobSlots,
    int scopes,
    int jobSlotsInUse,
    int scopesInUse,
    ThreadStats total,
    List<ThreadStats> threads,
    int tasksQueued,
    long wakeLatencyNanos) {

    /**
     * Makes a snapshot of these values, as {@link MicroPool#stats()} does; {@code threads} is copied into an
     * unmodifiable list. The components are described in the class comment.
     *
     * @param workers          worker threads
     * @param jobSlots         capacity of the job slot table
     * @param scopes           capacity of the scope table
     * @param jobSlotsInUse    job slots reserved at the moment of reading
     * @param scopesInUse      scopes in use at the moment of reading
     * @param total            the counters summed over every thread that took part
     * @param threads          the counters of each thread, then the sum of those that ended, if any; copied
     * @param tasksQueued      background queue entries at the moment of reading
     * @param wakeLatencyNanos the running average of how long a parked worker took to run after a wake-up
     * @throws NullPointerException if {@code threads} is {@code null} or holds {@code null}
     */
    public MicroPoolStats {
        threads = List.copyOf(threads);
    }

    /** {@return calls run inline, or latent halves not offered, because every job slot was reserved} */
    public long inlineNoFreeSlot() {
        return total.get(Counter.INLINE_NO_FREE_SLOT);
    }

    /** {@return outermost calls run inline because every scope was in use} */
    public long inlineNoFreeScope() {
        return total.get(Counter.INLINE_NO_FREE_SCOPE);
    }

    /**
     * {@return two-half calls ({@code join}, {@code invoke(2, …)}, the {@code Fork} joins) whose second half
     * was offered to other threads; {@link Counter#PAIRS_KEPT} counts the others}
     */
    public long pairsOffered() {
        return total.get(Counter.PAIRS_OFFERED);
    }

    /** {@return background tasks taken from the queue and run: by workers, or by {@code close()} draining} */
    public long tasksRunByWorkers() {
        return total.get(Counter.TASKS_RUN_POLLED);
    }

    /** {@return background tasks run by a thread in {@code join} or {@code help}} */
    public long tasksRunByJoiners() {
        return total.get(Counter.TASKS_RUN_BY_JOINER);
    }

    /** {@return background tasks run by their submitter: queue full, or no worker} */
    public long tasksRunBySubmitters() {
        return total.get(Counter.TASKS_RUN_BY_SUBMITTER);
    }

    /** {@return background tasks cancelled before they ran} */
    public long tasksCancelled() {
        return total.get(Counter.TASKS_CANCELLED);
    }

    /** {@return background failures reported to the failure handler} */
    public long tasksFailedUnjoined() {
        return total.get(Counter.TASKS_FAILED_UNJOINED);
    }

    /** @return a one-line summary: slots and scopes in use, the tasks queued, the wake-up latency and the totals */
    @Override
    public String toString() {
        return "MicroPoolStats[workers=" + workers + ", slots in use " + jobSlotsInUse + "/" + jobSlots
            + ", scopes in use " + scopesInUse + "/" + scopes + ", tasks queued " + tasksQueued + ", wake-up latency "
            + wakeLatencyNanos / 1000 + " us, " + total + "]";
    }
}
