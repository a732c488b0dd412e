package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.VirtualThreads.onVirtualThread;
import static io.micropool.core.VirtualThreads.onVirtualThreadRethrowing;
import static io.micropool.core.VirtualThreads.virtualEntry;
import static io.micropool.core.VirtualThreads.virtualThreadFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads and the seats they borrow: the joins nested in a virtual thread's units find its seat
 * again, a Fork used outside a call borrows a seat per join (and a seat's Fork is confined to its call),
 * and many short-lived or live virtual callers give every seat back and keep one statistics entry for all
 * of them. Runs on JDK 21 and later (virtual threads are reached by reflection, so the tests compile for
 * 17); on 17 it is skipped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class VirtualThreadSeatTest {
    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    }

    @Test
    void nestedCallsInAVirtualThreadsUnitsFindItsSeat() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).maxScopes(2).build()) {
            AtomicLong sum = new AtomicLong();
            AtomicReference<String> innerFork = new AtomicReference<>();
            onVirtualThread(() -> {
                // A join borrows a seat at once; the joins nested in its halves find it again.
                pool.join(() -> {
                    sum.addAndGet(joinFib(pool, 16));
                    innerFork.set(pool.fork().toString());
                }, () -> sum.addAndGet(joinFib(pool, 16)));
            });
            assertEquals(2 * 987, sum.get());
            ThreadStats virtual = virtualEntry(pool);
            assertEquals(0, virtual.get(Counter.INLINE_NO_FREE_SCOPE),
                "nested joins used the seat (or a worker), never ran inline for lack of one");
            assertNotNull(innerFork.get());
            assertTrue(!innerFork.get().contains("outside a call"), "inside a call, fork() is a seat's: " + innerFork.get());
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void aForkFromAVirtualThreadOutsideACallBorrowsASeatPerJoin() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicLong result = new AtomicLong();
            AtomicReference<Fork> seatFork = new AtomicReference<>();
            AtomicReference<Throwable> staleUse = new AtomicReference<>();
            onVirtualThread(() -> {
                Fork outside = pool.fork();
                assertTrue(outside.toString().contains("outside a call"), outside.toString());
                result.set(outside.joinLong(VirtualThreadSeatTest::fib, 20, 19, Long::sum));
                outside.join((Fork f, int n) -> seatFork.set(f), 0, 0);
                // The seat's Fork is confined to the call it was given to.
                try {
                    seatFork.get().joinLong(VirtualThreadSeatTest::fib, 3, 2, Long::sum);
                } catch (Throwable t) {
                    staleUse.set(t);
                }
            });
            assertEquals(fib(21), result.get());
            assertTrue(staleUse.get() instanceof IllegalStateException, "a seat's Fork used after its call: " + staleUse.get());
            assertThrows(NullPointerException.class, () -> onVirtualThreadRethrowing(
                () -> pool.fork().joinLong(null, 1, 2, Long::sum)));
            assertEquals(0, pool.stats().scopesInUse());
        }
    }

    @Test
    void manyShortLivedVirtualCallersLeaveTheStatisticsTheSameSize() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            runRequests(pool, 2_000);
            List<ThreadStats> before = pool.stats().threads();
            long checksum = runRequests(pool, 50_000);
            assertEquals(50_000L * (28 + 89 + 89), checksum, "every request got its results");
            List<ThreadStats> after = pool.stats().threads();
            assertEquals(before.size(), after.size(), "one entry for every virtual thread: " + after);
            assertEquals(0, pool.stats().scopesInUse(), "every seat was given back");
            assertTrue(virtualEntry(pool).get(Counter.JOBS_PUBLISHED) > 0);
        }
    }

    @Test
    void liveVirtualCallersKeepNoEntryOfTheirOwn() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            int callers = 10_000;
            CountDownLatch called = new CountDownLatch(callers);
            CountDownLatch release = new CountDownLatch(1);
            ThreadFactory virtual = virtualThreadFactory();
            Thread[] threads = new Thread[callers];
            for (int t = 0; t < callers; t++) {
                threads[t] = virtual.newThread(() -> {
                    pool.invoke(8, i -> { });
                    pool.spawn(() -> 1).join();
                    called.countDown();
                    BackgroundTaskTest.await(release);
                });
                threads[t].start();
            }
            assertTrue(called.await(60, TimeUnit.SECONDS));
            // All alive, each has called the pool: one entry for all of them, none per thread.
            List<ThreadStats> threadsNow = pool.stats().threads();
            assertEquals(0, threadsNow.stream().filter(t -> t.role() == ThreadStats.Role.CALLER).count(), threadsNow.toString());
            assertEquals(2, threadsNow.size(), "the worker and the virtual threads: " + threadsNow);
            ThreadStats virtualThreads = virtualEntry(pool);
            assertEquals(callers, virtualThreads.get(Counter.TASKS_SUBMITTED), "spawns outside a seat are counted");
            release.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /**
     * {@code requests} virtual threads, at most 500 at once, each making an {@code invoke(8)}, a
     * {@code join} and a {@code Fork} join on {@code pool}.
     *
     * @return the sum of what they computed
     */
    private static long runRequests(MicroPool pool, int requests) throws Exception {
        ThreadFactory virtual = virtualThreadFactory();
        Semaphore inFlight = new Semaphore(500);
        CountDownLatch done = new CountDownLatch(requests);
        AtomicLong sum = new AtomicLong();
        for (int r = 0; r < requests; r++) {
            inFlight.acquire();
            virtual.newThread(() -> {
                try {
                    long[] parts = new long[8];
                    pool.invoke(8, i -> parts[i] = i);
                    long[] pair = new long[2];
                    pool.join(() -> pair[0] = fib(9), () -> pair[1] = fib(10));
                    sum.addAndGet(parts[0] + parts[1] + parts[2] + parts[3] + parts[4] + parts[5] + parts[6] + parts[7]
                        + pair[0] + pair[1] + pool.fork().joinLong(VirtualThreadSeatTest::fib, 10, 9, Long::sum));
                } finally {
                    inFlight.release();
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every request finished");
        return sum.get();
    }

    private static long fib(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(VirtualThreadSeatTest::fib, n - 1, n - 2, Long::sum);
    }

    private static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** Fibonacci with a {@code join} of two capturing lambdas at every level, the natural form. */
    private static long joinFib(MicroPool pool, int n) {
        if (n < 2) {
            return n;
        }
        long[] halves = new long[2];
        pool.join(() -> halves[0] = joinFib(pool, n - 1), () -> halves[1] = joinFib(pool, n - 2));
        return halves[0] + halves[1];
    }
}
