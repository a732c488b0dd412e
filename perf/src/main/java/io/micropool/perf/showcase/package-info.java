/**
 * The game-loop showcase: how late a 1 ms frame loop's parallel work finishes on micropool and on the
 * pools people use today, with and without background tasks keeping the pool busy.
 *
 * <h2>Scenario</h2>
 * Every millisecond the main thread runs one frame of foreground work on the pool under test and waits
 * for it: {@linkplain FrameVariant#INVOKE eight units} of 25 µs of busy CPU work, or the same work
 * {@linkplain FrameVariant#NESTED nested} as two halves of four. In the runs under load a
 * {@linkplain BackgroundFeeder feeder} keeps two 2 ms {@linkplain BackgroundLoad background tasks} per
 * pool thread in flight on the same pool, so that no thread ever runs out of background work.
 *
 * <h2>What is measured</h2>
 * A frame's latency runs from the moment it was <em>due</em> (frame {@code i} is due at
 * {@code t0 + i × 1 ms}) to the moment its work is done. A frame that overruns delays the next one, and
 * that delay is part of the next frame's latency: the loop never skips the frames it was too slow for,
 * which would hide exactly the stalls the showcase is about (coordinated omission). See
 * {@link FrameLoop}; the histograms are HdrHistograms, the plot is drawn by XChart.
 *
 * <p>Entry point: {@link GameLoopShowcase}; run it with {@code ./run-showcase} from the repository root.
 */
package io.micropool.perf.showcase;
