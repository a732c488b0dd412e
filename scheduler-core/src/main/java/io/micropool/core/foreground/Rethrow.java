package io.micropool.core.foreground;

/**
 * Rethrows a throwable recorded on another thread as is, checked or not, like {@code ForkJoinTask.join}:
 * the caller sees the same instance the unit threw.
 */
final class Rethrow {
    private Rethrow() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T unchecked(Throwable failure) throws T {
        throw (T) failure;
    }
}
