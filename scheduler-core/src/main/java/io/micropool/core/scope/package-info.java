/**
 * Scopes: the call trees a waiting thread may help with, and the advertise masks that index them.
 *
 * <p>Protocol: the outermost call acquires a scope id (CAS on the allocator bit set) and releases it on
 * return, when every job of its tree is complete. An owner advertises its slot in the scope's mask and
 * in the global mask before it publishes the claim word; the thread that claims a job's last unit
 * withdraws the slot from both before it runs that unit, so a slot is never advertised while another
 * owner reuses it. A set bit whose claim word shows no unclaimed units is a publication or withdrawal
 * under way: searchers skip it, sleepers treat it as work and do not park.
 */
package io.micropool.core.scope;
