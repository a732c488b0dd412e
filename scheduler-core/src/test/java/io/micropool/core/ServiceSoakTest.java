package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service soak: what a long-running service does to a pool, for a configured time — thousands of
 * short-lived virtual-thread callers (one per request) making calls, nested joins and {@code Fork}
 * recursions with results, a few platform callers beside them, and pools opened and closed over and over
 * (a new pool every epoch of about half a second, closed while requests are still arriving). Every
 * request checks its results; after each epoch the closed pool must hold no job slot, scope or queue
 * entry, and its workers must have ended. At the end, the heap after a full collection must not have grown
 * with the number of epochs, and no worker thread of any epoch's pool may be left alive.
 *
 * <p>Not part of the default test run (tag {@code soak}); {@code ./run-tests} runs it, for as long as
 * {@link SoakTest}, on JDK 21 and later (virtual threads). A long run:
 * {@code mvn -B -ntp -pl scheduler-core -am test -Dgroups=soak -Dmicropool.excludedGroups= -Dtest=ServiceSoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dmicropool.soak.seconds=600}.
 */
@Tag("soak")
@ExtendWith(ThreadDumpOnTimeout.class)
class ServiceSoakTest {
    private static final long SECONDS = Long.getLong("micropool.soak.seconds", 20);
    private static final long EPOCH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Virtual-thread requests in flight at once, per epoch. */
    private static final int IN_FLIGHT = 200;
    private static final String WORKER_PREFIX = "service-soak-worker-";

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong afterClose = new AtomicLong();
    private final AtomicReference<Throwable> firstProblem = new AtomicReference<>();

    @Test
    @Timeout(value = 3_600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void serviceSoak() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        ThreadFactory virtual = VirtualThreads.virtualThreadFactory();
        long seed = Long.getLong("micropool.soak.seed", System.nanoTime());
        System.out.println("service soak: " + SECONDS + " s, seed " + seed + " (-Dmicropool.soak.seed to replay)");
        SplittableRandom random = new SplittableRandom(seed);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int epochs = 0;
        long heapAfterFirst = -1;
        long heapLast = -1;
        while (System.nanoTime() < end && firstProblem.get() == null) {
            runEpoch(virtual, random.split());
            epochs++;
            if (epochs == 2 || System.nanoTime() >= end) {
                long heap = heapAfterFullGc();
                if (heapAfterFirst < 0) {
                    heapAfterFirst = heap;
                }
                heapLast = heap;
            }
        }
        if (firstProblem.get() != null) {
            throw new AssertionError("service soak failed", firstProblem.get());
        }
        long leftWorkers = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(WORKER_PREFIX) && t.isAlive()).count();
        System.out.printf("service soak: %d epochs (a pool each), %d requests on virtual threads, %d after close, "
                + "heap after full GC %.1f MB after epoch 2, %.1f MB at the end, workers left %d%n",
            epochs, requests.get(), afterClose.get(), heapAfterFirst / 1e6, heapLast / 1e6, leftWorkers);
        assertEquals(0, leftWorkers, "worker threads of closed pools still alive");
        assertTrue(epochs >= 2, "at least two epochs ran");
        // Retained heap must not grow with the pools and requests: allow 16 MB of noise (class loading, JIT).
        assertTrue(heapLast - heapAfterFirst < 16_000_000,
            "heap grew from " + heapAfterFirst + " to " + heapLast + " bytes over " + epochs + " epochs");
    }

    /** One pool: requests on virtual threads and a platform caller until the epoch ends, closed meanwhile. */
    private void runEpoch(ThreadFactory virtual, SplittableRandom random) throws Exception {
        MicroPool pool = MicroPool.builder().workers(random.nextInt(1, 3)).maxScopes(random.nextInt(2, 17))
            .spinBudgetNanos(random.nextBoolean() ? 0 : 20_000).deferCalls(random.nextBoolean())
            .threadNamePrefix(WORKER_PREFIX).build();
        long epochEnd = System.nanoTime() + EPOCH_NANOS;
        long closeAt = epochEnd - EPOCH_NANOS / 5;
        List<Thread> started = new ArrayList<>();
        Thread platform = new Thread(() -> {
            SplittableRandom own = new SplittableRandom(1);
            while (System.nanoTime() < epochEnd && firstProblem.get() == null) {
                request(pool, own);
            }
        }, "service-soak-platform-caller");
        platform.start();
        SplittableRandom requestSeeds = random.split();
        boolean closed = false;
        while (System.nanoTime() < epochEnd && firstProblem.get() == null) {
            if (!closed && System.nanoTime() >= closeAt) {
                pool.close();
                closed = true;
            }
            CountDownLatch batch = new CountDownLatch(IN_FLIGHT);
            boolean afterTheClose = closed;
            for (int i = 0; i < IN_FLIGHT; i++) {
                SplittableRandom own = requestSeeds.split();
                Thread thread = virtual.newThread(() -> {
                    try {
                        request(pool, own);
                        requests.incrementAndGet();
                        if (afterTheClose) {
                            afterClose.incrementAndGet();
                        }
                    } finally {
                        batch.countDown();
                    }
                });
                thread.start();
                started.add(thread);
            }
            if (!batch.await(60, TimeUnit.SECONDS)) {
                firstProblem.compareAndSet(null, new AssertionError("requests did not finish in 60 s\n"
                    + ThreadDumpOnTimeout.threadDump()));
            }
            started.clear();
        }
        platform.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!platform.isAlive(), "the platform caller never finished");
        pool.close();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the pool did not terminate");
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots left in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes left in use: " + stats);
        assertEquals(0, stats.tasksQueued(), "queue entries left: " + stats);
        assertTrue(stats.threads().size() <= stats.workers() + 3,
            "one statistics entry per worker, the platform caller, the virtual threads and the ended: " + stats.threads());
    }

    /** One request: a call, a nested join, a {@code Fork} recursion, a stream; each result checked. */
    private void request(MicroPool pool, SplittableRandom random) {
        try {
            int units = random.nextInt(1, 12);
            AtomicLong sum = new AtomicLong();
            pool.invoke(units, i -> sum.addAndGet(i + 1));
            check(units * (units + 1L) / 2, sum.get(), "invoke");
            long[] halves = new long[2];
            pool.join(() -> halves[0] = fib(pool.fork(), 12), () -> halves[1] = fib(pool.fork(), 11));
            check(144 + 89, halves[0] + halves[1], "join of Fork recursions");
            int n = random.nextInt(1, 200);
            check(n * (n - 1L) / 2, pool.range(0, n).asLongStream().sum(), "stream");
        } catch (Throwable problem) {
            firstProblem.compareAndSet(null, problem);
        }
    }

    private static long fib(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(ServiceSoakTest::fib, n - 1, n - 2, Long::sum);
    }

    private static void check(long expected, long actual, String what) {
        if (expected != actual) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static long heapAfterFullGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
