package io.micropool.perf;

import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many callers at once, as in a service: every request fans out into {@code invoke(8, …)} of a small
 * computation (50 multiply-adds per unit), and the probe measures the time per request at full
 * throughput, the CPU time and the bytes allocated per request. Callers are either {@code N} platform
 * threads that each make requests until the shared total is reached, or a new virtual thread per request
 * with at most {@code N} in flight (JDK 21+). Pools, interleaved round by round in one JVM: {@code
 * micropool} (one worker), {@code forkjoin} ({@code ForkJoinPool(2)}, {@code invokeAll} of eight
 * {@code RecursiveAction}s) and {@code inline} (the eight units on the request thread: the baseline of
 * the bytes, which the request itself and, for virtual threads, the thread allocate).
 *
 * <p>The bytes are the sum of {@code getThreadAllocatedBytes} over every live platform thread, the
 * virtual threads' carriers included, before and after a round; platform callers stay alive until it is
 * read. After the warm-up round and at the end it prints the heap in use after a full collection, and
 * the size of micropool's {@code stats().threads()}: what the requests left behind.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.ServiceCallersProbe platform|virtual
 * callers [requests per round, default 200000 [rounds, default 5]]}; {@code -Dpools=micropool,inline}
 * compares only some of the pools (to profile one of them, say).
 */
public final class ServiceCallersProbe {
    private static final int UNITS = 8;
    private static final int MULTIPLY_ADDS = 50;
    /** The pools compared, {@code inline} last (the baseline of the bytes); {@code -Dpools=a,b} picks some. */
    private static final String[] POOLS = System.getProperty("pools", "micropool,forkjoin,inline").split(",");
    private static final AtomicLong SINK = new AtomicLong();
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final MicroPool micro = MicroPool.builder().workers(1).build();
    private final ForkJoinPool forkJoin = new ForkJoinPool(2);

    private ServiceCallersProbe() {
    }

