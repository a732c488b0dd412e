package io.micropool.core;

import io.micropool.api.IndexedJob;
import io.micropool.api.Fork;
import io.micropool.api.Split;
import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak test: several outside threads, for a configured time, mix random nested foreground calls
 * ({@code join}, {@code joinAll}, {@code invoke}, parallel streams of every split), background tasks ({@code spawn}, {@code join},
 * {@code cancel}, {@code help}, {@code getNow}, {@code resubmit}, tasks spawned and joined inside units),
 * failures thrown at random, and {@code close()} racing with submissions. The run is cut into epochs of
 * about two seconds, each on a new small pool (few slots and scopes, a short queue, so that every
 * fallback path runs too); each epoch ends with one thread closing the pool while the others still submit.
 *
 * <p>It checks that every unit of a call without failure ran exactly once and no unit ran twice, that
 * every failure comes back as the instance thrown, that every task accepted ran exactly once unless a
 * cancel prevented it, that results are right, and that once an epoch's pool is closed and quiet no job
 * slot, scope or queue entry is left. A watchdog dumps every thread and fails the test if a thread makes
 * no progress for {@code micropool.soak.stallSeconds} (default 30).
 *
 * <p>Not part of the default test run (tag {@code soak}). {@code ./run-tests} runs it for 20 s; a long run:
 * {@code mvn -B -ntp -pl scheduler-core -am test -Dgroups=soak -Dmicropool.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false -Dmicropool.soak.seconds=600}.
 */
