/**
 * Parallel streams: pipelines of a source, stages and a terminal operation, run as foreground jobs.
 *
 * <h2>How a terminal operation runs</h2>
 * <ol>
 *   <li>{@link io.micropool.core.iter.Evaluator} prepares the source, clips the window of positions the
 *       pipeline reads, and if a skip/limit follows a filter evaluates the pipeline up to it into a buffer
 *       first (a {@code Stage.SLICE}).</li>
 *   <li>It takes a {@link io.micropool.core.iter.Run} from the calling thread's stack and plans it: the
 *       {@link io.micropool.api.Split} cuts the positions into chunks.</li>
 *   <li>The chunks run as one {@code invoke} of the scheduler, the caller taking chunk 0 first. A chunk
 *       either runs a specialised loop ({@link io.micropool.core.iter.FastLoops}: a bare array or range)
 *       or builds its own chain of sinks, one per stage, ending in a terminal sink.</li>
 *   <li>After the job completed, the caller combines the chunks' results in chunk order.</li>
 * </ol>
 * A bare array or range pipeline keeps no {@code Source} object and its primitive terminal operations
 * hand {@link io.micropool.core.iter.PrimitiveTerminals} its parts, so that escape analysis can remove a
 * pipeline built and used in one call ({@code pool.of(array).sum()}); see that class.
 *
 * <h2>The one shared protocol: the cutoff</h2>
 * Chunks share nothing but the run's {@link io.micropool.core.iter.Cutoff}: positions at or above it are
 * skipped. {@code findFirst} lowers it (CAS-min) to the position of a match, so that only later positions
 * are skipped; matches, {@code findAny} and failures lower it to {@code Long.MIN_VALUE}. Chunks read it
 * opaque before each element. Every other result travels through the job's publication (caller to
 * chunks) and completion (chunks to caller), which the foreground scheduler orders.
 */
package io.micropool.core.iter;
