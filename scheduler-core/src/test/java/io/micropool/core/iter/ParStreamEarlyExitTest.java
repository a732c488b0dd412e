package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;
import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import io.micropool.core.iter.StreamCases.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Early exit: {@code findFirst} returns the first match in source order however the chunks race and never
 * skips an element before it; {@code anyMatch}, {@code allMatch}, {@code noneMatch}, {@code findAny} and
 * {@code findFirst} stop the other chunks instead of running them to the end; and every operation on empty
 * input, with every split, gives the empty answer.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParStreamEarlyExitTest {
    private static final Map<Integer, MicroPool> POOLS = new HashMap<>();

    @BeforeAll
    static void startPools() {
        POOLS.putAll(StreamCases.pools("par-early-exit-"));
    }

    @AfterAll
    static void closePools() {
        StreamCases.closeAll(POOLS);
    }

    // ---- findFirst when the chunk holding the first match is slow -----------------------------------------

    static Stream<Arguments> slowChunks() {
        List<Arguments> cases = new ArrayList<>();
        for (Split split : List.of(Split.by(2), Split.by(4), Split.per(10), Split.perItem(), Split.byThreads())) {
            for (int workers : StreamCases.WORKERS) {
                for (int slowChunk : new int[] {0, 1}) {
                    cases.add(Arguments.of(split, workers, slowChunk));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The first element of chunk {@code slowChunk} takes 50 ms, and the first match is the last element of
     * that chunk; every later chunk matches at once (every index 3 mod 10). The later chunks find their
     * matches long before the slow one, which must still win; and no element before it may be skipped.
     */
    @ParameterizedTest(name = "{0} workers={1} slow chunk {2}")
    @MethodSource("slowChunks")
    void findFirstReturnsTheFirstMatchEvenWhenItsChunkIsSlow(Split split, int workers, int slowChunk) {
        MicroPool pool = POOLS.get(workers);
        int n = 4000;
        int chunks = split.chunkCount(n, workers + 1);
        int chunk = Math.min(slowChunk, chunks - 1);
        int slow = split.chunkStart(n, chunks, chunk);
        int firstMatch = split.chunkStart(n, chunks, chunk + 1) - 1;
        String ctx = split + " workers=" + workers + " chunks=" + chunks + " first match " + firstMatch;
        AtomicIntegerArray tested = new AtomicIntegerArray(n);
        IntPredicate predicate = i -> {
            tested.incrementAndGet(i);
            if (i == slow) {
                StreamCases.sleep(50);
            }
            return i == firstMatch || (i > firstMatch && i % 10 == 3);
        };
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                tested.set(i, 0);
            }
            OptionalInt found = round == 0
                ? pool.range(0, n).split(split).filter(predicate).findFirst()
                : pool.of(List.of(boxed)).split(split).filter(predicate::test).findFirst().map(OptionalInt::of).orElseThrow();
            assertEquals(OptionalInt.of(firstMatch), found, ctx + " round " + round);
            for (int i = 0; i <= firstMatch; i++) {
                assertEquals(1, tested.get(i), ctx + " round " + round + ": element " + i + " tested once");
            }
        }
    }

    /** A match found early in a later chunk must not stop an earlier chunk before its own (earlier) match. */
    @ParameterizedTest(name = "{0} workers={1} slow chunk {2}")
    @MethodSource("slowChunks")
    void aLaterMatchNeverSkipsAnEarlierElement(Split split, int workers, int slowChunk) {
        MicroPool pool = POOLS.get(workers);
        int n = 1000;
        Random random = new Random(StreamCases.seed(split + "/" + workers + "/" + slowChunk));
        for (int round = 0; round < 20; round++) {
            int firstMatch = random.nextInt(n);
            AtomicIntegerArray tested = new AtomicIntegerArray(n);
            OptionalInt found = pool.range(0, n).split(split).filter(i -> {
                tested.incrementAndGet(i);
                return i >= firstMatch && (i == firstMatch || i % 7 == slowChunk);
            }).findFirst();
            assertEquals(OptionalInt.of(firstMatch), found, split + " workers=" + workers + " round " + round);
            for (int i = 0; i <= firstMatch; i++) {
                assertEquals(1, tested.get(i), split + " workers=" + workers + ": element " + i + " before the match " + firstMatch);
            }
        }
    }

    // ---- the other chunks stop -----------------------------------------------------------------------------

    static Stream<Arguments> bigRanges() {
        return Stream.of(Arguments.of(Split.by(2), 1), Arguments.of(Split.byThreads(), 1),
            Arguments.of(Split.byThreads(), 3), Arguments.of(Split.by(4), 3), Arguments.of(Split.by(3), 0));
    }

    /**
     * 50 M elements; the only match is 1000 elements into the last chunk. Without early exit every chunk
     * runs to its end (all 50 M elements); if only the matching chunk stopped, the others would still run
     * theirs, at least half of the elements. With early exit each op tests far fewer than half. (With no
     * worker the chunks run one after the other, the last one last: only the check of the result remains.)
     */
    @ParameterizedTest(name = "{0} workers={1}")
    @MethodSource("bigRanges")
    void matchesAndFindsStopEveryChunk(Split split, int workers) {
        MicroPool pool = POOLS.get(workers);
        int n = 50_000_000;
        int chunks = split.chunkCount(n, workers + 1);
        int target = split.chunkStart(n, chunks, chunks - 1) + 1000;
        String ctx = split + " workers=" + workers + " chunks=" + chunks + " target " + target;
        LongAdder calls = new LongAdder();
        IntPredicate isTarget = i -> {
            calls.increment();
            return i == target;
        };
        Map<String, ToLongFunction<ParIntStream>> ops = new java.util.LinkedHashMap<>();
        ops.put("anyMatch", s -> s.anyMatch(isTarget) ? 1 : 0);
        ops.put("allMatch", s -> s.allMatch(isTarget.negate()) ? 0 : 1);
        ops.put("noneMatch", s -> s.noneMatch(isTarget) ? 0 : 1);
        ops.put("findAny", s -> s.filter(isTarget).findAny().orElse(-1) == target ? 1 : 0);
        ops.put("asLongStream.anyMatch", s -> s.asLongStream().anyMatch(v -> isTarget.test((int) v)) ? 1 : 0);
        ops.put("asDoubleStream.anyMatch", s -> s.asDoubleStream().anyMatch(v -> isTarget.test((int) v)) ? 1 : 0);
        ops.put("mapToObj.findAny", s -> s.mapToObj(i -> i).filter(isTarget::test).findAny().orElse(-1) == target ? 1 : 0);
        for (Map.Entry<String, ToLongFunction<ParIntStream>> op : ops.entrySet()) {
            calls.reset();
            assertEquals(1, op.getValue().applyAsLong(pool.range(0, n).split(split)), ctx + " " + op.getKey() + ": result");
            if (workers > 0) {
                assertTrue(calls.sum() < n / 2, ctx + " " + op.getKey() + ": tested " + calls.sum() + " of " + n);
            }
        }
        calls.reset();
        int early = 1000;
        assertEquals(OptionalInt.of(early), pool.range(0, n).split(split).filter(i -> {
            calls.increment();
            return i == early || i == target;
        }).findFirst(), ctx + " findFirst");
        assertTrue(calls.sum() < n / 2, ctx + " findFirst: tested " + calls.sum() + " of " + n);
    }

    /**
     * A skip/limit after a filter buffers at most {@code skip + limit} elements per chunk: a chunk that has
     * them stops, instead of running the filter over the rest of its 10 M elements.
     */
    @ParameterizedTest(name = "{0} workers={1}")
    @MethodSource("bigRanges")
    void aLimitAfterAFilterStopsEachChunkOnceItHasEnough(Split split, int workers) {
        MicroPool pool = POOLS.get(workers);
        int n = 20_000_000;
        LongAdder calls = new LongAdder();
        ParIntStream everyThird = pool.range(0, n).split(split).filter(i -> {
            calls.increment();
            return i % 3 == 0;
        });
        assertArrayEquals(new int[] {30, 33, 36, 39, 42}, everyThird.skip(10).limit(5).toArray(), split + " workers=" + workers);
        assertTrue(calls.sum() < n / 2, split + " workers=" + workers + ": filtered " + calls.sum() + " of " + n);
        calls.reset();
        assertEquals(OptionalInt.of(9), everyThird.limit(4).max(), split + " workers=" + workers);
        assertTrue(calls.sum() < n / 2, split + " workers=" + workers + ": filtered " + calls.sum() + " of " + n);
    }

    // ---- empty input ---------------------------------------------------------------------------------------

    static Stream<Arguments> emptyCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int workers : StreamCases.WORKERS) {
            for (Source source : StreamCases.SOURCES) {
                for (Split split : StreamCases.SPLITS) {
                    for (boolean filtered : new boolean[] {false, true}) {
                        cases.add(Arguments.of(source, split, workers, filtered));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Every operation on an empty source, or on a non-empty one filtered to nothing (the Rust crate aborted
     * on find_first over empty input with a per-item split).
     */
    @ParameterizedTest(name = "{0} {1} workers={2} filtered={3}")
    @MethodSource("emptyCases")
    void everyOperationOnNothing(Source source, Split split, int workers, boolean filtered) {
        Object stream = source.maker().make(POOLS.get(workers), filtered ? 100 : 0, new Random(1)).stream();
        String ctx = source + " " + split + " workers=" + workers + (filtered ? " filtered to nothing" : " empty");
        AtomicInteger called = new AtomicInteger();
        switch (source.kind()) {
            case INT -> {
                ParIntStream s = ((ParIntStream) stream).split(split);
                ParIntStream e = filtered ? s.filter(v -> false) : s;
                e.forEach(v -> called.incrementAndGet());
                e.peek(v -> called.incrementAndGet()).map(v -> called.incrementAndGet()).forEach(v -> called.incrementAndGet());
                assertEquals(0, e.sum(), ctx);
                assertEquals(OptionalInt.empty(), e.min(), ctx);
                assertEquals(OptionalInt.empty(), e.max(), ctx);
                assertEquals(0, e.count(), ctx);
                assertEquals(OptionalDouble.empty(), e.average(), ctx);
                assertEquals(17, e.reduce(17, (a, b) -> a + b - 17), ctx);
                assertEquals(OptionalInt.empty(), e.reduce((a, b) -> called.incrementAndGet()), ctx);
                assertFalse(e.anyMatch(v -> called.incrementAndGet() > 0), ctx);
                assertTrue(e.allMatch(v -> called.incrementAndGet() < 0), ctx);
                assertTrue(e.noneMatch(v -> called.incrementAndGet() > 0), ctx);
                assertEquals(OptionalInt.empty(), e.findFirst(), ctx);
                assertEquals(OptionalInt.empty(), e.findAny(), ctx);
                assertEquals(OptionalInt.empty(), e.skip(3).limit(2).findFirst(), ctx);
                assertArrayEquals(new int[0], e.toArray(), ctx);
                assertEquals(0, e.toArray(new int[0]), ctx);
                assertEquals(List.of(), e.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), ctx);
                assertEquals(Optional.empty(), e.mapToObj(v -> v).findFirst(), ctx);
                assertEquals(0L, e.asLongStream().sum(), ctx);
            }
            case LONG -> {
                ParLongStream s = ((ParLongStream) stream).split(split);
                ParLongStream e = filtered ? s.filter(v -> false) : s;
                e.forEach(v -> called.incrementAndGet());
                assertEquals(0, e.sum(), ctx);
                assertEquals(OptionalLong.empty(), e.min(), ctx);
                assertEquals(OptionalLong.empty(), e.max(), ctx);
                assertEquals(0, e.count(), ctx);
                assertEquals(OptionalDouble.empty(), e.average(), ctx);
                assertEquals(17, e.reduce(17, (a, b) -> a + b - 17), ctx);
                assertEquals(OptionalLong.empty(), e.reduce((a, b) -> called.incrementAndGet()), ctx);
                assertFalse(e.anyMatch(v -> called.incrementAndGet() > 0), ctx);
                assertTrue(e.allMatch(v -> called.incrementAndGet() < 0), ctx);
                assertTrue(e.noneMatch(v -> called.incrementAndGet() > 0), ctx);
                assertEquals(OptionalLong.empty(), e.findFirst(), ctx);
                assertEquals(OptionalLong.empty(), e.findAny(), ctx);
                assertArrayEquals(new long[0], e.toArray(), ctx);
                assertEquals(0, e.toArray(new long[0]), ctx);
                assertEquals(List.of(), e.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), ctx);
            }
            case DOUBLE -> {
                ParDoubleStream s = ((ParDoubleStream) stream).split(split);
                ParDoubleStream e = filtered ? s.filter(v -> false) : s;
                e.forEach(v -> called.incrementAndGet());
                assertEquals(0.0, e.sum(), ctx);
                assertEquals(OptionalDouble.empty(), e.min(), ctx);
                assertEquals(OptionalDouble.empty(), e.max(), ctx);
                assertEquals(0, e.count(), ctx);
                assertEquals(OptionalDouble.empty(), e.average(), ctx);
                assertEquals(17.5, e.reduce(17.5, (a, b) -> a + b - 17.5), ctx);
                assertEquals(OptionalDouble.empty(), e.reduce((a, b) -> called.incrementAndGet()), ctx);
                assertFalse(e.anyMatch(v -> called.incrementAndGet() > 0), ctx);
                assertTrue(e.allMatch(v -> called.incrementAndGet() < 0), ctx);
                assertTrue(e.noneMatch(v -> called.incrementAndGet() > 0), ctx);
                assertEquals(OptionalDouble.empty(), e.findFirst(), ctx);
                assertEquals(OptionalDouble.empty(), e.findAny(), ctx);
                assertArrayEquals(new double[0], e.toArray(), ctx);
                assertEquals(0, e.toArray(new double[0]), ctx);
                assertEquals(List.of(), e.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), ctx);
            }
            default -> {
                @SuppressWarnings("unchecked")
                ParStream<String> s = ((ParStream<String>) stream).split(split);
                ParStream<String> e = filtered ? s.filter(v -> false) : s;
                e.forEach(v -> called.incrementAndGet());
                assertEquals(0, e.count(), ctx);
                assertEquals(Optional.empty(), e.min((a, b) -> called.incrementAndGet()), ctx);
                assertEquals(Optional.empty(), e.max((a, b) -> called.incrementAndGet()), ctx);
                assertEquals("", e.reduce("", String::concat), ctx);
                assertEquals(Optional.empty(), e.reduce((a, b) -> "x" + called.incrementAndGet()), ctx);
                assertFalse(e.anyMatch(v -> called.incrementAndGet() > 0), ctx);
                assertTrue(e.allMatch(v -> called.incrementAndGet() < 0), ctx);
                assertTrue(e.noneMatch(v -> called.incrementAndGet() > 0), ctx);
                assertEquals(Optional.empty(), e.findFirst(), ctx);
                assertEquals(Optional.empty(), e.findAny(), ctx);
                assertEquals(Optional.empty(), e.map(v -> v + "!").skip(1).findFirst(), ctx);
                assertArrayEquals(new Object[0], e.toArray(), ctx);
                assertArrayEquals(new String[0], e.toArray(String[]::new), ctx);
                assertEquals(List.of(), e.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), ctx);
                assertEquals(0, e.mapToInt(String::length).sum(), ctx);
            }
        }
        assertEquals(0, called.get(), ctx + ": no function may see an element");
    }
}
