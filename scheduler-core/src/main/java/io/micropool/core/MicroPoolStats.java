package io.micropool.core;

/**
 * A snapshot of a {@link MicroPool}'s state and counters, taken by {@link MicroPool#stats()}. Values are
 * read one by one, not atomically together.
 *
 * @param workers                  worker threads
 * @param jobSlots                 capacity of the job slot table ({@code maxJobs})
 * @param scopes                   capacity of the scope table ({@code maxScopes})
 * @param jobSlotsInUse            job slots reserved at the moment of reading; 0 when the pool is quiescent
 * @param scopesInUse              scopes in use at the moment of reading; 0 when the pool is quiescent
 * @param inlineNoFreeSlot         calls that ran inline, or pending halves that could not be offered,
 *                                 because every job slot was reserved
 * @param inlineNoFreeScope        outermost calls that ran inline because every scope was in use
 * @param pairsOffered             nested two-unit calls ({@code join}, {@code invoke(2, …)}) whose second
 *                                 unit was offered to other threads; the other nested two-unit calls ran
 *                                 it on the calling thread without publishing anything
 * @param tasksQueued              background queue entries at the moment of reading (cancelled ones
 *                                 included until a worker polls them); 0 when the pool is quiescent
 * @param tasksRunByWorkers        background tasks run by workers
 * @param tasksRunByJoiners        background tasks run by a thread in {@code join} or {@code help}
 * @param tasksRunBySubmitters     background tasks run by their submitter: queue full, or no worker
 * @param tasksCancelled           background tasks cancelled before they ran
 * @param tasksFailedUnjoined      background failures reported to the failure handler
 */
public record MicroPoolStats(
    int workers,
    int jobSlots,
    int scopes,
    int jobSlotsInUse,
    int scopesInUse,
    long inlineNoFreeSlot,
    long inlineNoFreeScope,
    long pairsOffered,
    int tasksQueued,
    long tasksRunByWorkers,
    long tasksRunByJoiners,
    long tasksRunBySubmitters,
    long tasksCancelled,
    long tasksFailedUnjoined) {
}
