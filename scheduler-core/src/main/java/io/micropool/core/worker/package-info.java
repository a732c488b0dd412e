/**
 * Who runs units: the worker loop ({@link io.micropool.core.worker.Worker}), the caller's path from
 * publishing to helping in scope to parking ({@link io.micropool.core.worker.ForegroundScheduler}), and
 * the per-thread state ({@link io.micropool.core.worker.Participant}).
 *
 * <h2>Search order</h2>
 * A worker searches the global advertise mask and claims from any scope, adopting the scope of the job
 * it claimed from while it runs the unit. An owner first claims its own job's units, then searches only
 * its own scope's mask: it never runs a unit of another call tree. Exceptions from units are caught
 * around every unit and recorded for the owner: a worker never dies from user code.
 */
package io.micropool.core.worker;
