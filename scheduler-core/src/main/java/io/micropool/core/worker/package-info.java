/**
 * Who runs units: the worker loop ({@link io.micropool.core.worker.Worker}), the caller's path from
 * publishing to helping in scope to parking ({@link io.micropool.core.worker.ForegroundScheduler}), the
 * two-half calls and their latent second halves ({@link io.micropool.core.worker.PairPath},
 * {@code LatentFrames}, {@link io.micropool.core.worker.WorkRequests}), and the per-thread state and
 * {@code Fork} ({@link io.micropool.core.worker.Participant}).
 *
 * <h2>Latent halves, in one paragraph</h2>
 * A two-half call keeps its second half on its thread's own stack with plain stores, and most calls do
 * not even record it: a unit keeps its two oldest latent halves and runs the rest in place. A half
 * becomes visible to other threads only when it is offered — published as a one-unit job in a slot, the
 * way every job is published — which a thread does at once for the first split of a unit of
 * {@code join(a, b)}, and otherwise only when some thread asks for work: then it offers its oldest latent
 * half. An offered half is claimed by exactly one thread (the claim word's CAS), its owner included; its
 * argument travels with the slot's release publication, its result back with the completion
 * {@code getAndAdd}. See {@code docs/ARCHITECTURE.md} for the proof sketch.
 *
 * <h2>Search order</h2>
 * A worker searches the global advertise mask and claims from any scope, adopting the scope of the job
 * it claimed from while it runs the unit. An owner first claims its own job's units, then searches only
 * its own scope's mask: it never runs a unit of another call tree. Exceptions from units are caught
 * around every unit and recorded for the owner: a worker never dies from user code.
 */
package io.micropool.core.worker;
