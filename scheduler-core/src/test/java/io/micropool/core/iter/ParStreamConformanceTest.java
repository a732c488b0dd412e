package io.micropool.core.iter;

import io.micropool.api.ParDoubleStream;
import io.micropool.api.ParIntStream;
import io.micropool.api.ParLongStream;
import io.micropool.api.ParStream;
import io.micropool.api.Split;
import io.micropool.core.MicroPool;
import io.micropool.testing.ThreadDumpOnTimeout;
import io.micropool.core.iter.StreamCases.Bag;
import io.micropool.core.iter.StreamCases.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.micropool.core.iter.StreamCases.assertClose;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Every terminal operation and adaptor of the four stream types, on every source, split, size and pool
 * size, against {@code java.util.stream} run sequentially on the same input (in the manner of the test
 * suite of the Rust crate paralight). Each case prints its seed; the input depends only on the source and
 * the size, so one seed reproduces a failure on every split and pool. What random input does not reach
 * (reuse, concurrency, nesting, numeric and chunking corner cases) is in {@link ParStreamSpecialCasesTest}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParStreamConformanceTest {
    private static final Map<Integer, MicroPool> POOLS = new HashMap<>();

    @BeforeAll
    static void startPools() {
        POOLS.putAll(StreamCases.pools("par-conformance-"));
    }

    @AfterAll
    static void closePools() {
        StreamCases.closeAll(POOLS);
    }

    record Case(Source source, int size, Split split, int workers) {
        long seed() {
            return StreamCases.seed(source.name() + "/" + size);
        }

        @Override
        public String toString() {
            return source + " n=" + size + " " + split + " workers=" + workers;
        }
    }

    /** The (workers, split) pairs at 100 000 elements: one chunk per thread and many chunks, on both pools with workers. */
    private static final Set<String> BIG = Set.of("1 " + Split.byThreads(), "3 " + Split.byThreads(), "3 " + Split.per(16), "1 " + Split.per(1024));

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int workers : StreamCases.WORKERS) {
            for (Source source : StreamCases.SOURCES) {
                for (int size : StreamCases.SIZES) {
                    for (Split split : StreamCases.SPLITS) {
                        if (size < 100_000 || BIG.contains(workers + " " + split)) {
                            cases.add(new Case(source, size, split, workers));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithSequentialStreams(Case c) {
        StreamCases.Fixture f = c.source.maker().make(POOLS.get(c.workers), c.size, new Random(c.seed()));
        String ctx = c + " (seed " + c.seed() + ")";
        switch (c.source.kind()) {
            case INT -> ints(((ParIntStream) f.stream()).split(c.split), (int[]) f.expected(), ctx);
            case LONG -> longs(((ParLongStream) f.stream()).split(c.split), (long[]) f.expected(), ctx);
            case DOUBLE -> doubles(((ParDoubleStream) f.stream()).split(c.split), (double[]) f.expected(), ctx);
            default -> {
                @SuppressWarnings("unchecked")
                ParStream<String> s = (ParStream<String>) f.stream();
                objects(s.split(c.split), (String[]) f.expected(), ctx);
            }
        }
    }

    /** Skip/limit counts: none, one, half, all but one, all, more than all (at 100 000 not the 3rd and 4th). */
    private static long[] cuts(int n) {
        return n >= 100_000 ? new long[] {0, 1, n / 2, n + 5L}
            : LongStream.of(0, 1, n / 2, Math.max(0, n - 1), n, n + 5L).distinct().toArray();
    }

    // ---- int ----------------------------------------------------------------------------------------------

    private static void ints(ParIntStream s, int[] e, String c) {
        int n = e.length;
        String all = Bag.of(IntStream.of(e).asLongStream());
        Bag seen = new Bag();
        s.forEach(seen::add);
        assertEquals(all, seen.toString(), c + " forEach, each element once");
        assertEquals(IntStream.of(e).sum(), s.sum(), c + " sum");
        assertEquals(IntStream.of(e).min(), s.min(), c + " min");
        assertEquals(IntStream.of(e).max(), s.max(), c + " max");
        assertEquals(n, s.count(), c + " count");
        assertClose(IntStream.of(e).average(), s.average(), 1, c + " average");
        assertEquals(IntStream.of(e).map(StreamCases::toAffine).reduce(StreamCases.AFFINE_ID, StreamCases::affine),
            s.map(StreamCases::toAffine).reduce(StreamCases.AFFINE_ID, StreamCases::affine), c + " reduce(identity, affine)");
        assertEquals(IntStream.of(e).map(StreamCases::toAffine).reduce(StreamCases::affine),
            s.map(StreamCases::toAffine).reduce(StreamCases::affine), c + " reduce(affine)");
        assertEquals(IntStream.of(e).findFirst(), s.findFirst(), c + " findFirst");
        s.findAny().ifPresentOrElse(v -> assertTrue(IntStream.of(e).anyMatch(x -> x == v), c + " findAny " + v),
            () -> assertEquals(0, n, c + " findAny empty"));
        assertArrayEquals(e, s.toArray(), c + " toArray");
        int[] into = new int[n + 3];
        Arrays.fill(into, 0x5EED);
        assertEquals(n, s.toArray(into), c + " toArray(destination)");
        assertArrayEquals(IntStream.concat(IntStream.of(e), IntStream.of(0x5EED, 0x5EED, 0x5EED)).toArray(), into,
            c + " toArray(destination) writes from 0 and nothing after");
        for (ParIntStream t : n == 0 ? List.<ParIntStream>of() : List.of(s, s.filter(v -> true), s.map(v -> v))) {
            int[] tooShort = IntStream.range(0, n - 1).map(i -> 0x5EED).toArray();
            StreamCases.assertWritesNothing(tooShort, () -> t.toArray(tooShort), c);
        }
        assertEquals(IntStream.of(e).boxed().toList(), s.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), c + " collect");

        int first = n > 0 ? e[0] : 0;
        int last = n > 0 ? e[n - 1] : 0;
        int middle = n > 0 ? e[n / 2] : 0;
        Map<String, IntPredicate> predicates = Map.of("true", v -> true, "false", v -> false, "=first", v -> v == first,
            "=last", v -> v == last, "=middle", v -> v == middle, "%7", v -> v % 7 == 0);
        predicates.forEach((name, p) -> {
            String pc = c + " [" + name + "]";
            assertEquals(IntStream.of(e).anyMatch(p), s.anyMatch(p), pc + " anyMatch");
            assertEquals(IntStream.of(e).allMatch(p), s.allMatch(p), pc + " allMatch");
            assertEquals(IntStream.of(e).allMatch(p.negate()), s.allMatch(p.negate()), pc + " allMatch(negated)");
            assertEquals(IntStream.of(e).noneMatch(p), s.noneMatch(p), pc + " noneMatch");
            assertEquals(IntStream.of(e).filter(p).findFirst(), s.filter(p).findFirst(), pc + " filter.findFirst");
            s.filter(p).findAny().ifPresentOrElse(v -> assertTrue(p.test(v) && IntStream.of(e).anyMatch(x -> x == v), pc + " findAny " + v),
                () -> assertTrue(IntStream.of(e).noneMatch(p), pc + " findAny empty"));
            assertEquals(IntStream.of(e).filter(p).count(), s.filter(p).count(), pc + " filter.count");
            assertArrayEquals(IntStream.of(e).filter(p).toArray(), s.filter(p).toArray(), pc + " filter.toArray");
        });

        assertArrayEquals(IntStream.of(e).map(v -> v * 3 + 1).toArray(), s.map(v -> v * 3 + 1).toArray(), c + " map");
        assertArrayEquals(IntStream.of(e).mapToLong(v -> (long) v * v).toArray(), s.mapToLong(v -> (long) v * v).toArray(), c + " mapToLong");
        assertArrayEquals(IntStream.of(e).mapToDouble(v -> v / 3.0).toArray(), s.mapToDouble(v -> v / 3.0).toArray(), c + " mapToDouble");
        assertArrayEquals(IntStream.of(e).mapToObj(Integer::toString).toArray(), s.mapToObj(Integer::toString).toArray(), c + " mapToObj");
        assertArrayEquals(IntStream.of(e).asLongStream().toArray(), s.asLongStream().toArray(), c + " asLongStream");
        assertEquals(IntStream.of(e).asLongStream().sum(), s.asLongStream().sum(), c + " asLongStream.sum");
        assertArrayEquals(IntStream.of(e).asDoubleStream().toArray(), s.asDoubleStream().toArray(), c + " asDoubleStream");
        assertClose(IntStream.of(e).asDoubleStream().sum(), s.asDoubleStream().sum(), n * 2e9, c + " asDoubleStream.sum");

        Bag peeked = new Bag();
        assertEquals(IntStream.of(e).sum(), s.peek(peeked::add).sum(), c + " peek.sum");
        assertEquals(all, peeked.toString(), c + " peek, each element once");
        AtomicInteger calls = new AtomicInteger();
        assertEquals(n, s.map(v -> calls.incrementAndGet()).peek(v -> calls.incrementAndGet()).count(), c + " map.peek.count");
        assertEquals(0, calls.get(), c + " count without a filter runs nothing");

        IntPredicate even = v -> (v & 1) == 0;
        for (long k : cuts(n)) {
            String kc = c + " k=" + k;
            assertArrayEquals(IntStream.of(e).skip(k).toArray(), s.skip(k).toArray(), kc + " skip");
            assertArrayEquals(IntStream.of(e).limit(k).toArray(), s.limit(k).toArray(), kc + " limit");
            assertArrayEquals(IntStream.of(e).skip(k).limit(3).toArray(), s.skip(k).limit(3).toArray(), kc + " skip.limit");
            assertArrayEquals(IntStream.of(e).limit(k).skip(1).toArray(), s.limit(k).skip(1).toArray(), kc + " limit.skip");
            assertEquals(IntStream.of(e).skip(k).sum(), s.skip(k).sum(), kc + " skip.sum");
            assertEquals(IntStream.of(e).limit(k).count(), s.limit(k).count(), kc + " limit.count");
            assertEquals(IntStream.of(e).skip(k / 2).findFirst(), s.skip(k / 2).findFirst(), kc + " skip.findFirst");
            assertArrayEquals(IntStream.of(e).filter(even).skip(k / 2).toArray(), s.filter(even).skip(k / 2).toArray(), kc + " filter.skip");
            assertArrayEquals(IntStream.of(e).filter(even).limit(k / 2).toArray(), s.filter(even).limit(k / 2).toArray(), kc + " filter.limit");
            assertEquals(IntStream.of(e).filter(even).skip(1).limit(k).sum(), s.filter(even).skip(1).limit(k).sum(), kc + " filter.skip.limit.sum");
            assertArrayEquals(IntStream.of(e).filter(even).skip(k / 3).map(v -> v ^ 0x5A5A).limit(k / 2 + 1).toArray(),
                s.filter(even).skip(k / 3).map(v -> v ^ 0x5A5A).limit(k / 2 + 1).toArray(), kc + " filter.skip.map.limit");
            assertEquals(IntStream.of(e).skip(k).filter(even).findFirst(), s.skip(k).filter(even).findFirst(), kc + " skip.filter.findFirst");
            assertEquals(IntStream.of(e).filter(even).skip(k / 2).findFirst(), s.filter(even).skip(k / 2).findFirst(), kc + " filter.skip.findFirst");
            assertEquals(IntStream.of(e).filter(even).limit(k).anyMatch(v -> v == last), s.filter(even).limit(k).anyMatch(v -> v == last), kc + " filter.limit.anyMatch");
            assertArrayEquals(IntStream.of(e).filter(even).skip(1).filter(v -> v % 3 != 0).limit(k).skip(1).toArray(),
                s.filter(even).skip(1).filter(v -> v % 3 != 0).limit(k).skip(1).toArray(), kc + " filter.skip.filter.limit.skip");
            int[] into2 = new int[n];
            int written = s.filter(even).skip(k / 2).toArray(into2);
            assertArrayEquals(IntStream.of(e).filter(even).skip(k / 2).toArray(), Arrays.copyOf(into2, written), kc + " filter.skip.toArray(destination)");
            written = s.skip(k).toArray(into2);
            assertArrayEquals(IntStream.of(e).skip(k).toArray(), Arrays.copyOf(into2, written), kc + " skip.toArray(destination)");
            Bag cut = new Bag();
            s.peek(cut::add).skip(k).limit(n / 3 + 1).forEach(v -> { });
            assertEquals(Bag.of(IntStream.of(e).skip(k).limit(n / 3 + 1).asLongStream()), cut.toString(),
                kc + " peek.skip.limit: earlier stages see only the elements kept");
        }
        assertArrayEquals(
            IntStream.of(e).filter(v -> v % 3 != 0).map(v -> v ^ 0x55).skip(2).mapToLong(v -> v * 7L).limit(n / 3).filter(v -> v > 0).toArray(),
            s.filter(v -> v % 3 != 0).map(v -> v ^ 0x55).skip(2).mapToLong(v -> v * 7L).limit(n / 3).filter(v -> v > 0).toArray(), c + " pipeline");
        assertEquals(IntStream.of(e).mapToObj(v -> "x" + v).filter(t -> t.length() < 6).mapToInt(String::length).sum(),
            s.mapToObj(v -> "x" + v).filter(t -> t.length() < 6).mapToInt(String::length).sum(), c + " pipeline through objects");
    }

    // ---- long ---------------------------------------------------------------------------------------------

    private static void longs(ParLongStream s, long[] e, String c) {
        int n = e.length;
        String all = Bag.of(LongStream.of(e));
        Bag seen = new Bag();
        s.forEach(seen::add);
        assertEquals(all, seen.toString(), c + " forEach, each element once");
        assertEquals(LongStream.of(e).sum(), s.sum(), c + " sum (wrapping)");
        assertEquals(LongStream.of(e).min(), s.min(), c + " min");
        assertEquals(LongStream.of(e).max(), s.max(), c + " max");
        assertEquals(n, s.count(), c + " count");
        assertClose(LongStream.of(e).map(v -> v >> 24).average(), s.map(v -> v >> 24).average(), 1, c + " average");
        assertEquals(LongStream.of(e).map(StreamCases::toMatrix).reduce(StreamCases.MATRIX_ID, StreamCases::matrix),
            s.map(StreamCases::toMatrix).reduce(StreamCases.MATRIX_ID, StreamCases::matrix), c + " reduce(identity, matrix product)");
        assertEquals(LongStream.of(e).map(StreamCases::toMatrix).reduce(StreamCases::matrix),
            s.map(StreamCases::toMatrix).reduce(StreamCases::matrix), c + " reduce(matrix product)");
        assertEquals(LongStream.of(e).findFirst(), s.findFirst(), c + " findFirst");
        s.findAny().ifPresentOrElse(v -> assertTrue(LongStream.of(e).anyMatch(x -> x == v), c + " findAny " + v),
            () -> assertEquals(0, n, c + " findAny empty"));
        assertArrayEquals(e, s.toArray(), c + " toArray");
        long[] into = new long[n + 2];
        Arrays.fill(into, -7);
        assertEquals(n, s.toArray(into), c + " toArray(destination)");
        assertArrayEquals(LongStream.concat(LongStream.of(e), LongStream.of(-7, -7)).toArray(), into, c + " toArray(destination)");
        for (ParLongStream t : n == 0 ? List.<ParLongStream>of() : List.of(s, s.filter(v -> true))) {
            long[] tooShort = LongStream.range(0, n - 1).map(i -> -7).toArray();
            StreamCases.assertWritesNothing(tooShort, () -> t.toArray(tooShort), c);
        }
        assertEquals(LongStream.of(e).boxed().toList(), s.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), c + " collect");

        long first = n > 0 ? e[0] : 0;
        long last = n > 0 ? e[n - 1] : 0;
        Map<String, LongPredicate> predicates = Map.of("true", v -> true, "false", v -> false,
            "=first", v -> v == first, "=last", v -> v == last, "%5", v -> v % 5 == 0);
        predicates.forEach((name, p) -> {
            String pc = c + " [" + name + "]";
            assertEquals(LongStream.of(e).anyMatch(p), s.anyMatch(p), pc + " anyMatch");
            assertEquals(LongStream.of(e).allMatch(p), s.allMatch(p), pc + " allMatch");
            assertEquals(LongStream.of(e).allMatch(p.negate()), s.allMatch(p.negate()), pc + " allMatch(negated)");
            assertEquals(LongStream.of(e).noneMatch(p), s.noneMatch(p), pc + " noneMatch");
            assertEquals(LongStream.of(e).filter(p).findFirst(), s.filter(p).findFirst(), pc + " filter.findFirst");
            s.filter(p).findAny().ifPresentOrElse(v -> assertTrue(p.test(v) && LongStream.of(e).anyMatch(x -> x == v), pc + " findAny"),
                () -> assertTrue(LongStream.of(e).noneMatch(p), pc + " findAny empty"));
            assertArrayEquals(LongStream.of(e).filter(p).toArray(), s.filter(p).toArray(), pc + " filter.toArray");
        });

        assertArrayEquals(LongStream.of(e).map(v -> v * 3 - 1).toArray(), s.map(v -> v * 3 - 1).toArray(), c + " map");
        assertArrayEquals(LongStream.of(e).mapToInt(v -> (int) (v >>> 17)).toArray(), s.mapToInt(v -> (int) (v >>> 17)).toArray(), c + " mapToInt");
        assertArrayEquals(LongStream.of(e).mapToDouble(v -> v / 7.0).toArray(), s.mapToDouble(v -> v / 7.0).toArray(), c + " mapToDouble");
        assertArrayEquals(LongStream.of(e).asDoubleStream().toArray(), s.asDoubleStream().toArray(), c + " asDoubleStream");
        assertEquals(LongStream.of(e).mapToObj(Long::toHexString).collect(Collectors.toList()),
            s.mapToObj(Long::toHexString).collect(ArrayList::new, ArrayList::add, ArrayList::addAll), c + " mapToObj.collect");
        Bag peeked = new Bag();
        assertArrayEquals(e, s.peek(peeked::add).toArray(), c + " peek.toArray");
        assertEquals(all, peeked.toString(), c + " peek, each element once");

        LongPredicate odd = v -> (v & 1) != 0;
        for (long k : cuts(n)) {
            String kc = c + " k=" + k;
            assertArrayEquals(LongStream.of(e).skip(k).toArray(), s.skip(k).toArray(), kc + " skip");
            assertArrayEquals(LongStream.of(e).limit(k).toArray(), s.limit(k).toArray(), kc + " limit");
            assertEquals(LongStream.of(e).skip(1).limit(k).sum(), s.skip(1).limit(k).sum(), kc + " skip.limit.sum");
            assertArrayEquals(LongStream.of(e).filter(odd).skip(k / 2).toArray(), s.filter(odd).skip(k / 2).toArray(), kc + " filter.skip");
            assertArrayEquals(LongStream.of(e).filter(odd).limit(k / 2).toArray(), s.filter(odd).limit(k / 2).toArray(), kc + " filter.limit");
            assertEquals(LongStream.of(e).filter(odd).skip(k / 3).map(v -> v >> 3).limit(k / 2 + 1).min(),
                s.filter(odd).skip(k / 3).map(v -> v >> 3).limit(k / 2 + 1).min(), kc + " filter.skip.map.limit.min");
        }
    }

    // ---- double -------------------------------------------------------------------------------------------

    private static void doubles(ParDoubleStream s, double[] e, String c) {
        int n = e.length;
        double scale = DoubleStream.of(e).map(Math::abs).sum();
        String all = Bag.of(DoubleStream.of(e));
        Bag seen = new Bag();
        s.forEach(seen::add);
        assertEquals(all, seen.toString(), c + " forEach, each element once (exact bits)");
        assertClose(DoubleStream.of(e).sum(), s.sum(), scale, c + " sum");
        assertEquals(DoubleStream.of(e).min(), s.min(), c + " min (exact, -0.0 below 0.0)");
        assertEquals(DoubleStream.of(e).max(), s.max(), c + " max (exact)");
        assertEquals(n, s.count(), c + " count");
        assertClose(DoubleStream.of(e).average(), s.average(), scale / Math.max(1, n), c + " average");
        assertEquals(DoubleStream.of(e).map(StreamCases::toAffineD).reduce(StreamCases.AFFINE_D_ID, StreamCases::affineD),
            s.map(StreamCases::toAffineD).reduce(StreamCases.AFFINE_D_ID, StreamCases::affineD), c + " reduce(identity, affine)");
        assertEquals(DoubleStream.of(e).map(StreamCases::toAffineD).reduce(StreamCases::affineD),
            s.map(StreamCases::toAffineD).reduce(StreamCases::affineD), c + " reduce(affine)");
        assertEquals(DoubleStream.of(e).reduce(Math::max), s.reduce(Math::max), c + " reduce(max)");
        assertEquals(DoubleStream.of(e).findFirst(), s.findFirst(), c + " findFirst (exact)");
        s.findAny().ifPresentOrElse(
            v -> assertTrue(DoubleStream.of(e).anyMatch(x -> Double.compare(x, v) == 0), c + " findAny " + v),
            () -> assertEquals(0, n, c + " findAny empty"));
        assertArrayEquals(e, s.toArray(), c + " toArray (exact)");
        double[] into = new double[n + 1];
        into[n] = Double.NaN;
        assertEquals(n, s.toArray(into), c + " toArray(destination)");
        assertArrayEquals(DoubleStream.concat(DoubleStream.of(e), DoubleStream.of(Double.NaN)).toArray(), into, c + " toArray(destination)");
        for (ParDoubleStream t : n == 0 ? List.<ParDoubleStream>of() : List.of(s, s.filter(v -> true))) {
            double[] tooShort = IntStream.range(0, n - 1).mapToDouble(i -> 42.5).toArray();
            StreamCases.assertWritesNothing(tooShort, () -> t.toArray(tooShort), c);
        }
        assertEquals(DoubleStream.of(e).boxed().toList(), s.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), c + " collect");

        double first = n > 0 ? e[0] : 1;
        double last = n > 0 ? e[n - 1] : 1;
        Map<String, DoublePredicate> predicates = Map.of("true", v -> true, "false", v -> false,
            "=first", v -> v == first, "=last", v -> v == last, ">1e6", v -> v > 1e6);
        predicates.forEach((name, p) -> {
            String pc = c + " [" + name + "]";
            assertEquals(DoubleStream.of(e).anyMatch(p), s.anyMatch(p), pc + " anyMatch");
            assertEquals(DoubleStream.of(e).allMatch(p), s.allMatch(p), pc + " allMatch");
            assertEquals(DoubleStream.of(e).allMatch(p.negate()), s.allMatch(p.negate()), pc + " allMatch(negated)");
            assertEquals(DoubleStream.of(e).noneMatch(p), s.noneMatch(p), pc + " noneMatch");
            assertEquals(DoubleStream.of(e).filter(p).findFirst(), s.filter(p).findFirst(), pc + " filter.findFirst");
            s.filter(p).findAny().ifPresentOrElse(v -> assertTrue(p.test(v), pc + " findAny"),
                () -> assertTrue(DoubleStream.of(e).noneMatch(p), pc + " findAny empty"));
            assertArrayEquals(DoubleStream.of(e).filter(p).toArray(), s.filter(p).toArray(), pc + " filter.toArray");
        });

        assertArrayEquals(DoubleStream.of(e).map(v -> v * 0.5 - 3).toArray(), s.map(v -> v * 0.5 - 3).toArray(), c + " map");
        assertArrayEquals(DoubleStream.of(e).mapToInt(v -> (int) v).toArray(), s.mapToInt(v -> (int) v).toArray(), c + " mapToInt");
        assertArrayEquals(DoubleStream.of(e).mapToLong(Math::round).toArray(), s.mapToLong(Math::round).toArray(), c + " mapToLong");
        assertArrayEquals(DoubleStream.of(e).mapToObj(Double::toString).toArray(), s.mapToObj(Double::toString).toArray(), c + " mapToObj");
        Bag peeked = new Bag();
        s.peek(peeked::add).forEach(v -> { });
        assertEquals(all, peeked.toString(), c + " peek, each element once");

        DoublePredicate positive = v -> v > 0;
        for (long k : cuts(n)) {
            String kc = c + " k=" + k;
            assertArrayEquals(DoubleStream.of(e).skip(k).toArray(), s.skip(k).toArray(), kc + " skip");
            assertArrayEquals(DoubleStream.of(e).limit(k).toArray(), s.limit(k).toArray(), kc + " limit");
            assertClose(DoubleStream.of(e).skip(k / 2).limit(k).sum(), s.skip(k / 2).limit(k).sum(), scale, kc + " skip.limit.sum");
            assertArrayEquals(DoubleStream.of(e).filter(positive).skip(k / 2).toArray(), s.filter(positive).skip(k / 2).toArray(), kc + " filter.skip");
            assertArrayEquals(DoubleStream.of(e).filter(positive).limit(k / 2).toArray(), s.filter(positive).limit(k / 2).toArray(), kc + " filter.limit");
            assertEquals(DoubleStream.of(e).filter(positive).skip(k / 3).map(Math::sqrt).limit(k / 2 + 1).max(),
                s.filter(positive).skip(k / 3).map(Math::sqrt).limit(k / 2 + 1).max(), kc + " filter.skip.map.limit.max");
        }
    }

    // ---- objects ------------------------------------------------------------------------------------------

    private static void objects(ParStream<String> s, String[] e, String c) {
        int n = e.length;
        List<String> list = Arrays.asList(e);
        String all = Bag.of(list.stream());
        Bag seen = new Bag();
        s.forEach(seen::add);
        assertEquals(all, seen.toString(), c + " forEach, each element once");
        assertEquals(n, s.count(), c + " count");
        Comparator<String> byLength = Comparator.comparingInt(String::length);
        assertEquals(list.stream().min(byLength), s.min(byLength), c + " min(by length): the first of equal ones");
        assertEquals(list.stream().max(byLength), s.max(byLength), c + " max(by length): the first of equal ones");
        assertEquals(list.stream().min(Comparator.naturalOrder()), s.min(Comparator.naturalOrder()), c + " min");
        assertEquals(list.stream().max(Comparator.naturalOrder()), s.max(Comparator.naturalOrder()), c + " max");
        assertEquals(list.stream().limit(500).reduce("", String::concat), s.limit(500).reduce("", String::concat), c + " reduce(identity, concat)");
        assertEquals(list.stream().limit(500).reduce(String::concat), s.limit(500).reduce(String::concat), c + " reduce(concat)");
        assertEquals(list.stream().map(t -> StreamCases.toMatrix(t.hashCode() * 0x9E3779B97F4A7C15L)).reduce(StreamCases.MATRIX_ID, StreamCases::matrix),
            s.map(t -> StreamCases.toMatrix(t.hashCode() * 0x9E3779B97F4A7C15L)).reduce(StreamCases.MATRIX_ID, StreamCases::matrix),
            c + " map.reduce(identity, matrix product)");
        assertEquals(list.stream().findFirst(), s.findFirst(), c + " findFirst");
        s.findAny().ifPresentOrElse(v -> assertTrue(list.contains(v), c + " findAny " + v), () -> assertEquals(0, n, c + " findAny empty"));
        assertArrayEquals(e, s.toArray(), c + " toArray");
        assertSame(Object[].class, s.toArray().getClass(), c + " toArray() makes an Object[]");
        String[] typed = s.toArray(String[]::new);
        assertArrayEquals(e, typed, c + " toArray(generator)");
        if (n > 0) {
            assertThrows(ArrayStoreException.class, () -> s.toArray(Integer[]::new), c + " toArray(wrong type)");
        }
        assertEquals(list, s.collect(ArrayList::new, ArrayList::add, ArrayList::addAll), c + " collect");
        assertEquals(list.stream().collect(Collectors.joining()),
            s.collect(StringBuilder::new, StringBuilder::append, StringBuilder::append).toString(), c + " collect(StringBuilder)");

        String first = n > 0 ? e[0] : "";
        String last = n > 0 ? e[n - 1] : "";
        Map<String, Predicate<String>> predicates = Map.of("true", v -> true, "false", v -> false,
            "=first", first::equals, "=last", last::equals, "length 2", v -> v.length() == 2);
        predicates.forEach((name, p) -> {
            String pc = c + " [" + name + "]";
            assertEquals(list.stream().anyMatch(p), s.anyMatch(p), pc + " anyMatch");
            assertEquals(list.stream().allMatch(p), s.allMatch(p), pc + " allMatch");
            assertEquals(list.stream().allMatch(p.negate()), s.allMatch(p.negate()), pc + " allMatch(negated)");
            assertEquals(list.stream().noneMatch(p), s.noneMatch(p), pc + " noneMatch");
            assertEquals(list.stream().filter(p).findFirst(), s.filter(p).findFirst(), pc + " filter.findFirst");
            s.filter(p).findAny().ifPresentOrElse(v -> assertTrue(p.test(v) && list.contains(v), pc + " findAny"),
                () -> assertTrue(list.stream().noneMatch(p), pc + " findAny empty"));
            assertEquals(list.stream().filter(p).count(), s.filter(p).count(), pc + " filter.count");
            assertArrayEquals(list.stream().filter(p).toArray(), s.filter(p).toArray(), pc + " filter.toArray");
        });

        assertArrayEquals(list.stream().map(t -> t + "!").toArray(), s.map(t -> t + "!").toArray(), c + " map");
        assertEquals(list.stream().mapToInt(String::length).sum(), s.mapToInt(String::length).sum(), c + " mapToInt.sum");
        assertArrayEquals(list.stream().mapToLong(t -> t.hashCode() * 31L).toArray(), s.mapToLong(t -> t.hashCode() * 31L).toArray(), c + " mapToLong");
        assertArrayEquals(list.stream().mapToDouble(t -> t.length() / 3.0).toArray(), s.mapToDouble(t -> t.length() / 3.0).toArray(), c + " mapToDouble");
        Bag peeked = new Bag();
        assertEquals(n, s.peek(peeked::add).mapToInt(t -> 1).sum(), c + " peek.mapToInt.sum");
        assertEquals(all, peeked.toString(), c + " peek, each element once");

        Predicate<String> shortOnes = t -> t.length() <= 2;
        for (long k : cuts(n)) {
            String kc = c + " k=" + k;
            assertArrayEquals(list.stream().skip(k).toArray(), s.skip(k).toArray(), kc + " skip");
            assertArrayEquals(list.stream().limit(k).toArray(), s.limit(k).toArray(), kc + " limit");
            assertEquals(list.stream().skip(k / 2).limit(k).min(byLength), s.skip(k / 2).limit(k).min(byLength), kc + " skip.limit.min");
            assertArrayEquals(list.stream().filter(shortOnes).skip(k / 2).toArray(), s.filter(shortOnes).skip(k / 2).toArray(), kc + " filter.skip");
            assertArrayEquals(list.stream().filter(shortOnes).limit(k / 2).toArray(), s.filter(shortOnes).limit(k / 2).toArray(), kc + " filter.limit");
            assertEquals(list.stream().filter(shortOnes).skip(k / 3).map(String::length).limit(k / 2 + 1).collect(Collectors.toList()),
                s.filter(shortOnes).skip(k / 3).map(String::length).limit(k / 2 + 1).collect(ArrayList::new, ArrayList::add, ArrayList::addAll),
                kc + " filter.skip.map.limit.collect");
            Bag cut = new Bag();
            assertEquals(list.stream().skip(k).limit(n / 4 + 1).count(),
                s.map(t -> { cut.add(t); return t; }).skip(k).limit(n / 4 + 1).mapToInt(t -> 1).sum(), kc + " map.skip.limit.mapToInt.sum");
            assertEquals(Bag.of(list.stream().skip(k).limit(n / 4 + 1)), cut.toString(), kc + " map.skip.limit: earlier stages see only those kept");
        }
    }
}
