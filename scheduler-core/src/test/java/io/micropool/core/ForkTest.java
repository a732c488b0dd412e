package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.micropool.core.ForkPools.PREFIX;
import static io.micropool.core.ForkPools.assertQuiescent;
import static io.micropool.core.ForkPools.pool;
import static io.micropool.core.ForkPools.searchingPool;
import static io.micropool.core.Waits.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The {@link Fork} joins: right results for every variant, with and without workers and with the work
 * shared; the handle is confined to its thread; without workers or once closed every join runs on the
 * caller; Fork recursions nest inside {@code invoke} and streams and the other way round; a waiting owner
 * helps only its own tree. Failures and rejected arguments are covered by {@link ForkFailureTest}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ForkTest {
    // ---- the recursions --------------------------------------------------------------------------------

    static long fib(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(ForkTest::fib, n - 1, n - 2, Long::sum);
    }

    /** A node of a balanced tree of the values {@code 1..n}. */
    static final class Node {
        final long value;
        final Node left;
        final Node right;

        Node(long value, Node left, Node right) {
            this.value = value;
            this.left = left;
            this.right = right;
        }

        static Node balanced(long from, long to) {
            if (from > to) {
                return null;
            }
            long mid = (from + to) >>> 1;
            return new Node(mid, balanced(from, mid - 1), balanced(mid + 1, to));
        }

        long size() {
            return 1 + (left == null ? 0 : left.size()) + (right == null ? 0 : right.size());
        }
    }

    static long sum(Fork fork, Node node) {
        if (node == null) {
            return 0;
        }
        return node.value + fork.joinLong(ForkTest::sum, node.left, node.right, Long::sum);
    }

    /** Leaves of the fib call tree of {@code n}: fib(n + 1), as an int. */
    static int leavesInt(Fork fork, int n) {
        return n < 2 ? 1 : fork.joinInt(ForkTest::leavesInt, n - 1, n - 2, Integer::sum);
    }

    static int countInt(Fork fork, Node node) {
        return node == null ? 0 : 1 + fork.joinInt(ForkTest::countInt, node.left, node.right, Integer::sum);
    }

    static double leavesDouble(Fork fork, int n) {
        return n < 2 ? 0.5 : fork.joinDouble(ForkTest::leavesDouble, n - 1, n - 2, Double::sum);
    }

    static double halfSum(Fork fork, Node node) {
        return node == null ? 0 : node.value / 2.0 + fork.joinDouble(ForkTest::halfSum, node.left, node.right, Double::sum);
    }

    /** The fib call tree's leaves, left to right, as a string of 0s and 1s: an order-sensitive combine. */
    static String leafString(Fork fork, int n) {
        return n < 2 ? Integer.toString(n) : fork.join(ForkTest::leafString, n - 1, n - 2, String::concat);
    }

    static String sequentialLeafString(int n) {
        return n < 2 ? Integer.toString(n) : sequentialLeafString(n - 1) + sequentialLeafString(n - 2);
    }

    /** The tree's values in order, as a list: another order-sensitive combine, with a T argument. */
    static List<Long> inOrder(Fork fork, Node node) {
        if (node == null) {
            return new ArrayList<>();
        }
        List<Long> left = fork.join(ForkTest::inOrder, node.left, null, (l, r) -> l);
        left.add(node.value);
        left.addAll(fork.join(ForkTest::inOrder, node.right, null, (l, r) -> l));
        return left;
    }

    private static final AtomicIntegerArray VISITS = new AtomicIntegerArray(1 << 12);

    /** Marks every value of {@code node}'s subtree in {@link #VISITS}. */
    static void visit(Fork fork, Node node) {
        if (node != null) {
            VISITS.incrementAndGet((int) node.value);
            fork.join(ForkTest::visit, node.left, node.right);
        }
    }

    /** Marks leaf positions of the fib call tree: {@code path} is the node's index in a heap layout. */
    static void visitFibLeaves(Fork fork, int packed) {
        int n = packed & 0xff;
        int path = packed >>> 8;
        if (n < 2) {
            VISITS.incrementAndGet(path % VISITS.length());
        } else {
            fork.join(ForkTest::visitFibLeaves, (2 * path) << 8 | (n - 1), (2 * path + 1) << 8 | (n - 2));
        }
    }

    // ---- results ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {0, 1, 3})
    void fibAndTreeSumAreRight(int workers) {
        Node tree = Node.balanced(1, 100_000);
        try (MicroPool pool = pool(workers)) {
            for (int round = 0; round < 10; round++) {
                assertEquals(FibJoins.sequential(24), fib(pool.fork(), 24));
                assertEquals(100_000L * 100_001 / 2, sum(pool.fork(), tree));
            }
            assertQuiescent(pool);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void everyJoinVariantCombinesBothHalvesInOrder(int workers) {
        Node tree = Node.balanced(1, 3000);
        List<Long> expectedOrder = new ArrayList<>();
        for (long v = 1; v <= 3000; v++) {
            expectedOrder.add(v);
        }
        try (MicroPool pool = searchingPool(workers)) {
            Fork fork = pool.fork();
            for (int round = 0; round < 5; round++) {
                assertEquals(FibJoins.sequential(23), leavesInt(fork, 22));
                assertEquals(3000, countInt(fork, tree));
                assertEquals(FibJoins.sequential(23) / 2.0, leavesDouble(fork, 22));
                assertEquals(3000.0 * 3001 / 4, halfSum(fork, tree));
                assertEquals(sequentialLeafString(20), leafString(fork, 20));
                assertEquals(expectedOrder, inOrder(fork, tree));

                for (int i = 0; i < VISITS.length(); i++) {
                    VISITS.set(i, 0);
                }
                visit(fork, tree);
                for (int v = 1; v <= 3000; v++) {
                    assertEquals(1, VISITS.get(v), "value " + v + " visited");
                }
                for (int i = 0; i < VISITS.length(); i++) {
                    VISITS.set(i, 0);
                }
                visitFibLeaves(fork, 1 << 8 | 18);
                int leaves = 0;
                for (int i = 0; i < VISITS.length(); i++) {
                    leaves += VISITS.get(i);
                }
                assertEquals(FibJoins.sequential(19), leaves, "fib leaves visited");
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void largeRecursionsAreSharedWithAnIdleWorker() {
        try (MicroPool pool = searchingPool(1)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            // Rounds until the worker helped, for up to 10 s: a round takes a millisecond or two once
            // compiled, and on a busy machine the new worker may not run at all for longer than 20 rounds.
            long deadline = System.nanoTime() + SECONDS.toNanos(10);
            while (threads.size() < 2 && System.nanoTime() - deadline < 0) {
                assertEquals(FibJoins.sequential(26), recordingFib(pool.fork(), 26, threads));
            }
            assertEquals(2, threads.size(), "fib(26) ran on " + threads);
            MicroPoolStats stats = pool.stats();
            assertTrue(stats.pairsOffered() > 0, stats.toString());
            assertTrue(stats.total().get(Counter.UNITS_RUN_BY_IDLE_WORKER) > 0, stats.toString());
            assertQuiescent(pool);
        }
    }

    private static long recordingFib(Fork fork, int n, Set<Thread> threads) {
        if (n < 12) {
            threads.add(Thread.currentThread());
            return FibJoins.sequential(n);
        }
        return fork.joinLong((f, m) -> recordingFib(f, m, threads), n - 1, n - 2, Long::sum);
    }

    @Test
    void recursionsOfCoarseHalvesAreSharedAfterTheirFirstLeaf() {
        // Eight leaves of 20 ms: a Fork recursion is shared at its joins, so the idle worker takes the
        // right half of the tree at the first join after the first leaf.
        try (MicroPool pool = searchingPool(1)) {
            AtomicReferenceArray<Thread> where = new AtomicReferenceArray<>(8);
            assertEquals(8, tiles(pool.fork(), 8, where));
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 8; i++) {
                threads.add(where.get(i));
            }
            assertEquals(2, threads.size(), "tiles ran on " + threads);
            assertQuiescent(pool);
        }
    }

    private static long tiles(Fork fork, int packedRange, AtomicReferenceArray<Thread> where) {
        int from = packedRange >>> 16;
        int to = packedRange & 0xffff;
        if (to - from == 1) {
            where.set(from, Thread.currentThread());
            Waits.sleepMillis(20);
            return 1;
        }
        int mid = (from + to) >>> 1;
        return fork.joinLong((f, r) -> tiles(f, r, where), from << 16 | mid, mid << 16 | to, Long::sum);
    }

    // ---- contract ----------------------------------------------------------------------------------------

    @Test
    void aForkIsConfinedToTheThreadItWasGivenTo() throws Exception {
        try (MicroPool pool = pool(1)) {
            Fork mine = pool.fork();
            assertSame(mine, pool.fork(), "one handle per thread and pool");
            assertTrue(mine.toString().contains(Thread.currentThread().getName()), mine.toString());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger ran = new AtomicInteger();
            Thread other = new Thread(() -> {
                try {
                    mine.joinLong((f, n) -> ran.incrementAndGet(), 1, 2, Long::sum);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "other-thread");
            other.start();
            other.join(SECONDS.toMillis(10));
            assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
            assertTrue(failure.get().getMessage().contains("other-thread"), failure.get().getMessage());
            assertEquals(0, ran.get(), "nothing ran");
            assertEquals(FibJoins.sequential(15), fib(mine, 15), "the handle still works on its own thread");
            assertQuiescent(pool);
        }
    }

    @Test
    void withoutWorkersOrOnceClosedEveryJoinRunsOnTheCaller() {
        Thread caller = Thread.currentThread();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (MicroPool none = pool(0)) {
            assertEquals(FibJoins.sequential(20), recordingFib(none.fork(), 20, threads));
        }
        MicroPool closed = pool(1);
        closed.close();
        assertEquals(FibJoins.sequential(20), recordingFib(closed.fork(), 20, threads));
        assertEquals(Set.of(caller), threads);
        assertQuiescent(closed);
    }

    // ---- composition -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void forkRecursionsNestInsideInvokeAndStreamsAndTheOtherWayRound(int workers) {
        try (MicroPool pool = pool(workers)) {
            long[] results = new long[16];
            pool.invoke(16, i -> results[i] = fib(pool.fork(), 12 + i % 4));
            for (int i = 0; i < 16; i++) {
                assertEquals(FibJoins.sequential(12 + i % 4), results[i], "unit " + i);
            }
            long total = pool.range(0, 64).mapToLong(i -> fib(pool.fork(), 10 + i % 5)).sum();
            long expected = 0;
            for (int i = 0; i < 64; i++) {
                expected += FibJoins.sequential(10 + i % 5);
            }
            assertEquals(expected, total);
            // A Fork function that calls invoke, join and a stream, whose units recurse with Fork again.
            assertEquals(4 * FibJoins.sequential(10) + 2 * FibJoins.sequential(11) + 3 * FibJoins.sequential(9),
                mixed(pool, pool.fork(), 0));
            assertQuiescent(pool);
        }
    }

    private static long mixed(MicroPool pool, Fork fork, int level) {
        if (level == 0) {
            return fork.joinLong((f, l) -> mixed(pool, f, l), 1, 2, Long::sum);
        }
        if (level == 1) {
            long[] parts = new long[4];
            pool.invoke(4, i -> parts[i] = fib(pool.fork(), 10));
            long[] pair = new long[2];
            pool.join(() -> pair[0] = fib(pool.fork(), 11), () -> pair[1] = fib(pool.fork(), 11));
            return parts[0] + parts[1] + parts[2] + parts[3] + pair[0] + pair[1];
        }
        return pool.range(0, 3).mapToLong(i -> fib(pool.fork(), 9)).sum();
    }

    @Test
    void aWaitingOwnerHelpsOnlyItsOwnTree() throws Exception {
        try (MicroPool pool = searchingPool(1)) {
            CountDownLatch bTaken = new CountDownLatch(1);
            CountDownLatch unrelatedPublished = new CountDownLatch(1);
            CountDownLatch releaseUnrelated = new CountDownLatch(1);
            AtomicReference<Thread> bThread = new AtomicReference<>();
            Thread main = Thread.currentThread();
            AtomicReferenceArray<Thread> unrelatedWhere = new AtomicReferenceArray<>(20);
            AtomicReference<Throwable> t1Failure = new AtomicReference<>();
            Thread t1 = new Thread(() -> {
                try {
                    await(bTaken);
                    // An unrelated tree: 20 units, the first blocks so that the others stay advertised.
                    pool.invoke(20, i -> {
                        unrelatedWhere.set(i, Thread.currentThread());
                        if (i == 19) {
                            unrelatedPublished.countDown();
                            await(releaseUnrelated);
                        }
                    });
                } catch (Throwable t) {
                    t1Failure.set(t);
                }
            }, "T1");
            t1.start();
            // Half 1 joins long enough for the idle worker's request to be answered with half 0, the
            // oldest latent frame; half 0 blocks until released. Once half 1 is done, main waits for it.
            long result = pool.fork().joinLong((f, which) -> {
                if (which == 1) {
                    long fib = 0;
                    while (bTaken.getCount() > 0) {
                        fib += fib(f, 16) - FibJoins.sequential(16);
                    }
                    return fib;
                }
                bThread.set(Thread.currentThread());
                bTaken.countDown();
                await(unrelatedPublished);
                // Main waits for this half now, searching its own scope, while T1's units are advertised.
                Waits.sleepMillis(200);
                releaseUnrelated.countDown();
                return 7;
            }, 1, 0, Long::sum);
            assertEquals(7, result);
            t1.join(SECONDS.toMillis(10));
            assertNull(t1Failure.get());
            assertTrue(bThread.get().getName().startsWith(PREFIX), "half 0 ran on " + bThread.get());
            for (int i = 0; i < 20; i++) {
                assertNotSame(main, unrelatedWhere.get(i), "main ran unit " + i + " of an unrelated tree while waiting");
            }
            assertFalse(t1.isAlive());
            assertQuiescent(pool);
        }
    }
}
