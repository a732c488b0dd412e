package io.micropool.core.iter;

import io.micropool.api.ParIntStream;
import io.micropool.api.Split;
import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Throwables from user functions: the first reaches the caller as the same instance, later ones are
 * suppressed on it, the other chunks stop at their next element, and the pool keeps working (even
 * closed, when every call runs inline).
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParStreamFailureTest {
    private static final Map<Integer, MicroPool> POOLS = new HashMap<>();

    @BeforeAll
    static void startPools() {
        POOLS.putAll(StreamCases.pools("par-failure-"));
    }

    @AfterAll
    static void closePools() {
        StreamCases.closeAll(POOLS);
    }

    /** A throwable of this test only. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    static Stream<Arguments> poolsAndSplits() {
        List<Arguments> cases = new ArrayList<>();
        for (int workers : StreamCases.WORKERS) {
            for (Split split : List.of(Split.byThreads(), Split.by(3), Split.per(16), Split.perItem())) {
                cases.add(Arguments.of(workers, split));
            }
        }
        return cases.stream();
    }

    /** The pool still runs streams, with early exit and all, after a failure. */
    private static void assertStillWorks(MicroPool pool, String ctx) {
        assertEquals(499_500, pool.range(0, 1000).split(Split.per(7)).sum(), ctx + ": the pool keeps working");
        assertEquals(100, pool.range(0, 1000).split(Split.by(5)).filter(i -> i >= 100).findFirst().getAsInt(), ctx);
        assertTrue(pool.range(0, 1000).anyMatch(i -> i == 999), ctx);
    }

    private static void assertThrowsSame(Throwable expected, Executable op, String ctx) {
        Throwable thrown = assertThrows(Throwable.class, op, ctx);
        assertSame(expected, thrown, ctx + ": the same instance");
    }

    @ParameterizedTest(name = "workers={0} {1}")
    @MethodSource("poolsAndSplits")
    void aThrowableFromEveryKindOfFunctionReachesTheCallerAsIs(int workers, Split split) {
        MicroPool pool = POOLS.get(workers);
        int n = 1000;
        int bad = 517;
        int[] ints = IntStream.range(0, n).toArray();
        long[] longs = IntStream.range(0, n).asLongStream().toArray();
        double[] doubles = IntStream.range(0, n).asDoubleStream().toArray();
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        List<Integer> list = Arrays.asList(boxed);
        Boom boom = new Boom("boom");
        Map<String, Executable> ops = new LinkedHashMap<>();
        ops.put("map", () -> pool.range(0, n).split(split).map(i -> i == bad ? fail(boom) : i).sum());
        ops.put("filter", () -> pool.of(ints).split(split).filter(i -> { if (i == bad) throw boom; return true; }).toArray());
        ops.put("forEach", () -> pool.of(longs).split(split).forEach(i -> { if (i == bad) throw boom; }));
        ops.put("peek", () -> pool.of(doubles).split(split).peek(d -> { if (d == bad) throw boom; }).sum());
        ops.put("mapToObj", () -> pool.range(0, n).split(split).mapToObj(i -> { if (i == bad) throw boom; return i; }).toArray());
        ops.put("filter.mapToObj.count", () -> pool.range(0, n).split(split).filter(i -> true).mapToObj(i -> { if (i == bad) throw boom; return i; }).count());
        ops.put("mapToLong", () -> pool.of(boxed).split(split).mapToLong(i -> { if (i == bad) throw boom; return i; }).max());
        ops.put("reduce(identity, op)", () -> pool.of(ints).split(split).reduce(0, (a, b) -> { if (b == bad) throw boom; return a + b; }));
        ops.put("reduce(op)", () -> pool.of(longs).split(split).reduce((a, b) -> { if (b == bad) throw boom; return a + b; }));
        ops.put("object reduce", () -> pool.of(list).split(split).reduce(0, (a, b) -> { if (b == bad) throw boom; return a + b; }));
        ops.put("anyMatch", () -> pool.of(doubles).split(split).anyMatch(d -> { if (d == bad) throw boom; return false; }));
        ops.put("findFirst after filter", () -> pool.of(boxed).split(split).filter(i -> { if (i == bad) throw boom; return false; }).findFirst());
        ops.put("collect accumulator", () -> pool.range(0, n).split(split).collect(ArrayList::new, (l, i) -> { if (i == bad) throw boom; l.add(i); }, ArrayList::addAll));
        ops.put("collect supplier", () -> pool.of(list).split(split).collect(() -> { throw boom; }, (l, i) -> { }, (a, b) -> { }));
        ops.put("zip int", () -> pool.zip(ints, ints, (a, b) -> { if (a == bad) throw boom; return a; }).split(split).sum());
        ops.put("zip long", () -> pool.zip(longs, longs, (a, b) -> { if (a == bad) throw boom; return a; }).split(split).toArray());
        ops.put("zip double", () -> pool.zip(doubles, doubles, (a, b) -> { if (a == bad) throw boom; return a; }).split(split).min());
        ops.put("zip arrays", () -> pool.zip(boxed, boxed, (a, b) -> { if (a == bad) throw boom; return a; }).split(split).toArray());
        ops.put("zip lists", () -> pool.zip(list, list, (a, b) -> { if (a == bad) throw boom; return a; }).split(split).forEach(x -> { }));
        ops.put("comparator of min", () -> pool.of(list).split(split).min((a, b) -> { if (a == bad || b == bad) throw boom; return a - b; }));
        ops.put("comparator of max", () -> pool.of(boxed).split(split).max(Comparator.comparing(i -> { if (i == bad) throw boom; return i; })));
        ops.put("toArray generator", () -> pool.of(list).split(split).toArray(size -> { throw boom; }));
        ops.put("after skip and limit", () -> pool.of(ints).split(split).filter(i -> i % 2 == 1).skip(5).map(i -> { if (i == bad) throw boom; return i; }).limit(900).toArray());
        for (Map.Entry<String, Executable> op : ops.entrySet()) {
            String ctx = "workers=" + workers + " " + split + " " + op.getKey();
            assertThrowsSame(boom, op.getValue(), ctx);
            assertEquals(0, boom.getSuppressed().length, ctx + ": one throwable, nothing suppressed");
            assertStillWorks(pool, ctx);
        }
        AssertionError error = new AssertionError("an error from a function");
        assertThrowsSame(error, () -> pool.range(0, n).split(split).forEach(i -> {
            if (i == bad) {
                throw error;
            }
        }), "workers=" + workers + " " + split + " an Error");
        assertStillWorks(pool, "after an Error");
    }

    private static int fail(RuntimeException e) {
        throw e;
    }

    @ParameterizedTest(name = "workers={0} {1}")
    @MethodSource("poolsAndSplits")
    void checkedExceptionsAndTheCombinerToo(int workers, Split split) {
        MicroPool pool = POOLS.get(workers);
        IOException checked = new IOException("checked");
        String ctx = "workers=" + workers + " " + split;
        assertThrowsSame(checked, () -> pool.range(0, 100).split(split).forEach(i -> {
            if (i == 42) {
                throw StreamCases.<RuntimeException>sneakyThrow(checked);
            }
        }), ctx + " checked exception");
        int chunks = split.chunkCount(100, workers + 1);
        if (chunks > 1) {
            Boom boom = new Boom("combiner");
            assertThrowsSame(boom, () -> pool.range(0, 100).split(split).collect(ArrayList::new, ArrayList::add, (a, b) -> {
                throw boom;
            }), ctx + " combiner");
        }
        assertStillWorks(pool, ctx);
    }

    static Stream<Arguments> concurrentChunks() {
        return Stream.of(Arguments.of(1, 2), Arguments.of(3, 2), Arguments.of(3, 4));
    }

    /** Every chunk starts, meets the others at a barrier, then throws: one is rethrown, the rest suppressed. */
    @ParameterizedTest(name = "workers={0} chunks={1}")
    @MethodSource("concurrentChunks")
    void laterThrowablesAreSuppressedOnTheFirst(int workers, int chunks) {
        MicroPool pool = POOLS.get(workers);
        int n = 1000;
        Split split = Split.by(chunks);
        for (int round = 0; round < 20; round++) {
            CyclicBarrier barrier = new CyclicBarrier(chunks);
            Map<Integer, Boom> booms = new HashMap<>();
            for (int c = 0; c < chunks; c++) {
                booms.put(split.chunkStart(n, chunks, c), new Boom("chunk " + c));
            }
            Throwable thrown = assertThrows(Throwable.class, () -> pool.range(0, n).split(split).forEach(i -> {
                Boom boom = booms.get(i);
                if (boom != null) {
                    try {
                        barrier.await(10, SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("chunk of " + i + " did not meet the others", e);
                    }
                    throw boom;
                }
            }));
            Set<Throwable> all = new HashSet<>();
            all.add(thrown);
            all.addAll(Arrays.asList(thrown.getSuppressed()));
            assertEquals(new HashSet<>(booms.values()), all, "round " + round + ": the first thrown, the others suppressed on it");
            assertEquals(chunks - 1, thrown.getSuppressed().length, "round " + round);
            assertStillWorks(pool, "round " + round);
        }
    }

    static Stream<Arguments> stoppingChunks() {
        return Stream.of(Arguments.of(1, Split.by(2)), Arguments.of(1, Split.byThreads()),
            Arguments.of(3, Split.byThreads()), Arguments.of(3, Split.by(4)), Arguments.of(3, Split.per(4_000_000)));
    }

    /**
     * The first element of chunk 0 throws once chunk 1 has begun (or after a second, if it has not): chunk 1
     * and the others are running or not started, and must stop. Without that they would test every element
     * of theirs, at least half of the 20 M.
     */
    @ParameterizedTest(name = "workers={0} {1}")
    @MethodSource("stoppingChunks")
    void otherChunksStopAfterAFailure(int workers, Split split) {
        MicroPool pool = POOLS.get(workers);
        int n = 20_000_000;
        int chunks = split.chunkCount(n, workers + 1);
        int secondChunk = split.chunkStart(n, chunks, 1);
        String ctx = "workers=" + workers + " " + split + " chunks=" + chunks;
        for (String op : List.of("forEach", "map.sum", "filter.findFirst", "mapToObj.collect")) {
            LongAdder calls = new LongAdder();
            AtomicBoolean secondStarted = new AtomicBoolean();
            Boom boom = new Boom(op);
            IntConsumer body = i -> {
                calls.increment();
                if (i >= secondChunk) {
                    secondStarted.set(true);
                } else if (i == 0) {
                    long deadline = System.nanoTime() + SECONDS.toNanos(1);
                    while (!secondStarted.get() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    throw boom;
                }
            };
            Executable run = switch (op) {
                case "forEach" -> () -> pool.range(0, n).split(split).forEach(body);
                case "map.sum" -> () -> pool.range(0, n).split(split).map(i -> { body.accept(i); return i; }).sum();
                case "filter.findFirst" -> () -> pool.range(0, n).split(split).filter(i -> { body.accept(i); return false; }).findFirst();
                default -> () -> pool.range(0, n).split(split).mapToObj(i -> { body.accept(i); return i; })
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
            };
            assertThrowsSame(boom, run, ctx + " " + op);
            assertTrue(calls.sum() < n / 2, ctx + " " + op + ": " + calls.sum() + " of " + n + " elements ran");
            assertStillWorks(pool, ctx + " " + op);
        }
    }

    @Test
    void aFailureInANestedOperationReachesTheOuterCaller() {
        MicroPool pool = POOLS.get(3);
        Boom boom = new Boom("nested");
        assertThrowsSame(boom, () -> pool.range(0, 64).split(Split.perItem())
            .map(i -> pool.range(0, 100).map(j -> {
                if (i == 40 && j == 60) {
                    throw boom;
                }
                return j;
            }).sum()).sum(), "nested");
        assertStillWorks(pool, "nested");
        int[] values = pool.range(0, 8).split(Split.perItem()).map(i -> pool.range(0, i).sum()).toArray();
        assertArrayEquals(new int[] {0, 0, 1, 3, 6, 10, 15, 21}, values);
    }

    /** After close() every call runs inline on the caller: streams still work, and still fail as they should. */
    @Test
    void streamsStillRunOnAClosedPool() {
        MicroPool pool = StreamCases.pool(2, "par-failure-closed-");
        pool.close();
        Boom boom = new Boom("closed");
        assertThrowsSame(boom, () -> pool.range(0, 1000).split(Split.per(10)).forEach(i -> {
            if (i == 700) {
                throw boom;
            }
        }), "a closed pool");
        for (Split split : StreamCases.SPLITS) {
            ParIntStream s = pool.range(0, 1000).split(split);
            assertEquals(499_500, s.sum(), split.toString());
            assertEquals(500, s.filter(i -> i >= 500).findFirst().getAsInt(), split.toString());
            assertArrayEquals(IntStream.range(0, 1000).filter(i -> i % 2 == 0 || i > 8).skip(14).limit(10).toArray(),
                s.filter(i -> i % 2 == 0 || i > 8).skip(14).limit(10).toArray(), split.toString());
        }
    }
}
