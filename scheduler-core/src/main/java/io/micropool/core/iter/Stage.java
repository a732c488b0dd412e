package io.micropool.core.iter;

import java.util.function.UnaryOperator;

/**
 * One intermediate operation of a pipeline: an immutable node linked to the one before it. A chunk turns
 * the chain into sinks with {@link #wrap}, from the last stage back to the first.
 *
 * <p>The typed pipelines make each stage with its sink ({@link IntPipe#map} and the others): the stage
 * knows its operation only as the sink it makes, so nothing switches on what a stage is, per chunk or
 * per element. A {@link Slice} is the one stage that never becomes a sink.
 */
class Stage {
    /** The stage before this one, or {@code null} if it reads the source. */
    final Stage up;
    /** Whether the element count is known without running the pipeline: no filter or slice up to here. */
    final boolean sized;
    /** Makes this stage's sink in front of the sink given; {@code null} for a {@link Slice}. */
    private final UnaryOperator<Sink> sinks;

    Stage(Stage up, boolean sized, UnaryOperator<Sink> sinks) {
        this.up = up;
        this.sized = sized;
        this.sinks = sinks;
    }

    /** @return the sink that applies this stage and pushes into {@code down} */
    Sink wrap(Sink down) {
        return sinks.apply(down);
    }
}
