package io.micropool.core.task;

import java.util.function.Supplier;

/**
 * A {@link Runnable} as the work of a background task: what {@code execute}, {@code submit} and the other
 * {@code ExecutorService} methods of a pool queue. {@code shutdownNow} hands the {@link #command} of the
 * tasks it took off the queue back to its caller.
 */
public final class RunnableWork implements Supplier<Object> {
    private final Runnable command;

    public RunnableWork(Runnable command) {
        this.command = command;
    }

    /** @return the command this work runs */
    public Runnable command() {
        return command;
    }

    @Override
    public Object get() {
        command.run();
        return null;
    }
}
