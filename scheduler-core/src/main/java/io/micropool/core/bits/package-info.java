/**
 * An atomic bit set in off-heap memory: the allocator of job slots and scopes, and the advertise masks.
 *
 * <p>Protocol: bits are set and cleared with volatile read-modify-writes and read with volatile loads, so
 * every update is in the single total order of volatile accesses. Allocation is a CAS that sets a clear
 * bit; release is a clear. The previous holder's writes happen-before the next holder's claim.
 */
package io.micropool.core.bits;
