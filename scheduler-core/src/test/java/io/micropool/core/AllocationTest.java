package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.api.IndexedJob;
import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Steady-state calls with pre-built {@link Runnable}s or a non-capturing {@link IndexedJob} allocate
 * nothing, on the calling thread or on any worker: measured with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])} over the caller and every worker
 * thread, after a warm-up. The bound absorbs the measurement's own noise only.
 *
 * <p>The MXBean is reached by reflection: this test is compiled into the library's module, which does
 * not read {@code java.management}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class AllocationTest {
    private static final String PREFIX = "allocation-test-worker-";
    private static final int WARM_UP_CALLS = 50_000;
    private static final int MEASURED_CALLS = 100_000;
    private static final long BOUND_BYTES = 64 * 1024;

    /** Counters the pre-built units write; plain, each slot written by one unit at a time. */
    private static final long[] COUNTS = new long[16];

    private static final Runnable A = () -> COUNTS[0]++;
    private static final Runnable B = () -> COUNTS[1]++;

    /** Non-capturing: the state it needs comes in as the context. */
    private static final IndexedJob<long[]> NON_CAPTURING_STATIC_JOB = (counts, i) -> counts[i]++;

    private final long[] context = new long[16];

    private Object threadBean;
    private Method allocatedBytes;

    @BeforeEach
    void setUp() throws Exception {
        Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
        threadBean = factory.getMethod("getThreadMXBean").invoke(null);
        Class<?> sunBean;
        try {
            sunBean = Class.forName("com.sun.management.ThreadMXBean");
        } catch (ClassNotFoundException e) {
            sunBean = null;
        }
        assumeTrue(sunBean != null && sunBean.isInstance(threadBean),
            "com.sun.management.ThreadMXBean is not available");
        boolean supported = (boolean) sunBean.getMethod("isThreadAllocatedMemorySupported").invoke(threadBean);
        assumeTrue(supported, "the JVM does not measure per-thread allocation");
        boolean enabled = (boolean) sunBean.getMethod("isThreadAllocatedMemoryEnabled").invoke(threadBean);
        if (!enabled) {
            sunBean.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(threadBean, true);
        }
        allocatedBytes = sunBean.getMethod("getThreadAllocatedBytes", long[].class);
    }

    private static MicroPool pool() {
        return MicroPool.builder().workers(1).threadNamePrefix(PREFIX).build();
    }

    @Test
    void joinOfPreBuiltRunnablesAllocatesNothing() throws Exception {
        try (MicroPool pool = pool()) {
            measureJoin(pool);
        }
    }

    private void measureJoin(MicroPool pool) throws Exception {
        long[] ids = threadIds(pool);
        Arrays.fill(COUNTS, 0);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            pool.join(A, B);
        }
        long[] before = allocated(ids);
        for (int i = 0; i < MEASURED_CALLS; i++) {
            pool.join(A, B);
        }
        long[] after = allocated(ids);
        long total = total(ids, before, after);

        assertEquals(WARM_UP_CALLS + MEASURED_CALLS, COUNTS[0]);
        assertEquals(WARM_UP_CALLS + MEASURED_CALLS, COUNTS[1]);
        assertQuiescent(pool);
        System.out.println("join(a, b): " + total + " bytes over " + MEASURED_CALLS + " calls " + detail(ids, before, after));
        assertTrue(total < BOUND_BYTES, "join(a, b) allocated " + total + " bytes over " + MEASURED_CALLS
            + " calls " + detail(ids, before, after));
    }

    /**
     * A pre-built tree of joins: an inner node joins its two children, a leaf counts its runs in its own
     * element of {@code counts}, so no two threads ever write the same element at once.
     */
    private static final class JoinTree implements Runnable {
        private final MicroPool pool;
        private final Runnable left;
        private final Runnable right;
        private final long[] counts;
        private final int leaf;

        JoinTree(MicroPool pool, int depth, long[] counts, int firstLeaf) {
            this.pool = pool;
            this.counts = counts;
            this.leaf = firstLeaf;
            if (depth == 0) {
                left = null;
                right = null;
            } else {
                left = new JoinTree(pool, depth - 1, counts, firstLeaf);
                right = new JoinTree(pool, depth - 1, counts, firstLeaf + (1 << (depth - 1)));
            }
        }

        @Override
        public void run() {
            if (left == null) {
                counts[leaf]++;
            } else {
                pool.join(left, right);
            }
        }
    }

    @Test
    void nestedJoinsOfPreBuiltRunnablesAllocateNothing() throws Exception {
        try (MicroPool pool = pool()) {
            int depth = 6;
            long[] counts = new long[1 << depth];
            JoinTree tree = new JoinTree(pool, depth, counts, 0);
            measure(pool, "nested join, " + ((1 << depth) - 1) + " joins per call", tree);
            for (int leaf = 0; leaf < counts.length; leaf++) {
                assertEquals(WARM_UP_CALLS + MEASURED_CALLS, counts[leaf], "leaf " + leaf);
            }
        }
    }

    @Test
    void nestedJoinsWhileTracingAllocateNothingOnceEachThreadHasItsBuffer() throws Exception {
        try (MicroPool pool = pool()) {
            int depth = 6;
            long[] counts = new long[1 << depth];
            JoinTree tree = new JoinTree(pool, depth, counts, 0);
            // Buffers are registered during the warm-up; they fill up and later spans are dropped.
            pool.startTrace(10_000);
            measure(pool, "nested join while tracing, " + ((1 << depth) - 1) + " joins per call", tree);
            Trace trace = pool.stopTrace();
            assertTrue(trace.spans().size() > 0, "the trace recorded the units");
        }
    }

    /** fib(n) with a Fork join at every level: non-capturing, as the README's example. */
    private static long fib(Fork fork, int n) {
        return n < 2 ? n : fork.joinLong(AllocationTest::fib, n - 1, n - 2, Long::sum);
    }

    @Test
    void forkJoinsAllocateNothingWhetherKeptOrHandedOver() throws Exception {
        try (MicroPool pool = pool()) {
            // fib(16): 986 joins per call; the worker spins between calls and asks for work, so some
            // halves are handed over (results through the slot), most run in place.
            long offeredBefore = pool.stats().pairsOffered();
            measure(pool, "fib(16), a Fork join at every level", () -> check(fib(pool.fork(), 16) == 987));
            System.out.println("Fork halves handed over meanwhile: " + (pool.stats().pairsOffered() - offeredBefore));
        }
    }

    @Test
    void invokeOfANonCapturingIndexedJobAllocatesNothing() throws Exception {
        try (MicroPool pool = pool()) {
            measureInvoke(pool);
        }
    }

    private void measureInvoke(MicroPool pool) throws Exception {
        long[] ids = threadIds(pool);
        Arrays.fill(context, 0);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            pool.invoke(16, context, NON_CAPTURING_STATIC_JOB);
        }
        long[] before = allocated(ids);
        for (int i = 0; i < MEASURED_CALLS; i++) {
            pool.invoke(16, context, NON_CAPTURING_STATIC_JOB);
        }
        long[] after = allocated(ids);
        long total = total(ids, before, after);

        for (int i = 0; i < 16; i++) {
            assertEquals(WARM_UP_CALLS + MEASURED_CALLS, context[i], "unit " + i);
        }
        assertQuiescent(pool);
        System.out.println("invoke(16, context, job): " + total + " bytes over " + MEASURED_CALLS + " calls "
            + detail(ids, before, after));
        assertTrue(total < BOUND_BYTES, "invoke(16, context, job) allocated " + total + " bytes over "
            + MEASURED_CALLS + " calls " + detail(ids, before, after));
    }

    @Test
    void resubmittingAFinishedTaskAllocatesNothing() throws Exception {
        try (MicroPool pool = pool()) {
            long[] ids = threadIds(pool);
            long[] runs = new long[1];
            io.micropool.api.Task<Object> task = pool.spawn(() -> {
                runs[0]++;
                return null;
            });
            task.join();
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                task.resubmit();
                task.join();
            }
            long[] before = allocated(ids);
            for (int i = 0; i < MEASURED_CALLS; i++) {
                task.resubmit();
                task.join();
            }
            long[] after = allocated(ids);
            long total = total(ids, before, after);
            assertEquals(1 + WARM_UP_CALLS + MEASURED_CALLS, runs[0]);
            System.out.println("resubmit + join: " + total + " bytes over " + MEASURED_CALLS + " calls "
                + detail(ids, before, after));
            assertTrue(total < BOUND_BYTES, "resubmit + join allocated " + total + " bytes over "
                + MEASURED_CALLS + " calls " + detail(ids, before, after));
        }
    }

    // ---- parallel streams ------------------------------------------------------------------------------

    private static final long[] LONGS = new long[4096];
    private static final double[] DOUBLES = new double[4096];
    private static final int[] INTS = new int[4096];
    private static final long[] SINK = new long[1];

    static {
        for (int i = 0; i < LONGS.length; i++) {
            LONGS[i] = i * 31L % 1000;
            DOUBLES[i] = i * 0.5;
            INTS[i] = i * 7 % 1000;
        }
    }

    /**
     * A stream built once and run many times allocates nothing: the direct form for a frame loop. With
     * 1 worker, byThreads makes two chunks, so every call is a published job.
     */
    @Test
    void terminalOperationsOnAReusedArrayOrRangeStreamAllocateNothing() throws Exception {
        try (MicroPool pool = pool()) {
            ParLongStream longs = pool.of(LONGS);
            ParIntStream range = pool.range(0, 4096);
            ParDoubleStream doubles = pool.of(DOUBLES);
            long expected = LongStream.of(LONGS).sum();
            measure(pool, "of(long[]).sum()", () -> check(longs.sum() == expected));
            measure(pool, "of(long[]).min(ifEmpty)", () -> check(longs.min(-1) == 0));
            measure(pool, "of(long[]).max(ifEmpty)", () -> check(longs.max(-1) == 999));
            measure(pool, "of(long[]).forEach(non-capturing)", () -> longs.forEach(AllocationTest::add));
            measure(pool, "of(long[]).anyMatch(non-capturing)", () -> check(longs.anyMatch(AllocationTest::is998)));
            measure(pool, "of(long[]).reduce(0, Long::sum)", () -> check(longs.reduce(0, Long::sum) == expected));
            measure(pool, "range(0, 4096).sum()", () -> check(range.sum() == 4095 * 4096 / 2));
            measure(pool, "range(0, 4096).min(ifEmpty)", () -> check(range.min(-1) == 0));
            measure(pool, "of(double[]).sum()", () -> check(doubles.sum() == 4095 * 4096 / 4.0));
            measure(pool, "of(double[]).max(ifEmpty)", () -> check(doubles.max(-1) == 4095 * 0.5));
            long[] out = new long[LONGS.length];
            measure(pool, "of(long[]).toArray(destination)", () -> check(longs.toArray(out) == LONGS.length));
        }
    }

    /**
     * The one-liners, the stream built inside the measured call: the pipeline object never leaves the
     * call, and escape analysis removes it once the JIT has compiled the caller (see
     * {@code PrimitiveTerminals}). Allocation goes to 0 after the JIT settles: a round is measured again
     * (at most {@link #ROUNDS} times) while it is above the bound, and every round is printed.
     */
    @Test
    void oneLinerTerminalsOverArraysAndRangesAllocateNothing() throws Exception {
        try (MicroPool pool = pool()) {
            long expected = LongStream.of(LONGS).sum();
            int intSum = IntStream.of(INTS).sum();
            steadyState(pool, "pool.of(long[]).sum()", () -> check(pool.of(LONGS).sum() == expected));
            steadyState(pool, "pool.of(int[]).sum()", () -> check(pool.of(INTS).sum() == intSum));
            steadyState(pool, "pool.of(double[]).sum()", () -> check(pool.of(DOUBLES).sum() == 4095 * 4096 / 4.0));
            steadyState(pool, "pool.range(0, 4096).sum()", () -> check(pool.range(0, 4096).sum() == 4095 * 4096 / 2));
            steadyState(pool, "pool.of(long[]).min(ifEmpty)", () -> check(pool.of(LONGS).min(-1) == 0));
            steadyState(pool, "pool.of(int[]).max(ifEmpty)", () -> check(pool.of(INTS).max(-1) == 999));
            steadyState(pool, "pool.of(double[]).max(ifEmpty)", () -> check(pool.of(DOUBLES).max(-1) == 4095 * 0.5));
            steadyState(pool, "pool.range(0, 4096).min(ifEmpty)", () -> check(pool.range(0, 4096).min(-1) == 0));
            steadyState(pool, "pool.of(long[]).count()", () -> check(pool.of(LONGS).count() == LONGS.length));
            steadyState(pool, "pool.of(long[]).anyMatch(non-capturing)",
                () -> check(pool.of(LONGS).anyMatch(AllocationTest::is998)));
            steadyState(pool, "pool.range(0, 4096).anyMatch(non-capturing)",
                () -> check(!pool.range(0, 4096).anyMatch(AllocationTest::isNegative)));
            steadyState(pool, "pool.of(long[]).forEach(non-capturing)", () -> pool.of(LONGS).forEach(AllocationTest::add));
            steadyState(pool, "pool.of(int[]).forEach(non-capturing)", () -> pool.of(INTS).forEach(AllocationTest::addInt));
            steadyState(pool, "pool.of(long[]).reduce(0, Long::sum)",
                () -> check(pool.of(LONGS).reduce(0, Long::sum) == expected));
            steadyState(pool, "pool.of(int[]).reduce(0, Integer::sum)",
                () -> check(pool.of(INTS).reduce(0, Integer::sum) == intSum));
        }
    }

    /** Rounds of {@link #MEASURED_CALLS} calls a one-liner gets to reach its steady state. */
    private static final int ROUNDS = 5;

    private void steadyState(MicroPool pool, String name, Runnable call) throws Exception {
        List<Long> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long total = measure(pool, name + ", round " + (round + 1), call, false);
            rounds.add(total);
            if (total < BOUND_BYTES) {
                return;
            }
        }
        throw new AssertionError(name + " still allocates after " + ROUNDS + " rounds of " + MEASURED_CALLS
            + " calls (bytes per round: " + rounds + ")");
    }

    private static void add(long value) {
        SINK[0] += value & 1;
    }

    private static void addInt(int value) {
        SINK[0] += value & 1;
    }

    private static boolean isNegative(int value) {
        return value < 0;
    }

    private static boolean is998(long value) {
        return value == 998;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("wrong result");
        }
    }

    /** @return the bytes all pool threads and the caller allocated over the measured calls of {@code call} */
    private long measure(MicroPool pool, String name, Runnable call) throws Exception {
        return measure(pool, name, call, true);
    }

    /** @return the bytes all pool threads and the caller allocated over the measured calls of {@code call} */
    private long measure(MicroPool pool, String name, Runnable call, boolean bounded) throws Exception {
        long[] ids = threadIds(pool);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            call.run();
        }
        long[] before = allocated(ids);
        for (int i = 0; i < MEASURED_CALLS; i++) {
            call.run();
        }
        long[] after = allocated(ids);
        long total = total(ids, before, after);
        assertQuiescent(pool);
        System.out.println(name + ": " + total + " bytes over " + MEASURED_CALLS + " calls " + detail(ids, before, after));
        if (bounded) {
            assertTrue(total < BOUND_BYTES, name + " allocated " + total + " bytes over " + MEASURED_CALLS
                + " calls " + detail(ids, before, after));
        }
        return total;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** @return the ids of the calling thread followed by those of every worker of the pool */
    private static long[] threadIds(MicroPool pool) {
        List<Thread> workers = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(PREFIX)) {
                workers.add(t);
            }
        }
        assertEquals(pool.workerCount(), workers.size(), "worker threads found: " + workers);
        long[] ids = new long[1 + workers.size()];
        ids[0] = Thread.currentThread().getId();
        for (int i = 0; i < workers.size(); i++) {
            ids[i + 1] = workers.get(i).getId();
        }
        return ids;
    }

    private long[] allocated(long[] ids) throws IllegalAccessException, InvocationTargetException {
        return (long[]) allocatedBytes.invoke(threadBean, (Object) ids);
    }

    private static long total(long[] ids, long[] before, long[] after) {
        long total = 0;
        for (int i = 0; i < ids.length; i++) {
            assertTrue(before[i] >= 0 && after[i] >= 0, "thread " + ids[i] + " is not measured");
            total += after[i] - before[i];
        }
        return total;
    }

    private static String detail(long[] ids, long[] before, long[] after) {
        StringBuilder out = new StringBuilder("(per thread:");
        for (int i = 0; i < ids.length; i++) {
            out.append(' ').append(i == 0 ? "caller" : "worker").append('#').append(ids[i]).append('=')
                .append(after[i] - before[i]);
        }
        return out.append(')').toString();
    }

    private static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
    }
}
