/**
 * Parallel streams: pipelines of a source, stages and a terminal operation, run as foreground jobs.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>Pipelines: {@link io.micropool.core.iter.AbstractPipe} and its typed subclasses
 *       ({@code IntPipe}, {@code LongPipe}, {@code DoublePipe}, {@code ObjPipe}), made by
 *       {@link io.micropool.core.iter.Streams}. Elements travel as a {@code long} or an {@code Object}
 *       ({@link io.micropool.core.iter.Lane}).</li>
 *   <li>Sources ({@link io.micropool.core.iter.Source}) and stages ({@link io.micropool.core.iter.Stage},
 *       made by the typed pipelines with the sink each becomes in a chunk, a
 *       {@link io.micropool.core.iter.Sink}; a {@link io.micropool.core.iter.Slice} never becomes one).</li>
 *   <li>Terminal operations as objects ({@link io.micropool.core.iter.TerminalOp}, one stateless singleton
 *       per operation and lane): each owns its chunk sink (a {@link io.micropool.core.iter.Terminal}), its
 *       specialised loop for a bare array or range, and its combine step. {@code ForEachOp},
 *       {@code SumOp}, {@code CountOp}, {@code ReduceOp}, {@code ExtremeOp}, {@code MatchOp} (the
 *       {@link io.micropool.core.iter.PrimitiveOp}s, run by
 *       {@link io.micropool.core.iter.PrimitiveTerminals}); {@code ObjReduceOp}, {@code FindOp},
 *       {@code PlaceOp}, {@code BufferOp}, {@code CollectOp}.</li>
 *   <li>Running: {@link io.micropool.core.iter.Evaluator} (the thread's stack of reused
 *       {@link io.micropool.core.iter.Run}s, the window, the slice), {@link io.micropool.core.iter.Cutoff}
 *       and {@link io.micropool.core.iter.Kahan}.</li>
 * </ul>
 *
 * <h2>How a terminal operation runs</h2>
 * <ol>
 *   <li>The typed pipeline picks the operation of its lane; {@link io.micropool.core.iter.Evaluator}
 *       prepares the source, clips the window of positions the pipeline reads, and if a skip/limit follows
 *       a filter evaluates the pipeline up to it into a buffer first (a {@code Slice}).</li>
 *   <li>It takes a {@link io.micropool.core.iter.Run} from the calling thread's stack and plans it: the
 *       {@link io.micropool.api.Split} cuts the positions into chunks; the operation and the call's
 *       arguments go into the run.</li>
 *   <li>The chunks run as one {@code invoke} of the scheduler, the caller taking chunk 0 first. A chunk
 *       either runs the operation's specialised loop (the run holds a bare array or range, no source
 *       object) or builds its own chain of sinks, one per stage, ending in the operation's terminal sink;
 *       both leave the chunk's result in the run's per-chunk slots.</li>
 *   <li>After the job completed, the operation combines the slots in chunk order.</li>
 * </ol>
 * A bare array or range pipeline keeps no {@code Source} object and its primitive terminal operations
 * hand {@link io.micropool.core.iter.PrimitiveTerminals} its parts, so that escape analysis can remove a
 * pipeline built and used in one call ({@code pool.of(array).sum()}); see that class.
 *
 * <h2>The one shared protocol: the cutoff</h2>
 * Chunks share nothing but the run's {@link io.micropool.core.iter.Cutoff}: positions at or above it are
 * skipped. {@code findFirst} lowers it (CAS-min) to the position of a match, so that only later positions
 * are skipped; matches, {@code findAny} and failures lower it to {@code Long.MIN_VALUE}. Chunks read it
 * opaque before each element (the operations that only a failure stops, every 1024 positions). Every other result travels through the job's publication (caller to
 * chunks) and completion (chunks to caller), which the foreground scheduler orders.
 */
package io.micropool.core.iter;
