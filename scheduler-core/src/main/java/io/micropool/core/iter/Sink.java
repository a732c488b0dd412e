package io.micropool.core.iter;

/**
 * Where a chunk pushes its elements: a stage that transforms them and pushes on, or the terminal sink
 * at the end. A chunk builds its own chain of sinks and is its only user: sinks are confined to one
 * thread and hold plain state.
 */
abstract class Sink {
    /** Takes a primitive element (see {@link Lane}). */
    void accept(long value) {
        throw new IllegalStateException(getClass().getName() + " takes no primitive elements");
    }

    /** Takes an object element. */
    void acceptObj(Object value) {
        throw new IllegalStateException(getClass().getName() + " takes no object elements");
    }
}
