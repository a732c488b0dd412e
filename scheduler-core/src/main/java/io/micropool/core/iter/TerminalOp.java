package io.micropool.core.iter;

/**
 * A terminal operation on the elements of one lane: it owns the chunk's terminal sink, the specialised
 * loop a chunk runs instead of a sink chain when the source is a bare array or range, and the step that
 * combines the chunks' results. The lane is fixed by the instance, so no sink or loop asks for it.
 *
 * <p>Instances are stateless singletons, one per operation and lane (and variant, such as min or max),
 * so that choosing one allocates nothing; whatever a call brings (the user's function, identity, target,
 * destination) is in the reused {@link Run}. Protocol:
 * <ol>
 *   <li>the calling thread plans a run and sets the operation and its arguments ({@link Run#terminal});</li>
 *   <li>each chunk either runs {@link #fast} (the run holds a bare array or range, no {@link Source}) or
 *       pushes its elements through its stages into {@link #sink}, whose {@link Terminal#end} then leaves
 *       the chunk's result in the run's per-chunk slots; both paths leave the same result in the same
 *       slots;</li>
 *   <li>after the job completed, the calling thread combines the slots in chunk order with the
 *       operation's own combine method (its result type is the operation's: see the subclasses).</li>
 * </ol>
 */
abstract class TerminalOp {
    /** @return a new terminal sink for one chunk of {@code run} */
    abstract Terminal sink(Run run);

    /**
     * Runs positions {@code [from, to)} of {@code run}'s bare array or range ({@link Run#array},
     * {@link Run#base}) as chunk {@code chunk}, leaving the same result as {@link #sink} would.
     *
     * @throws IllegalStateException if the operation has no specialised loop (the default)
     */
    void fast(Run run, int chunk, int from, int to) {
        throw new IllegalStateException(getClass().getName() + " has no specialised loop");
    }

    /** @return the end of the block of positions that starts at {@code block}, at most {@code to} */
    static int blockEnd(long block, int to) {
        return (int) Math.min(to, block + Terminal.CHECK_INTERVAL);
    }
}
