package io.micropool.perf.showcase;

import io.micropool.core.Trace;

import java.util.List;

/**
 * One pool in the comparison, driven the way its own API is meant to be used: the main thread runs
 * frames on it, and in the runs under load a {@link BackgroundFeeder} keeps it supplied with background
 * tasks.
 */
interface PoolUnderTest extends AutoCloseable {
    /** @return the name in the table and the plot, with the pool's thread count */
    String name();

    /** @return a short name for file names: letters, digits and dashes */
    String fileId();

    /**
     * Runs one frame of foreground work and returns when all of it is done.
     *
     * @param variant the shape of the frame's work
     */
    void runFrame(FrameVariant variant);

    /**
     * Starts keeping two background tasks per pool thread that runs them in flight.
     *
     * @param load the task to run and its counters
     */
    void startBackground(BackgroundLoad load);

    /** Stops the background load and waits until no background task is running. */
    void stopBackground();

    /**
     * @return what the pool counted over the whole run, one line per thread, if it counts anything
     *         ({@code MicroPool.stats()}); empty for the JDK's pools
     */
    default List<String> statistics() {
        return List.of();
    }

    /**
     * Starts recording what the pool's threads run, if the pool can ({@code MicroPool.startTrace}).
     *
     * @return whether it does
     */
    default boolean startTrace() {
        return false;
    }

    /** @return what the pool's threads ran since {@link #startTrace}, which returned true */
    default Trace stopTrace() {
        throw new UnsupportedOperationException(name() + " does not trace");
    }

    /** Shuts the pool down and waits for its threads to end. */
    @Override
    void close();
}
