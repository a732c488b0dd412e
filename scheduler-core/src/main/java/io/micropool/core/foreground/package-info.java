/**
 * The foreground tier: how a call of the pool runs its units. One concept per file:
 * <ul>
 *   <li>{@link io.micropool.core.foreground.ForegroundScheduler}: a call from start to end — a scope and a
 *       slot, {@code publish} (the one way a job is published, by calls and stress tests alike), the
 *       caller's own units, claims ({@link io.micropool.core.foreground.Claim}) and the run of a claimed
 *       unit;</li>
 *   <li>{@code OwnerWait}: the owner's wait — help its own scope, spin, park; {@code WakeUps}: whom a
 *       publication wakes; {@link io.micropool.core.foreground.UnitRunner}: one unit, with its probe;</li>
 *   <li>{@link io.micropool.core.foreground.PairPath}, {@code LatentFrames} and
 *       {@link io.micropool.core.foreground.WorkRequests}: the two-half calls and their latent second
 *       halves, offered when some thread asks;</li>
 *   <li>{@link io.micropool.core.foreground.Participant}: the thread context (scope, latent stack,
 *       counters, spin, trace buffer) passed explicitly down every path; {@code Participants} finds a
 *       thread's, {@link io.micropool.core.foreground.Seats} lends them to virtual threads;
 *       {@code VirtualCallers}, {@code DeferredCalls} and {@code UnseatedFork}: the calls of virtual
 *       threads and deferred publication; {@link io.micropool.core.foreground.UnitKind}: how a unit's body
 *       is called.</li>
 * </ul>
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
package io.micropool.core.foreground;
