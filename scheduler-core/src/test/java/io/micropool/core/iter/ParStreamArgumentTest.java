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
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Bad arguments throw at the call, before anything runs: {@code null} functions, arrays and lists throw
 * {@link NullPointerException}, negative counts and bad splits {@link IllegalArgumentException}, slices
 * outside their array {@link IndexOutOfBoundsException}, and zipped sources of different lengths
 * {@link IllegalArgumentException}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParStreamArgumentTest {
    private static MicroPool pool;

    @BeforeAll
    static void startPool() {
        pool = StreamCases.pool(1, "par-argument-");
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    /** Counts the elements that reach any function: a rejected call must not run one. */
    private final AtomicInteger ran = new AtomicInteger();

    private void assertRejected(Class<? extends Throwable> type, Map<String, Executable> calls) {
        assertAll(calls.entrySet().stream().map(call -> (Executable) () -> {
            ran.set(0);
            assertThrows(type, call.getValue(), call.getKey());
            assertEquals(0, ran.get(), call.getKey() + ": nothing may run");
        }));
    }

    private ParIntStream ints() {
        return pool.range(0, 100).peek(v -> ran.incrementAndGet());
    }

    private ParLongStream longs() {
        return pool.of(new long[] {1, 2, 3, 4, 5, 6, 7}).peek(v -> ran.incrementAndGet());
    }

    private ParDoubleStream doubles() {
        return pool.of(new double[] {1, 2, 3, 4, 5}).peek(v -> ran.incrementAndGet());
    }

    private ParStream<String> objects() {
        return pool.of(List.of("a", "b", "c", "d")).peek(v -> ran.incrementAndGet());
    }

    @Test
    void nullFunctionsOfIntStreams() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("map", () -> ints().map(null));
        calls.put("mapToLong", () -> ints().mapToLong(null));
        calls.put("mapToDouble", () -> ints().mapToDouble(null));
        calls.put("mapToObj", () -> ints().mapToObj(null));
        calls.put("filter", () -> ints().filter(null));
        calls.put("peek", () -> ints().peek(null));
        calls.put("split", () -> ints().split(null));
        calls.put("forEach", () -> ints().forEach(null));
        calls.put("reduce(identity, op)", () -> ints().reduce(0, null));
        calls.put("reduce(op)", () -> ints().reduce(null));
        calls.put("anyMatch", () -> ints().anyMatch(null));
        calls.put("allMatch", () -> ints().allMatch(null));
        calls.put("noneMatch", () -> ints().noneMatch(null));
        calls.put("toArray(null)", () -> ints().toArray(null));
        calls.put("filter.toArray(null)", () -> ints().filter(v -> true).toArray(null));
        calls.put("collect(null, ..)", () -> ints().collect(null, (l, v) -> { }, (a, b) -> { }));
        calls.put("collect(.., null, ..)", () -> ints().collect(ArrayList::new, null, (a, b) -> { }));
        calls.put("collect(.., null)", () -> ints().collect(ArrayList::new, (l, v) -> { }, null));
        assertRejected(NullPointerException.class, calls);
    }

    @Test
    void nullFunctionsOfLongStreams() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("map", () -> longs().map(null));
        calls.put("mapToInt", () -> longs().mapToInt(null));
        calls.put("mapToDouble", () -> longs().mapToDouble(null));
        calls.put("mapToObj", () -> longs().mapToObj(null));
        calls.put("filter", () -> longs().filter(null));
        calls.put("peek", () -> longs().peek(null));
        calls.put("split", () -> longs().split(null));
        calls.put("forEach", () -> longs().forEach(null));
        calls.put("reduce(identity, op)", () -> longs().reduce(0, null));
        calls.put("reduce(op)", () -> longs().reduce(null));
        calls.put("anyMatch", () -> longs().anyMatch(null));
        calls.put("allMatch", () -> longs().allMatch(null));
        calls.put("noneMatch", () -> longs().noneMatch(null));
        calls.put("toArray(null)", () -> longs().toArray(null));
        calls.put("collect(null, ..)", () -> longs().collect(null, (l, v) -> { }, (a, b) -> { }));
        calls.put("collect(.., null, ..)", () -> longs().collect(ArrayList::new, null, (a, b) -> { }));
        calls.put("collect(.., null)", () -> longs().collect(ArrayList::new, (l, v) -> { }, null));
        assertRejected(NullPointerException.class, calls);
    }

    @Test
    void nullFunctionsOfDoubleStreams() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("map", () -> doubles().map(null));
        calls.put("mapToInt", () -> doubles().mapToInt(null));
        calls.put("mapToLong", () -> doubles().mapToLong(null));
        calls.put("mapToObj", () -> doubles().mapToObj(null));
        calls.put("filter", () -> doubles().filter(null));
        calls.put("peek", () -> doubles().peek(null));
        calls.put("split", () -> doubles().split(null));
        calls.put("forEach", () -> doubles().forEach(null));
        calls.put("reduce(identity, op)", () -> doubles().reduce(0, null));
        calls.put("reduce(op)", () -> doubles().reduce(null));
        calls.put("anyMatch", () -> doubles().anyMatch(null));
        calls.put("allMatch", () -> doubles().allMatch(null));
        calls.put("noneMatch", () -> doubles().noneMatch(null));
        calls.put("toArray(null)", () -> doubles().toArray(null));
        calls.put("collect(null, ..)", () -> doubles().collect(null, (l, v) -> { }, (a, b) -> { }));
        calls.put("collect(.., null, ..)", () -> doubles().collect(ArrayList::new, null, (a, b) -> { }));
        calls.put("collect(.., null)", () -> doubles().collect(ArrayList::new, (l, v) -> { }, null));
        assertRejected(NullPointerException.class, calls);
    }

    @Test
    void nullFunctionsOfObjectStreams() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("map", () -> objects().map(null));
        calls.put("mapToInt", () -> objects().mapToInt(null));
        calls.put("mapToLong", () -> objects().mapToLong(null));
        calls.put("mapToDouble", () -> objects().mapToDouble(null));
        calls.put("filter", () -> objects().filter(null));
        calls.put("peek", () -> objects().peek(null));
        calls.put("split", () -> objects().split(null));
        calls.put("forEach", () -> objects().forEach(null));
        calls.put("min", () -> objects().min(null));
        calls.put("max", () -> objects().max(null));
        calls.put("reduce(identity, op)", () -> objects().reduce("", null));
        calls.put("reduce(op)", () -> objects().reduce(null));
        calls.put("anyMatch", () -> objects().anyMatch(null));
        calls.put("allMatch", () -> objects().allMatch(null));
        calls.put("noneMatch", () -> objects().noneMatch(null));
        calls.put("toArray(null)", () -> objects().toArray(null));
        calls.put("collect(null, ..)", () -> objects().collect(null, (l, v) -> { }, (a, b) -> { }));
        calls.put("collect(.., null, ..)", () -> objects().collect(ArrayList::new, null, (a, b) -> { }));
        calls.put("collect(.., null)", () -> objects().collect(ArrayList::new, (l, v) -> { }, null));
        assertRejected(NullPointerException.class, calls);
    }

    @Test
    void negativeSkipAndLimit() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("int skip", () -> ints().skip(-1));
        calls.put("int limit", () -> ints().limit(-1));
        calls.put("int filter.skip", () -> ints().filter(v -> true).skip(Long.MIN_VALUE));
        calls.put("long skip", () -> longs().skip(-5));
        calls.put("long limit", () -> longs().filter(v -> true).limit(-1));
        calls.put("double skip", () -> doubles().skip(-1));
        calls.put("double limit", () -> doubles().limit(Long.MIN_VALUE));
        calls.put("object skip", () -> objects().skip(-1));
        calls.put("object limit", () -> objects().map(v -> v).limit(-1));
        assertRejected(IllegalArgumentException.class, calls);
        assertEquals(0, ints().skip(0).limit(0).count());
        assertEquals(100, ints().skip(0).limit(Long.MAX_VALUE).count());
        assertEquals(0, ints().skip(Long.MAX_VALUE).count());
        assertEquals(0, ints().filter(v -> true).skip(Long.MAX_VALUE).limit(Long.MAX_VALUE).count());
        assertEquals(99, ints().filter(v -> true).skip(1).limit(Long.MAX_VALUE).count());
    }

    @Test
    void badSplits() {
        assertAll(
            () -> assertThrows(IllegalArgumentException.class, () -> Split.by(0)),
            () -> assertThrows(IllegalArgumentException.class, () -> Split.by(-3)),
            () -> assertThrows(IllegalArgumentException.class, () -> Split.per(0)),
            () -> assertThrows(IllegalArgumentException.class, () -> Split.per(Integer.MIN_VALUE)),
            () -> assertSame(Split.perItem(), Split.per(1), "per(1) is perItem()"),
            () -> assertEquals(Split.by(3), Split.by(3)));
    }

    @Test
    void slicesOutsideTheArray() {
        int[] ints = new int[10];
        long[] longs = new long[10];
        double[] doubles = new double[10];
        String[] strings = new String[10];
        int[][] bad = {{-1, 2}, {0, 11}, {2, -1}, {10, 1}, {11, 0}, {5, Integer.MAX_VALUE}, {Integer.MAX_VALUE, 2}};
        Map<String, Executable> calls = new LinkedHashMap<>();
        for (int[] b : bad) {
            String slice = "(" + b[0] + ", " + b[1] + ")";
            calls.put("int" + slice, () -> pool.of(ints, b[0], b[1]));
            calls.put("long" + slice, () -> pool.of(longs, b[0], b[1]));
            calls.put("double" + slice, () -> pool.of(doubles, b[0], b[1]));
            calls.put("object" + slice, () -> pool.of(strings, b[0], b[1]));
        }
        assertRejected(IndexOutOfBoundsException.class, calls);
        assertEquals(0, pool.of(ints, 10, 0).count(), "an empty slice at the end");
        assertEquals(0, pool.of(longs, 0, 0).count());
        assertEquals(3, pool.of(doubles, 7, 3).count());
        assertEquals(10, pool.of(strings, 0, 10).count());
    }

    @Test
    void nullSources() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("of(int[])", () -> pool.of((int[]) null));
        calls.put("of(int[], 0, 0)", () -> pool.of((int[]) null, 0, 0));
        calls.put("of(long[])", () -> pool.of((long[]) null));
        calls.put("of(long[], 0, 0)", () -> pool.of((long[]) null, 0, 0));
        calls.put("of(double[])", () -> pool.of((double[]) null));
        calls.put("of(double[], 0, 0)", () -> pool.of((double[]) null, 0, 0));
        calls.put("of(T[])", () -> pool.of((String[]) null));
        calls.put("of(T[], 0, 0)", () -> pool.of((String[]) null, 0, 0));
        calls.put("of(List)", () -> pool.of((List<String>) null));
        int[] i = {1};
        long[] l = {1};
        double[] d = {1};
        String[] s = {"a"};
        List<String> list = List.of("a");
        calls.put("zip(null, int[])", () -> pool.zip(null, i, Integer::sum));
        calls.put("zip(int[], null)", () -> pool.zip(i, null, Integer::sum));
        calls.put("zip(int[], int[], null)", () -> pool.zip(i, i, (IntBinaryOperator) null));
        calls.put("zip(null, long[])", () -> pool.zip(null, l, Long::sum));
        calls.put("zip(long[], null)", () -> pool.zip(l, null, Long::sum));
        calls.put("zip(long[], long[], null)", () -> pool.zip(l, l, (LongBinaryOperator) null));
        calls.put("zip(null, double[])", () -> pool.zip(null, d, Double::sum));
        calls.put("zip(double[], null)", () -> pool.zip(d, null, Double::sum));
        calls.put("zip(double[], double[], null)", () -> pool.zip(d, d, (DoubleBinaryOperator) null));
        calls.put("zip(null, T[])", () -> pool.zip((String[]) null, s, String::concat));
        calls.put("zip(T[], null)", () -> pool.zip(s, (String[]) null, String::concat));
        calls.put("zip(T[], T[], null)", () -> pool.zip(s, s, (BiFunction<String, String, String>) null));
        calls.put("zip(null, List)", () -> pool.zip((List<String>) null, list, String::concat));
        calls.put("zip(List, null)", () -> pool.zip(list, (List<String>) null, String::concat));
        calls.put("zip(List, List, null)", () -> pool.zip(list, list, (BiFunction<String, String, String>) null));
        assertRejected(NullPointerException.class, calls);
    }

    @Test
    void zippedSourcesOfDifferentLengths() {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("int", () -> pool.zip(new int[3], new int[4], Integer::sum));
        calls.put("long", () -> pool.zip(new long[0], new long[1], Long::sum));
        calls.put("double", () -> pool.zip(new double[5], new double[2], Double::sum));
        calls.put("arrays", () -> pool.zip(new String[2], new Integer[3], (a, b) -> a));
        calls.put("lists", () -> pool.zip(List.of("a"), List.of(), (a, b) -> a));
        calls.put("linked lists", () -> pool.zip(new LinkedList<>(List.of(1, 2)), new LinkedList<>(List.of(1)), (a, b) -> a));
        assertRejected(IllegalArgumentException.class, calls);

        List<String> a = new ArrayList<>(List.of("a", "b"));
        List<String> b = new LinkedList<>(List.of("x", "y"));
        ParStream<String> zipped = pool.zip(a, b, String::concat).peek(v -> ran.incrementAndGet());
        assertEquals(List.of("ax", "by"), Arrays.asList(zipped.toArray()));
        b.add("z");
        ran.set(0);
        assertThrows(IllegalArgumentException.class, zipped::toArray, "the sizes are checked again when an operation runs");
        assertThrows(IllegalArgumentException.class, () -> zipped.forEach(v -> { }));
        assertEquals(0, ran.get(), "checked before anything runs");
        a.add("c");
        assertEquals(List.of("ax", "by", "cz"), Arrays.asList(zipped.toArray()));
    }

    @Test
    void rangesThatAreEmptyOrTooLong() {
        assertEquals(0, pool.range(5, 3).count(), "range(5, 3) is empty");
        assertEquals(0, pool.range(5, 3).sum());
        assertEquals(0, pool.range(5, 3).toArray().length);
        assertEquals(0, pool.range(5, 5).count());
        assertEquals(0, pool.range(Integer.MAX_VALUE, Integer.MIN_VALUE).count());
        assertTrue(pool.range(7, 3).noneMatch(v -> true));
        assertEquals(Integer.MAX_VALUE, pool.range(0, Integer.MAX_VALUE).count(), "the longest range");
        assertEquals(Integer.MAX_VALUE, pool.range(Integer.MIN_VALUE, -1).count());
        assertEquals(Integer.MAX_VALUE - 2, pool.range(Integer.MAX_VALUE - 2, Integer.MAX_VALUE).findFirst().getAsInt());
        assertEquals(Integer.MAX_VALUE - 1, pool.range(Integer.MAX_VALUE - 2, Integer.MAX_VALUE).max().getAsInt());
        assertEquals(Integer.MIN_VALUE + 1, pool.range(Integer.MIN_VALUE, Integer.MIN_VALUE + 2).max().getAsInt());
        assertThrows(IllegalArgumentException.class, () -> pool.range(-1, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> pool.range(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** Null elements are fine until a result would be null: then NullPointerException, as Stream has it. */
    @Test
    void nullElementsPassThroughUntilAResultWouldBeNull() {
        String[] withNulls = {null, "a", null, "b"};
        for (Split split : StreamCases.SPLITS) {
            ParStream<String> s = pool.of(withNulls).split(split);
            assertEquals(4, s.count());
            assertEquals(Arrays.asList(withNulls), s.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), split.toString());
            assertEquals(2, s.filter(v -> v == null).count(), split.toString());
            assertArrayEquals(withNulls, s.toArray(), split.toString());
            assertThrows(NullPointerException.class, s::findFirst, split + ": findFirst of a null first element");
            assertThrows(NullPointerException.class, () -> s.min(Comparator.nullsFirst(Comparator.<String>naturalOrder())), split.toString());
            assertEquals("b", s.max(Comparator.nullsFirst(Comparator.<String>naturalOrder())).orElseThrow(), split.toString());
            assertEquals("a", s.filter(v -> v != null).findFirst().orElseThrow(), split.toString());
        }
    }

    /** As {@code Stream.toArray}: a generator that makes an array of another length is an error. */
    @Test
    void aGeneratorOfTheWrongLengthIsRejected() {
        assertThrows(IllegalStateException.class, () -> pool.range(0, 10).mapToObj(i -> i).toArray(n -> new Integer[n - 1]));
        assertThrows(IllegalStateException.class, () -> pool.range(0, 10).mapToObj(i -> i).toArray(n -> new Integer[n + 1]));
        assertThrows(IllegalStateException.class,
            () -> pool.range(0, 10).mapToObj(i -> i).filter(i -> i > 2).toArray(n -> new Integer[n + 1]));
        assertEquals(7, pool.range(0, 10).mapToObj(i -> i).filter(i -> i > 2).toArray(Integer[]::new).length);
    }
}