@Tag("soak")
@ExtendWith(ThreadDumpOnTimeout.class)
class SoakTest {
    private static final long SECONDS = Long.getLong("micropool.soak.seconds", 20);
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("micropool.soak.stallSeconds", 30));
    private static final long EPOCH_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int THREADS = 4;
    private static final double FAILURE_RATE = 0.02;

    /** Unit of the invoke form with a context: counts its index in the tree's array. */
    private static final Split[] SPLITS = {Split.byThreads(), Split.by(3), Split.perItem(), Split.per(7)};

    private static final IndexedJob<Tree> COUNT_UNIT = (tree, index) -> tree.leaf(index);

    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong units = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong failuresInjected = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unjoinedFailures = new AtomicLong();
    private final AtomicReference<Throwable> firstProblem = new AtomicReference<>();
    private final AtomicLongArray progress = new AtomicLongArray(THREADS);

    @Test
    @Timeout(value = 3_600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void soak() throws Exception {
        long seed = Long.getLong("micropool.soak.seed", System.nanoTime());
        System.out.println("soak: " + SECONDS + " s, seed " + seed + " (-Dmicropool.soak.seed to replay)");
        SplittableRandom seeds = new SplittableRandom(seed);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        Thread watchdog = startWatchdog();
        int epochs = 0;
        try {
            while (System.nanoTime() < end && firstProblem.get() == null) {
                runEpoch(seeds.split(), Math.min(end, System.nanoTime() + EPOCH_NANOS));
                epochs++;
            }
        } finally {
            watchdog.interrupt();
        }
        System.out.printf("soak: %d epochs, %d operations, %d units, %d tasks, %d failures injected, "
                + "%d unjoined task failures reported, %d submissions rejected after close, leaks 0%n",
            epochs, operations.get(), units.get(), tasks.get(), failuresInjected.get(), unjoinedFailures.get(),
            rejected.get());
        Throwable problem = firstProblem.get();
        if (problem != null) {
            throw new AssertionError("soak failed", problem);
        }
        assertTrue(operations.get() > 0);
    }

    private void runEpoch(SplittableRandom random, long epochEnd) throws Exception {
        MicroPool pool = MicroPool.builder().workers(random.nextInt(1, 3)).maxJobs(12).maxScopes(3)
            .backgroundQueueCapacity(32).spinBudgetNanos(random.nextBoolean() ? 0 : 20_000)
            .failureHandler((task, failure) -> unjoinedFailures.incrementAndGet())
            .threadNamePrefix("soak-worker-").build();
        List<List<Spawned>> spawned = new ArrayList<>();
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            List<Spawned> mine = new ArrayList<>();
            spawned.add(mine);
            SplittableRandom own = random.split();
            int index = t;
            boolean closer = t == 0;
            threads[t] = new Thread(() -> {
                try {
                    drive(pool, own, epochEnd, index, closer, mine);
                } catch (Throwable problem) {
                    firstProblem.compareAndSet(null, problem);
                }
            }, "soak-caller-" + t);
            threads[t].setDaemon(true);
        }
        for (int t = 0; t < THREADS; t++) {
            progress.set(t, System.nanoTime());
            threads[t].start();
        }
        for (Thread thread : threads) {
            // A stalled caller cannot be interrupted out of the pool: stop waiting once the watchdog fired.
            while (thread.isAlive()) {
                thread.join(1_000);
                if (firstProblem.get() instanceof StallError) {
                    throw new AssertionError("soak stalled", firstProblem.get());
                }
            }
        }
        pool.close();
        for (List<Spawned> mine : spawned) {
            for (Spawned s : mine) {
                s.verifyAfterClose();
            }
        }
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots left in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes left in use: " + stats);
        assertEquals(0, stats.tasksQueued(), "queue entries left: " + stats);
    }

    /** One caller: random operations until the epoch ends; the closer closes the pool a little before. */
    private void drive(MicroPool pool, SplittableRandom random, long epochEnd, int index, boolean closer,
                       List<Spawned> mine) {
        long closeAt = epochEnd - EPOCH_NANOS / 10;
        boolean closed = false;
        while (System.nanoTime() < epochEnd && firstProblem.get() == null) {
            if (closer && !closed && System.nanoTime() >= closeAt) {
                pool.close();
                closed = true;
            }
            switch (random.nextInt(4)) {
                case 0:
                case 1:
                    foregroundTree(pool, random);
                    break;
                case 2:
                    background(pool, random, mine);
                    break;
                default:
                    tasksInsideUnits(pool, random);
                    break;
            }
            operations.incrementAndGet();
            progress.set(index, System.nanoTime());
        }
    }

    // ---- foreground ------------------------------------------------------------------------------------

    /** A random tree of nested calls; at most one leaf throws, and the call must rethrow that instance. */
    private void foregroundTree(MicroPool pool, SplittableRandom random) {
        Tree tree = new Tree(pool, random.nextInt(1, 200), random.nextDouble() < FAILURE_RATE * 10 ? random.nextInt(200) : -1);
        RuntimeException thrown = null;
        try {
            tree.run(0, tree.leaves, random.nextInt(1, 4), random.split());
        } catch (RuntimeException e) {
            thrown = e;
        }
        units.addAndGet(tree.leaves);
        if (tree.failure != null && tree.failingLeaf < tree.leaves) {
            // The failing leaf may have been skipped if it was never started: then nothing is thrown.
            if (tree.counts.get(tree.failingLeaf) == 1) {
                assertSame(tree.failure, thrown, "the failing leaf's exception, as is");
            }
            for (int i = 0; i < tree.leaves; i++) {
                assertTrue(tree.counts.get(i) <= 1, "leaf " + i + " ran twice");
            }
        } else {
            assertNull(thrown, "no leaf failed");
            for (int i = 0; i < tree.leaves; i++) {
                assertEquals(1, tree.counts.get(i), "leaf " + i + " ran once");
            }
        }
    }

    /** Leaves {@code [0, leaves)} split by random nested calls; each leaf counts itself. */
    /** Leaves {@code [from, to)} for one half of a Fork join, with its depth and its own random source. */
    private record Part(int from, int to, int depth, SplittableRandom random) {
    }

    private final class Tree {
        final MicroPool pool;
        final int leaves;
        final AtomicIntegerArray counts;
        final int failingLeaf;
        final RuntimeException failure;

        Tree(MicroPool pool, int leaves, int failingLeaf) {
            this.pool = pool;
            this.leaves = leaves;
            this.counts = new AtomicIntegerArray(leaves);
            this.failingLeaf = failingLeaf;
            this.failure = failingLeaf >= 0 && failingLeaf < leaves ? new IllegalStateException("injected at " + failingLeaf) : null;
            if (failure != null) {
                failuresInjected.incrementAndGet();
            }
        }

        void leaf(int index) {
            if (counts.incrementAndGet(index) > 1) {
                firstProblem.compareAndSet(null, new AssertionError("leaf " + index + " ran twice"));
            }
            if (index == failingLeaf) {
                throw failure;
            }
        }

        /**
         * Runs leaves {@code [from, to)} with a parallel stream of a random split: either the two halves
         * as a stream of two nested calls, or the leaves themselves with the sum of their indices checked.
         */
        void stream(int from, int to, int depth, SplittableRandom random) {
            Split split = SPLITS[random.nextInt(SPLITS.length)];
            int size = to - from;
            if (size >= 4 && random.nextBoolean()) {
                int mid = from + size / 2;
                SplittableRandom[] halves = {random.split(), random.split()};
                pool.range(0, 2).split(split).forEach(half ->
                    run(half == 0 ? from : mid, half == 0 ? mid : to, depth - 1, halves[half]));
                return;
            }
            long sum = pool.range(from, to).split(split).peek(this::leaf).asLongStream().sum();
            long expected = ((long) from + to - 1) * size / 2;
            if (sum != expected) {
                firstProblem.compareAndSet(null, new AssertionError(
                    "stream of leaves [" + from + ", " + to + ") with " + split + ": sum " + sum + ", expected " + expected));
            }
        }

        /** Half of a Fork join: runs its leaves as {@link #run} does, or by Fork recursion. */
        void part(Fork fork, Part part) {
            if (part.random.nextBoolean()) {
                run(part.from, part.to, part.depth, part.random);
            } else {
                fork.joinLong(this::forkLeaves, part.from << 16 | part.to & 0xffff, 0, Long::sum);
            }
        }

        /** Leaves {@code [from, to)}, packed as {@code from << 16 | to}, by Fork recursion (0: none). */
        long forkLeaves(Fork fork, int packed) {
            int from = packed >>> 16;
            int to = packed & 0xffff;
            if (to - from <= 1) {
                if (to > from) {
                    leaf(from);
                }
                return 1;
            }
            int mid = (from + to) >>> 1;
            return fork.joinLong(this::forkLeaves, from << 16 | mid, mid << 16 | to, Long::sum);
        }

        /** Runs leaves {@code [from, to)}, splitting with a random call until depth runs out. */
        void run(int from, int to, int depth, SplittableRandom random) {
            int size = to - from;
            if (size <= 0) {
                return;
            }
            if (depth == 0 || size == 1) {
                for (int i = from; i < to; i++) {
                    leaf(i);
                }
                return;
            }
            switch (random.nextInt(5)) {
                case 0: {
                    int mid = from + size / 2;
                    SplittableRandom left = random.split();
                    SplittableRandom right = random.split();
                    pool.join(() -> run(from, mid, depth - 1, left), () -> run(mid, to, depth - 1, right));
                    break;
                }
                case 4: {
                    // A Fork join of the two halves (both always complete), then, in each, Fork recursion
                    // down to the leaves at random depths.
                    int mid = from + size / 2;
                    pool.fork().join(this::part, new Part(from, mid, depth - 1, random.split()),
                        new Part(mid, to, depth - 1, random.split()));
                    break;
                }
                case 1: {
                    int parts = Math.min(size, random.nextInt(2, 6));
                    Runnable[] jobs = new Runnable[parts];
                    for (int p = 0; p < parts; p++) {
                        int lo = from + size * p / parts;
                        int hi = from + size * (p + 1) / parts;
                        SplittableRandom own = random.split();
                        jobs[p] = () -> run(lo, hi, depth - 1, own);
                    }
                    pool.joinAll(jobs);
                    break;
                }
                case 2:
                    stream(from, to, depth, random);
                    break;
                default:
                    if (from == 0 && to == leaves) {
                        pool.invoke(leaves, this, COUNT_UNIT);
                    } else {
                        pool.invoke(size, i -> leaf(from + i));
                    }
                    break;
            }
        }
    }

    // ---- background ------------------------------------------------------------------------------------

    /** A task this thread spawned, with how often its work ran and what it was told. */
    private final class Spawned {
        final AtomicInteger runs = new AtomicInteger();
        final RuntimeException failure;
        final int value;
        Task<Integer> task;
        boolean cancelled;
        /** How many times the task was submitted: spawn, then each resubmit that was accepted. */
        int submissions = 1;

        Spawned(int value, boolean fails) {
            this.value = value;
            this.failure = fails ? new IllegalArgumentException("task " + value) : null;
            if (fails) {
                failuresInjected.incrementAndGet();
            }
        }

        Integer work() {
            runs.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        /** join() must return the value, or throw the failure wrapped, or CancellationException. */
        void checkJoin() {
            try {
                Integer result = task.join();
                assertNull(failure, "a failing task returned");
                assertEquals(value, result);
            } catch (CompletionException e) {
                assertSame(failure, e.getCause(), "the task's failure as the cause");
            } catch (CancellationException e) {
                assertTrue(cancelled, "cancelled without a successful cancel()");
            }
        }

        void verifyAfterClose() {
            assertTrue(task.isDone(), "an accepted task did not run before close() returned: " + task);
            assertEquals(cancelled ? 0 : submissions, runs.get(),
                "runs of task " + value + " (cancelled: " + cancelled + ", submissions: " + submissions + ")");
        }
    }

    private void background(MicroPool pool, SplittableRandom random, List<Spawned> mine) {
        int count = random.nextInt(1, 8);
        List<Spawned> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Spawned s = new Spawned(random.nextInt(), random.nextDouble() < FAILURE_RATE);
            try {
                s.task = pool.spawn(s::work);
            } catch (RejectedExecutionException closed) {
                rejected.incrementAndGet();
                assertTrue(pool.isClosed(), "rejected by an open pool");
                continue;
            }
            tasks.incrementAndGet();
            batch.add(s);
        }
        for (Spawned s : batch) {
            switch (random.nextInt(5)) {
                case 0:
                    s.cancelled = s.task.cancel();
                    break;
                case 1:
                    s.task.help();
                    break;
                case 2:
                    s.checkJoin();
                    break;
                case 3:
                    if (s.task.isDone() && !s.task.isCancelled()) {
                        s.checkJoin();
                    }
                    break;
                default:
                    break;
            }
        }
        mine.addAll(batch);
        // Resubmit one finished, successful task once: it must run again exactly once.
        if (!batch.isEmpty() && random.nextInt(4) == 0) {
            Spawned s = batch.get(0);
            if (!s.cancelled && s.failure == null) {
                s.checkJoin();
                int before = s.runs.get();
                try {
                    s.task.resubmit();
                    s.submissions++;
                    assertEquals(s.value, s.task.join());
                    assertEquals(before + 1, s.runs.get(), "a resubmitted task runs once more");
                } catch (RejectedExecutionException closed) {
                    rejected.incrementAndGet();
                    mine.remove(s);
                }
            }
        }
    }

    /** Units that spawn tasks and join them, from inside foreground work, workers busy or not. */
    private void tasksInsideUnits(MicroPool pool, SplittableRandom random) {
        int count = random.nextInt(2, 6);
        AtomicIntegerArray results = new AtomicIntegerArray(count);
        pool.invoke(count, i -> {
            try {
                Task<Integer> task = pool.spawn(() -> i + 1);
                results.set(i, task.join());
            } catch (RejectedExecutionException closed) {
                results.set(i, i + 1);
            }
        });
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, results.get(i));
        }
        units.addAndGet(count);
    }

    /** What the watchdog records when a caller makes no progress. */
    private static final class StallError extends AssertionError {
        private static final long serialVersionUID = 1L;

        StallError(String message) {
            super(message);
        }
    }

    // ---- watchdog ---------------------------------------------------------------------------------------

    private Thread startWatchdog() {
        Thread watchdog = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (int i = 0; i < THREADS; i++) {
                    long last = progress.get(i);
                    if (last != 0 && now - last > STALL_NANOS) {
                        System.err.println("soak: soak-caller-" + i + " made no progress for "
                            + TimeUnit.NANOSECONDS.toSeconds(now - last) + " s\n" + ThreadDumpOnTimeout.threadDump());
                        firstProblem.compareAndSet(null, new StallError("soak-caller-" + i + " stalled"));
                        return;
                    }
                }
            }
        }, "soak-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
