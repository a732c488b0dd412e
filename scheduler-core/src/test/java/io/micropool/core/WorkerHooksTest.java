package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Builder.onWorkerStart} and {@code onWorkerExit}: each worker calls them on its own thread with its
 * index, the start hook before any work and before {@code build()} returns, the exit hook before the thread
 * ends and before {@code close()} returns; a failing start hook fails the build and leaves no thread running,
 * a failing exit hook is reported and the pool still closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class WorkerHooksTest {
    @Test
    void eachWorkerCallsItsHooksOnItsOwnThreadWithItsIndex() {
        int workers = 3;
        Map<Integer, Thread> startedOn = new ConcurrentHashMap<>();
        Map<Integer, Thread> exitedOn = new ConcurrentHashMap<>();
        Set<Thread> ranUnits = ConcurrentHashMap.newKeySet();
        MicroPool pool = MicroPool.builder().workers(workers).threadNamePrefix("hooked-")
            .onWorkerStart(index -> startedOn.put(index, Thread.currentThread()))
            .onWorkerExit(index -> exitedOn.put(index, Thread.currentThread()))
            .build();
        // build() returned: every start hook has run.
        assertEquals(Set.of(0, 1, 2), startedOn.keySet());
        for (int i = 0; i < workers; i++) {
            assertEquals("hooked-" + i, startedOn.get(i).getName(), "worker " + i + "'s hook ran on its thread");
        }
        pool.invoke(64, i -> ranUnits.add(Thread.currentThread()));
        assertTrue(exitedOn.isEmpty(), "no worker exits while the pool is open");
        pool.close();
        // close() returned: every exit hook has run, on the thread that started with the same index.
        assertEquals(startedOn, exitedOn);
        for (Thread worker : startedOn.values()) {
            assertFalse(worker.isAlive(), worker + " ended");
        }
    }

    @Test
    void aFailingStartHookFailsTheBuildAndLeavesNoWorkerRunning() throws Exception {
        IllegalStateException failure = new IllegalStateException("cannot pin");
        List<Thread> started = new CopyOnWriteArrayList<>();
        AtomicInteger exits = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> MicroPool.builder().workers(2)
            .onWorkerStart(index -> {
                started.add(Thread.currentThread());
                if (index == 1) {
                    throw failure;
                }
            })
            .onWorkerExit(index -> {
                assertEquals(0, index, "only the worker whose start hook returned calls its exit hook");
                exits.incrementAndGet();
            })
            .build());
        assertSame(failure, thrown.getCause());
        assertEquals(2, started.size());
        for (Thread worker : started) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(worker.isAlive(), worker + " ended with the failed build");
        }
        assertEquals(1, exits.get());
    }

    @Test
    void everyFailingStartHookIsKept() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> MicroPool.builder().workers(2)
            .onWorkerStart(index -> {
                throw new IllegalArgumentException("worker " + index);
            })
            .build());
        List<String> messages = new ArrayList<>();
        messages.add(thrown.getCause().getMessage());
        for (Throwable suppressed : thrown.getCause().getSuppressed()) {
            messages.add(suppressed.getMessage());
        }
        messages.sort(null);
        assertEquals(List.of("worker 0", "worker 1"), messages);
    }

    @Test
    void aFailingExitHookIsReportedAndThePoolStillCloses() {
        IllegalStateException failure = new IllegalStateException("cannot release");
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        AtomicInteger exits = new AtomicInteger();
        MicroPool pool = MicroPool.builder().workers(2)
            .threadFactory(runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                thread.setUncaughtExceptionHandler((t, e) -> reported.add(e));
                return thread;
            })
            .onWorkerExit(index -> {
                exits.incrementAndGet();
                if (index == 0) {
                    throw failure;
                }
            })
            .build();
        assertEquals(190, pool.range(0, 20).sum());
        pool.close();
        assertEquals(2, exits.get(), "the other worker's exit hook ran too");
        assertEquals(List.of(failure), reported);
        assertTrue(pool.isClosed());
    }

    @Test
    void hooksMustNotBeNull() {
        assertThrows(NullPointerException.class, () -> MicroPool.builder().onWorkerStart(null));
        assertThrows(NullPointerException.class, () -> MicroPool.builder().onWorkerExit(null));
    }
}
