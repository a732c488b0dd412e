/**
 * The pool's worker threads: {@link io.micropool.core.worker.Worker}, the loop that searches for
 * foreground units (any scope) and then background tasks, spins with its thread's
 * {@link io.micropool.core.sleep.Spin}, and sleeps through the protocol of {@code core.sleep}; and
 * {@link io.micropool.core.worker.WorkerStart}, which runs the start hooks and lets the pool's builder wait
 * for them. How units run is the foreground tier's ({@code core.foreground}); how tasks run is the
 * background tier's ({@code core.task}).
 */
package io.micropool.core.worker;
