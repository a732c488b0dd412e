package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;
import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.micropool.core.iter.StreamCases.assertClose;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What the generated cases of {@link ParStreamConformanceTest} do not reach: one stream object running
 * many terminal operations, from two threads at once and nested inside its own functions; double sums
 * compensated in and across chunks; the chunks a split makes; signed zeros, infinities and NaN.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParStreamSpecialCasesTest {
    private static final Map<Integer, MicroPool> POOLS = new HashMap<>();

    @BeforeAll
    static void startPools() {
        POOLS.putAll(StreamCases.pools("par-special-cases-"));
    }

    @AfterAll
    static void closePools() {
        StreamCases.closeAll(POOLS);
    }

    // ---- the same stream object, reused -------------------------------------------------------------------

    @Test
    void aStreamRunsManyTerminalOperationsAndReadsItsSourceAnew() {
        MicroPool pool = POOLS.get(3);
        int[] values = IntStream.range(0, 10_000).toArray();
        ParIntStream odd = pool.of(values).filter(v -> (v & 1) == 1).split(Split.per(100));
        for (int round = 0; round < 3; round++) {
            assertEquals(25_000_000, odd.sum());
            assertEquals(5_000, odd.count());
            assertEquals(1, odd.findFirst().getAsInt());
            assertArrayEquals(IntStream.range(0, 10_000).filter(v -> (v & 1) == 1).toArray(), odd.toArray());
        }
        values[1] = 2;
        assertEquals(3, odd.findFirst().getAsInt(), "the array is read when the operation runs");
        List<String> strings = new ArrayList<>(List.of("a", "b"));
        ParStream<String> listStream = pool.of(strings);
        strings.add("c");
        assertEquals("abc", listStream.reduce("", String::concat), "the list is read when the operation runs");
    }

    @Test
    void twoThreadsRunTerminalOperationsOnTheSameStreamAtOnce() {
        for (int workers : new int[] {1, 3}) {
            MicroPool pool = POOLS.get(workers);
            long[] values = new Random(7).longs(20_000).toArray();
            ParLongStream pipeline = pool.of(values).filter(v -> v % 3 != 0).map(v -> v >>> 8).skip(100).limit(10_000)
                .split(Split.per(256));
            long[] expected = LongStream.of(values).filter(v -> v % 3 != 0).map(v -> v >>> 8).skip(100).limit(10_000).toArray();
            long expectedSum = LongStream.of(expected).sum();
            Runnable caller = () -> {
                for (int round = 0; round < 200; round++) {
                    assertArrayEquals(expected, pipeline.toArray(), "workers=" + workers);
                    assertEquals(expectedSum, pipeline.sum(), "workers=" + workers);
                    assertEquals(expected[0], pipeline.findFirst().getAsLong(), "workers=" + workers);
                }
            };
            CompletableFuture<?>[] callers = new CompletableFuture<?>[2];
            for (int t = 0; t < callers.length; t++) {
                callers[t] = CompletableFuture.runAsync(caller, r -> new Thread(r, "par-conformance-caller").start());
            }
            CompletableFuture.allOf(callers).join();
        }
    }

    @Test
    void terminalOperationsNestInsideTheFunctionsOfAnother() {
        for (int workers : StreamCases.WORKERS) {
            MicroPool pool = POOLS.get(workers);
            ParIntStream inner = pool.range(0, 1000).filter(v -> v % 3 == 0).split(Split.per(50));
            int innerSum = IntStream.range(0, 1000).filter(v -> v % 3 == 0).sum();
            long total = pool.range(0, 64).split(Split.perItem()).mapToLong(i -> i + inner.sum()).sum();
            assertEquals(64L * 63 / 2 + 64L * innerSum, total, "workers=" + workers);
            AtomicInteger mismatches = new AtomicInteger();
            inner.forEach(v -> {
                if (inner.skip(v / 3).findFirst().getAsInt() != v || inner.limit(v / 3 + 1).max().getAsInt() != v) {
                    mismatches.incrementAndGet();
                }
            });
            assertEquals(0, mismatches.get(), "workers=" + workers + ": the same stream, nested in itself");
            long[] deep = pool.range(0, 12).split(Split.perItem()).mapToLong(i -> pool.range(0, 40).split(Split.per(3))
                .filter(j -> j % 2 == 0).skip(1).map(j -> pool.range(0, j).filter(x -> x % 3 == 0).limit(5).sum() + i).sum()).toArray();
            long expectedDeep = IntStream.range(0, 40).filter(j -> j % 2 == 0).skip(1)
                .map(j -> IntStream.range(0, j).filter(x -> x % 3 == 0).limit(5).sum()).sum();
            assertArrayEquals(LongStream.range(0, 12).map(i -> expectedDeep + 19 * i).toArray(), deep, "workers=" + workers + ": three levels");
            assertEquals(1 << 12, nest(pool, 12), "workers=" + workers + ": twelve levels");
        }
    }

    /** @return 2^depth, as a tree of terminal operations {@code depth} levels deep */
    private static int nest(MicroPool pool, int depth) {
        return depth == 0 ? 1 : pool.range(0, 2).split(Split.perItem()).map(i -> nest(pool, depth - 1)).sum();
    }

    /**
     * Every 1000th value is 1.0, the others 1e-17: a plain sum loses nearly all small ones (each below half
     * an ulp), about 1e-12; compensated in and across chunks it stays within a few ulps of 100 + 99 900e-17.
     */
    @Test
    void doubleSumsAreCompensatedInEachChunkAndAcrossChunks() {
        double[] values = IntStream.range(0, 100_000).mapToDouble(i -> i % 1000 == 0 ? 1.0 : 1e-17).toArray();
        double exact = DoubleStream.of(values).mapToObj(java.math.BigDecimal::new)
            .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add).doubleValue();
        for (int workers : StreamCases.WORKERS) {
            MicroPool pool = POOLS.get(workers);
            for (Split split : StreamCases.SPLITS) {
                String c = split + " workers=" + workers;
                for (ParDoubleStream s : List.of(pool.of(values), pool.of(values).map(v -> v), pool.range(0, values.length).mapToDouble(i -> values[i]))) {
                    double sum = s.split(split).sum();
                    assertTrue(Math.abs(sum - exact) <= 1e-13, c + ": sum " + sum + ", exactly " + exact);
                    double average = s.split(split).average().getAsDouble();
                    assertTrue(Math.abs(average - exact / values.length) <= 1e-18, c + ": average " + average);
                }
            }
        }
    }

    /**
     * {@code collect} gives each chunk a container of its own, so the containers show the chunks: as many
     * as the split makes for the pool's threads (workers + 1), each one contiguous run from its
     * {@code chunkStart}. {@code split(..)} returns a new stream; the old one keeps its split.
     */
    @Test
    void eachChunkIsOneRunOfTheSplit() {
        for (int workers : StreamCases.WORKERS) {
            for (Split split : StreamCases.SPLITS) {
                for (int n : new int[] {1, 2, 7, 1000}) {
                    ParIntStream base = POOLS.get(workers).range(0, n);
                    for (ParIntStream s : List.of(base.split(split), base.split(split).map(i -> i), base)) {
                        Split used = s == base ? Split.byThreads() : split;
                        String c = used + " workers=" + workers + " n=" + n;
                        java.util.Queue<long[]> containers = new java.util.concurrent.ConcurrentLinkedQueue<>();
                        long[] all = s.collect(() -> {
                            long[] container = {-1, 0, 0}; // first element of its chunk, chunk length, total
                            containers.add(container);
                            return container;
                        }, (container, i) -> {
                            assertTrue(container[1] == 0 || container[0] + container[1] == i, c + ": " + i + " follows its chunk");
                            container[0] = container[1]++ == 0 ? i : container[0];
                            container[2]++;
                        }, (a, b) -> a[2] += b[2]);
                        assertEquals(n, all[2], c + " total");
                        int chunks = used.chunkCount(n, workers + 1);
                        assertEquals(chunks, containers.size(), c + ": one container per chunk");
                        long[][] runs = containers.stream().sorted(java.util.Comparator.comparingLong(r -> r[0])).toArray(long[][]::new);
                        for (int k = 0; k < chunks; k++) {
                            int from = used.chunkStart(n, chunks, k);
                            assertArrayEquals(new long[] {from, used.chunkStart(n, chunks, k + 1) - from}, Arrays.copyOf(runs[k], 2), c + " chunk " + k);
                        }
                    }
                }
            }
        }
    }

    /** Signed zeros, infinities and NaN, which random data never puts where they decide a result. */
    @Test
    void signedZerosInfinitiesAndNaNAsDoubleStreamHasThem() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] inputs = {{3, 0.0, -0.0, 5}, {0.0, -0.0}, {-0.0, 0.0, 0.0}, {7, 0.0, 0.0, -0.0, 0.0}, {1, Double.NaN, -1},
            {inf, 1, 2}, {-1, inf, -inf, 2}, {-inf, -0.0, 2}, {Double.MIN_VALUE, -0.0, 0.0, -Double.MIN_VALUE}};
        for (int workers : StreamCases.WORKERS) {
            MicroPool pool = POOLS.get(workers);
            for (Split split : StreamCases.SPLITS) {
                for (double[] in : inputs) {
                    double[] zeros = new double[in.length];
                    List<ParDoubleStream> streams = List.of(pool.of(in), pool.of(in).map(v -> v), pool.zip(in, zeros, (a, b) -> a),
                        pool.range(0, in.length).mapToDouble(i -> in[i]));
                    for (int k = 0; k < streams.size(); k++) {
                        ParDoubleStream s = streams.get(k).split(split);
                        String c = Arrays.toString(in) + " stream " + k + " " + split + " workers=" + workers;
                        assertEquals(DoubleStream.of(in).min(), s.min(), c + " min");
                        assertEquals(DoubleStream.of(in).max(), s.max(), c + " max");
                        assertEquals(DoubleStream.of(in).reduce(Math::min), s.reduce(Math::min), c + " reduce(min)");
                        assertEquals(DoubleStream.of(in).filter(v -> v >= 0).min(), s.filter(v -> v >= 0).min(), c + " filter.min");
                        assertClose(DoubleStream.of(in).sum(), s.sum(), 10, c + " sum");
                        assertClose(DoubleStream.of(in).average(), s.average(), 10, c + " average");
                        assertArrayEquals(in, s.toArray(), c + " toArray");
                        assertEquals(DoubleStream.of(in).findFirst(), s.findFirst(), c + " findFirst");
                    }
                }
            }
        }
    }
}
