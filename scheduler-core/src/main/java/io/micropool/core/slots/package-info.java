/**
 * The job slot table: off-heap descriptors ({@link io.micropool.core.slots.JobSlotDescriptor}) with
 * their packed words ({@link io.micropool.core.slots.ClaimWord},
 * {@link io.micropool.core.slots.CompletionWord}), and the on-heap references in parallel arrays.
 *
 * <h2>Protocol of one slot</h2>
 * <pre>
 *  owner:    reserve (CAS bit) → prepare (plain) → advertise (volatile OR) → publish (release store)
 *  claimers:                        search mask (volatile) → claim (CAS on claim word, pairs with publish)
 *                                   → [last unit: withdraw (volatile AND)] → run → complete (getAndAdd)
 *  owner:    … → wait until incomplete == 0 (acquire, pairs with complete) → release (plain clears,
 *            then volatile AND of the reserved bit, pairs with the next reserve)
 * </pre>
 * An owner that parks first sets {@code OWNER_PARKED} in the completion word by CAS; the finisher's
 * {@code getAndAdd} returns the word it replaced, flag included, and unparks the owner if it was set.
 */
package io.micropool.core.slots;
