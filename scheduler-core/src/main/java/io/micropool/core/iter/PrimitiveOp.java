package io.micropool.core.iter;

/**
 * A terminal operation whose result is one primitive or nothing: {@code sum}, {@code min}/{@code max}
 * with a value for the empty case, {@code reduce} with an identity, the matches, {@code forEach},
 * {@code count}. {@link PrimitiveTerminals#evaluate} runs all of them the same way and asks the operation
 * only to {@link #combine} the chunks' results.
 */
abstract class PrimitiveOp extends TerminalOp {
    /**
     * @return the result of an executed run, its chunks' results combined in chunk order: the lane's
     *         value as bits (see {@link Lane}), 1 or 0 for a match, 0 for {@code forEach}
     */
    abstract long combine(Run run);
}
