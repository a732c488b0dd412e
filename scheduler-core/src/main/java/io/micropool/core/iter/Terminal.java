package io.micropool.core.iter;

/**
 * The end of a chunk's sink chain: it accumulates the chunk's part of a terminal operation's result.
 * A {@link TerminalOp} makes one per chunk ({@link TerminalOp#sink}); it is confined to the thread that
 * runs the chunk.
 *
 * <p>Protocol: the source reads {@link #halted} before each element and stores the element's position in
 * {@link #position}, which {@code findFirst} and positional {@code toArray} need; once the source has
 * pushed the chunk's elements, {@link #end} leaves the chunk's result in the run's per-chunk slots, which
 * the caller reads once the job has completed (the job's completion orders every chunk's writes before
 * that read).
 */
abstract class Terminal extends Sink {
    /**
     * Terminal operations that end early read the cutoff before every element; the others (a failure is
     * all that stops them) every {@link #CHECK_INTERVAL} positions, which keeps the opaque read out of
     * most iterations of the source's loop.
     */
    static final int CHECK_INTERVAL = 1024;

    final Cutoff cutoff;
    /** {@code CHECK_INTERVAL - 1}, or 0 to check at every position. */
    private final long checkMask;
    /** Source position of the element being pushed. */
    long position;
    /** Set by the sink itself when its chunk needs no more elements. */
    boolean stop;

    Terminal(Cutoff cutoff, boolean endsEarly) {
        this.cutoff = cutoff;
        this.checkMask = endsEarly ? 0 : CHECK_INTERVAL - 1;
    }

    /** @return whether the chunk must stop before the element at {@code position} */
    final boolean halted(long position) {
        return stop || ((position & checkMask) == 0 && !cutoff.admits(position));
    }

    /**
     * Leaves the chunk's result in {@code run}'s slots of chunk {@code chunk} ({@link Run#values},
     * {@link Run#counts}, {@link Run#kahan}, {@link Run#objs}); nothing by default.
     */
    void end(Run run, int chunk) {
    }
}
