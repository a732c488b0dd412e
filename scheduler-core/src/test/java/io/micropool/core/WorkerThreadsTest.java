package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import static io.micropool.core.Quiescence.assertQuiescent;
import static io.micropool.core.ThreeAtOnce.runThreeAtOnce;
import static io.micropool.core.Waits.awaitBarrier;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The pool's worker threads: the global pool's daemon workers, which close() leaves running and which
 * still take part in calls; thread name prefixes and the daemon flag; custom thread factories, which
 * make every worker and override both. Once a (non-global) pool is closed its workers have exited.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class WorkerThreadsTest {
    // ---- the global pool -------------------------------------------------------------------------------

    @Test
    void globalPoolHasDaemonWorkersAndIgnoresClose() {
        MicroPool global = MicroPool.global();
        assertSame(global, MicroPool.global());
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        assertEquals(expected, global.workerCount());
        assertEquals(expected, global.stats().workers());

        Set<Thread> threads = threadsNamed("micropool-global-");
        assertEquals(expected, threads.size(), "global worker threads: " + threads);
        for (Thread t : threads) {
            assertTrue(t.isDaemon(), t + " must be a daemon thread");
            assertTrue(t.isAlive());
        }

        global.close();
        global.close();
        assertFalse(global.isClosed(), "close() on the global pool must do nothing");
        for (Thread t : threads) {
            assertTrue(t.isAlive(), t + " must keep running after close() on the global pool");
        }
        // Still parallel, not inline: a two-unit job whose units must run at the same time completes.
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 5; round++) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(2);
            global.invoke(2, i -> {
                where.set(i, Thread.currentThread());
                awaitBarrier(barrier);
            });
            Thread other = where.get(0) == caller ? where.get(1) : where.get(0);
            assertTrue(threads.contains(other), "the other unit ran on " + other);
        }
        assertQuiescent(global);
    }

    // ---- threads ---------------------------------------------------------------------------------------

    @Test
    void threadNamePrefixNamesTheWorkersAndTheyAreDaemonsByDefault() {
        String prefix = "lifecycle-prefix-" + System.nanoTime() + "-";
        List<Thread> seen;
        try (MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix(prefix).build()) {
            Set<Thread> threads = threadsNamed(prefix);
            assertEquals(Set.of(prefix + "0", prefix + "1"),
                threads.stream().map(Thread::getName).collect(Collectors.toSet()));
            for (Thread t : threads) {
                assertTrue(t.isDaemon(), t + " must be a daemon thread");
            }
            seen = runThreeAtOnce(pool);
            assertEquals(threads, new HashSet<>(seen), "the other units must run on the named workers");
        }
        for (Thread t : seen) {
            assertFalse(t.isAlive());
        }
    }

    @Test
    void daemonFalseMakesNonDaemonWorkersThatCloseStops() {
        String prefix = "lifecycle-non-daemon-" + System.nanoTime() + "-";
        Set<Thread> threads;
        try (MicroPool pool = MicroPool.builder().workers(2).threadNamePrefix(prefix).daemon(false).build()) {
            threads = threadsNamed(prefix);
            assertEquals(2, threads.size());
            for (Thread t : threads) {
                assertFalse(t.isDaemon(), t + " must not be a daemon thread");
            }
            runThreeAtOnce(pool);
        }
        for (Thread t : threads) {
            assertFalse(t.isAlive(), t + " must have exited with close()");
        }
    }

    @Test
    void customThreadFactoryMakesEveryWorkerAndOverridesPrefixAndDaemon() {
        List<Thread> created = new CopyOnWriteArrayList<>();
        String ignoredPrefix = "lifecycle-ignored-" + System.nanoTime() + "-";
        List<Thread> seen;
        try (MicroPool pool = MicroPool.builder()
            .workers(2)
            .threadNamePrefix(ignoredPrefix)
            .daemon(true)
            .threadFactory(r -> {
                Thread t = new Thread(r, "custom-factory-" + created.size());
                t.setDaemon(false);
                created.add(t);
                return t;
            })
            .build()) {
            assertEquals(2, created.size());
            for (Thread t : created) {
                assertTrue(t.isAlive(), "the pool must start the threads its factory made");
                assertFalse(t.isDaemon());
            }
            assertTrue(threadsNamed(ignoredPrefix).isEmpty(), "the prefix is ignored when a factory is set");
            seen = runThreeAtOnce(pool);
            assertEquals(new HashSet<>(created), new HashSet<>(seen));
        }
        for (Thread t : created) {
            assertFalse(t.isAlive());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(prefix))
            .collect(Collectors.toSet());
    }
}
