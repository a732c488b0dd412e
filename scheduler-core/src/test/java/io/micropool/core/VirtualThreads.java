package io.micropool.core;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Virtual threads for the tests, reached by reflection so that the tests compile for JDK 17: making them,
 * running a body on one, and the pool's statistics entry that all of them share.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    /** @return the pool's statistics entry of the virtual threads */
    static ThreadStats virtualEntry(MicroPool pool) {
        return pool.stats().threads().stream().filter(t -> t.role() == ThreadStats.Role.VIRTUAL_THREADS).findFirst()
            .orElseThrow(() -> new AssertionError("no virtual-thread entry in " + pool.stats().threads()));
    }

    /** Runs {@code body} on a new virtual thread and waits for it; an assertion error in it fails the test. */
    static void onVirtualThread(Runnable body) throws Exception {
        try {
            onVirtualThreadRethrowing(body);
        } catch (AssertionError | Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("the virtual thread failed", t);
        }
    }

    /** Runs {@code body} on a new virtual thread, waits for it (a minute at most) and rethrows what it threw. */
    static void onVirtualThreadRethrowing(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = virtualThreadFactory().newThread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new AssertionError("the virtual thread did not finish within 60 s: " + thread);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** @return a factory of virtual threads (JDK 21 and later) */
    static ThreadFactory virtualThreadFactory() throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
        return (ThreadFactory) factory.invoke(builder);
    }
}