    /** One round's figures. */
    private record Round(double micros, double cpuMicros, double bytes) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("platform") || args[0].equals("virtual"))) {
            System.err.println("usage: ServiceCallersProbe platform|virtual callers [requests [rounds]]");
            System.exit(2);
        }
        boolean virtual = args[0].equals("virtual");
        int callers = Integer.parseInt(args[1]);
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        ThreadFactory virtualThreads = virtual ? virtualThreadFactory() : null;
        if (!THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        ServiceCallersProbe probe = new ServiceCallersProbe();
        int threadsBefore = -1;
        long heapBefore = -1;
        List<List<Round>> results = new ArrayList<>();
        for (String ignored : POOLS) {
            results.add(new ArrayList<>());
        }
        // Round 0 warms every pool's code up and is not reported.
        for (int round = 0; round <= rounds; round++) {
            for (int p = 0; p < POOLS.length; p++) {
                Round r = virtual
                    ? probe.virtualRound(POOLS[p], virtualThreads, callers, requests)
                    : probe.platformRound(POOLS[p], callers, requests);
                if (round > 0) {
                    results.get(p).add(r);
                }
            }
            if (round == 0) {
                threadsBefore = probe.micro.stats().threads().size();
                heapBefore = usedHeapAfterGc();
            }
        }
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "%s, %s callers: %d %s, %d requests per round, %d rounds, invoke(%d) of %d "
                + "multiply-adds per unit%n", System.getProperty("java.vm.version"), args[0], callers,
            virtual ? "in flight, a new virtual thread per request" : "platform threads", requests, rounds, UNITS,
            MULTIPLY_ADDS);
        double inlineBytes = median(results.get(POOLS.length - 1), Round::bytes);
        for (int p = 0; p < POOLS.length; p++) {
            List<Round> rs = results.get(p);
            double bytes = median(rs, Round::bytes);
            System.out.printf(Locale.ROOT, "%-10s µs/request median %6.2f (rounds %s)  CPU µs/request %6.2f  "
                    + "B/request %7.1f (%+.1f beside inline)%n", POOLS[p], median(rs, Round::micros),
                format(rs), median(rs, Round::cpuMicros), bytes, bytes - inlineBytes);
        }
        MicroPoolStats stats = probe.micro.stats();
        System.out.printf(Locale.ROOT, "micropool: stats().threads() %d after the warm-up round, %d after the "
                + "measured ones; heap used after a GC %,d B then %,d B (all pools); calls kept %d, jobs published %d, "
                + "wake-ups sent %d, inline for lack of a scope %d, of a slot %d%n", threadsBefore,
            stats.threads().size(), heapBefore, heapAfter, stats.total().get(Counter.CALLS_KEPT),
            stats.total().get(Counter.JOBS_PUBLISHED), stats.total().get(Counter.WAKE_UPS_SENT),
            stats.total().get(Counter.INLINE_NO_FREE_SCOPE), stats.total().get(Counter.INLINE_NO_FREE_SLOT));
        probe.micro.close();
        probe.forkJoin.shutdown();
        System.out.println("(sink " + SINK.get() + ")");
    }

    private static String format(List<Round> rounds) {
        StringBuilder text = new StringBuilder();
        for (Round r : rounds) {
            text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", r.micros()));
        }
        return text.toString();
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    /** One request: eight units on {@code pool}, their results summed into {@link #SINK}. */
    private void request(String pool) {
        long[] parts = new long[UNITS];
        switch (pool) {
            case "micropool" -> micro.invoke(UNITS, parts, ServiceCallersProbe::unit);
            case "forkjoin" -> forkJoin.invoke(new Fan(parts));
            default -> {
                for (int i = 0; i < UNITS; i++) {
                    unit(parts, i);
                }
            }
        }
        SINK.addAndGet(parts[UNITS - 1]);
    }

    private static void unit(long[] parts, int index) {
        long x = 0;
        for (int k = 0; k < MULTIPLY_ADDS; k++) {
            x += (long) k * (index + 1);
        }
        parts[index] = x;
    }

    /** {@code invokeAll} of one {@link Part} per unit. */
    private static final class Fan extends RecursiveAction {
        private final long[] parts;

        Fan(long[] parts) {
            this.parts = parts;
        }

        @Override
        protected void compute() {
            Part[] tasks = new Part[UNITS];
            for (int i = 0; i < UNITS; i++) {
                tasks[i] = new Part(parts, i);
            }
            invokeAll(tasks);
        }
    }

    private static final class Part extends RecursiveAction {
        private final long[] parts;
        private final int index;

        Part(long[] parts, int index) {
            this.parts = parts;
            this.index = index;
        }

        @Override
        protected void compute() {
            unit(parts, index);
        }
    }

    private Round platformRound(String pool, int callers, int requests) throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(requests);
        CountDownLatch finished = new CountDownLatch(callers);
        CountDownLatch measured = new CountDownLatch(1);
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(() -> {
                ready.countDown();
                awaitQuietly(go);
                while (remaining.getAndDecrement() > 0) {
                    request(pool);
                }
                finished.countDown();
                awaitQuietly(measured);
            }, "request-" + t);
            threads[t].start();
        }
        ready.await();
        long bytes = allocatedBytes();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        go.countDown();
        finished.await();
        long elapsed = System.nanoTime() - start;
        Round round = new Round(elapsed / 1e3 / requests, (OS.getProcessCpuTime() - cpu) / 1e3 / requests,
            (double) (allocatedBytes() - bytes) / requests);
        measured.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return round;
    }

    private Round virtualRound(String pool, ThreadFactory factory, int inFlight, int requests)
        throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(requests);
        long bytes = allocatedBytes();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        for (int r = 0; r < requests; r++) {
            permits.acquire();
            factory.newThread(() -> {
                try {
                    request(pool);
                } finally {
                    permits.release();
                    done.countDown();
                }
            }).start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        return new Round(elapsed / 1e3 / requests, (OS.getProcessCpuTime() - cpu) / 1e3 / requests,
            (double) (allocatedBytes() - bytes) / requests);
    }

    /** @return the heap in use after a full collection (System.gc, twice), in bytes */
    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the bytes every live platform thread has allocated so far */
    private static long allocatedBytes() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@code Thread.ofVirtual().factory()}, reached by reflection so that this compiles for JDK 17 */
    public static ThreadFactory virtualThreadFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later", e);
        }
    }
}
