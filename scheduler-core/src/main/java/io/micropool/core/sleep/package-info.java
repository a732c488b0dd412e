/**
 * Spin, then park: how idle workers go to sleep and how new work wakes them, without a lost wake-up.
 *
 * <h2>State</h2>
 * One {@link io.micropool.core.sleep.IdleCounts} word (spinning, sleeping and ahead-spinning workers,
 * changed by {@code getAndAdd}), the spin-ahead call stamp, and per worker a flag, {@code AWAKE} or
 * {@code SLEEPING}, and the time its last waker stamped, laid out by
 * {@link io.micropool.core.sleep.SleepDescriptor}.
 *
 * <h2>Protocol to post work</h2>
 * <ol>
 *   <li>Set the slot's advertise bit (volatile read-modify-write).</li>
 *   <li>Read the idle counts (volatile load). If a worker spins, stop: it will see the bit. If none
 *       sleeps, stop. Otherwise CAS one worker's flag from SLEEPING to AWAKE, move it from the sleepers to
 *       the spinners, and unpark it.</li>
 * </ol>
 *
 * <h2>Protocol to fall asleep</h2>
 * <ol>
 *   <li>Spin for the budget, looking for advertised work.</li>
 *   <li>Set the own flag to SLEEPING (volatile store), then move from the spinners to the sleepers
 *       ({@code getAndAdd}).</li>
 *   <li>Re-check every advertise word (volatile loads). If any bit is set, cancel: CAS the flag back to
 *       AWAKE (if a waker won that race instead, it already moved the counts) and search again.</li>
 *   <li>Otherwise park until the flag reads AWAKE.</li>
 * </ol>
 *
 * <h2>Sleeping with a deadline (spin-ahead)</h2>
 * A worker that learnt a steady cadence of arrivals ({@link io.micropool.core.sleep.ArrivalCadence})
 * follows the same protocol with a deadline on step 4: it parks until the flag reads AWAKE or the
 * deadline passes. Past the deadline it is still counted a sleeper, and a waker may be ending its sleep
 * at that very moment, so it takes the sleep back with the same CAS as step 3's cancel: if the CAS wins,
 * the worker moved itself back to the spinners and spins for the expected arrival; if the waker's CAS won,
 * the waker already moved it, and the worker goes on as woken. Either way it is counted once, as a
 * spinner, and it searches for work before anything else, so nothing a waker meant for it is lost.
 *
 * <h2>Stamps for the cadence (spin-ahead)</h2>
 * Two stamps only inform the worker's {@link io.micropool.core.sleep.ArrivalCadence}; no wake-up depends
 * on them. A waker stamps its {@code nanoTime} in the worker's region before the CAS of step 2 of
 * posting work; the woken worker's acquire read of its flag makes it visible. While a worker spins for an
 * expected arrival it is counted an ahead spinner: it resets the call stamp (volatile store), then adds
 * itself to the ahead count ({@code getAndAdd}); a poster that reads a spinner and an ahead spinner in
 * step 2 CASes its {@code nanoTime} into the stamp if it is still reset, before it can withdraw its work.
 * The worker leaves the ahead count ({@code getAndAdd}), re-checks the advertise words, then reads the
 * stamp: a poster that saw it ahead set its bit before that {@code getAndAdd}, so the worker sees the bit,
 * or the withdraw that cleared it and hence the stamp written before the withdraw.
 *
 * <h2>Why no wake-up is lost</h2>
 * All the accesses above are volatile, so they fall in one total order. Take a publisher's bit-set
 * {@code P} and a worker's move to the sleepers {@code S}. If {@code P} comes first, the worker's
 * re-check, which follows {@code S}, sees the bit and the worker does not park. If {@code S} comes first,
 * the publisher's read of the counts, which follows {@code P}, sees the worker among the sleepers (or
 * sees a spinner, which re-checks after its own move to the sleepers and is then in the first case), and
 * the worker's flag, written before {@code S}, reads SLEEPING: the publisher wakes it, or another
 * publisher already did. A worker woken for one job may find another; the first job's owner runs its
 * units itself in any case, so a skipped wake-up can cost parallelism, never progress.
 */
package io.micropool.core.sleep;
