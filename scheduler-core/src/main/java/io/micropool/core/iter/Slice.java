package io.micropool.core.iter;

/**
 * A skip/limit after a filter, where the elements' positions are not known without running the
 * pipeline: the pipeline is evaluated up to here into a buffer first, and the rest runs on the buffer's
 * window (see {@link Evaluator}). A slice of a sized pipeline never gets here: it narrows the source window
 * instead ({@link AbstractPipe#sliced}).
 */
final class Slice extends Stage {
    /** The type of the elements kept. */
    final Lane lane;
    /** The elements dropped, and the elements kept at most. */
    final long skip;
    final long limit;

    Slice(Stage up, Lane lane, long skip, long limit) {
        super(up, false, null);
        this.lane = lane;
        this.skip = skip;
        this.limit = limit;
    }

    /** A slice is evaluated into a buffer, never made a sink: a run's chain of sinks stops below it. */
    @Override Sink wrap(Sink down) {
        throw new IllegalStateException("a slice is never a sink");
    }
}
