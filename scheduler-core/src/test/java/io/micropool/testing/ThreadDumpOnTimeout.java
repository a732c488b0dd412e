package io.micropool.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints a dump of every live thread to stderr when a test or lifecycle method fails with a timeout
 * ({@link TimeoutException} anywhere in the cause chain, as thrown by {@code @Timeout}), then lets the
 * failure through unchanged.
 *
 * <p>Test classes use {@code @Timeout(threadMode = SEPARATE_THREAD)}: the test body runs on its own
 * thread, so a hang the pool does not let an interrupt cut short (a caller parked for its job ignores
 * interrupts) still fails at the deadline, and the dump is taken while the hung threads are still where
 * they hang.
 *
 * <p>{@link #threadDump()} is also used directly by tests that detect a hang themselves.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    public ThreadDumpOnTimeout() {
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dumpIfTimeout(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dumpIfTimeout(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dumpIfTimeout(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dumpIfTimeout(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dumpIfTimeout(context, throwable);
        throw throwable;
    }

    private static void dumpIfTimeout(ExtensionContext context, Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                System.err.println("=== TIMEOUT in " + context.getDisplayName() + " (" + context.getUniqueId() + "): "
                    + throwable);
                System.err.println(threadDump());
                System.err.flush();
                return;
            }
            if (t.getCause() == t) {
                return;
            }
        }
    }

    /**
     * @return a dump of every live thread: name, id, state, daemon flag, what it is parked on, and its
     *         full stack
     */
    public static String threadDump() {
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("Full thread dump at ").append(LocalDateTime.now()).append('\n');
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        all.entrySet().stream()
            .sorted(Comparator.comparing(e -> e.getKey().getName()))
            .forEach(entry -> {
                Thread thread = entry.getKey();
                out.append('\n').append('"').append(thread.getName()).append('"')
                    .append(" id=").append(thread.getId())
                    .append(thread.isDaemon() ? " daemon" : "")
                    .append(" state=").append(thread.getState());
                Object blocker = LockSupport.getBlocker(thread);
                if (blocker != null) {
                    out.append(" parked on ").append(blocker.getClass().getName())
                        .append('@').append(Integer.toHexString(System.identityHashCode(blocker)));
                }
                out.append('\n');
                for (StackTraceElement frame : entry.getValue()) {
                    out.append("\tat ").append(frame).append('\n');
                }
            });
        return out.toString();
    }
}
