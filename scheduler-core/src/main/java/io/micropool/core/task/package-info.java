/**
 * The background tier: task handles ({@link io.micropool.core.task.BackgroundTask}) driven by one state
 * word ({@link io.micropool.core.task.TaskState}), one bounded MPMC queue shared by all workers
 * ({@link io.micropool.core.task.BackgroundScheduler}), and the admission gate that lets
 * {@code close()} seal it ({@link io.micropool.core.task.SubmitGate}).
 *
 * <h2>Protocols</h2>
 * <ul>
 *   <li>Run versus cancel: both are CASes from QUEUED; exactly one wins.</li>
 *   <li>Completion: plain writes of result/failure, then {@code getAndSet} of the final phase (volatile);
 *       readers load the state first.</li>
 *   <li>Blocking join: CAS push of a waiter node, then CAS of WAITERS, then {@code LockSupport.park}
 *       until the state is final; the completer's {@code getAndSet} returns WAITERS and it takes the
 *       waiter stack ({@code getAndSet}) and unparks each node. No monitor: a virtual thread that
 *       joins unmounts while it waits.</li>
 *   <li>Offer versus close: {@code getAndAdd} into the gate word versus {@code getAndBitwiseOr} of CLOSED
 *       and a wait for the in-flight count; a task accepted before close is queued before close goes on.</li>
 *   <li>Waking: after an offer, {@code Sleepers.wakeOne}; a worker re-checks {@code isEmpty()} after it
 *       announces sleep (see {@code io.micropool.core.sleep}).</li>
 * </ul>
 */
package io.micropool.core.task;
