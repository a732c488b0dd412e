package io.micropool.core.iter;

import io.micropool.api.Scheduler;
import io.micropool.api.Split;
import io.micropool.core.MicroPool;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the parallel-stream tests share: the pools, the splits and sizes, the sources (each with its
 * elements computed independently of the stream), random data, non-commutative associative operations, and
 * a thread dump on timeout.
 */
final class StreamCases {
    /**
     * The splits every conformance case runs with. {@code Split.per(1)} is {@code Split.perItem()} (the same
     * instance; {@code ParStreamArgumentTest} checks it), so it is not a case of its own.
     */
    static final List<Split> SPLITS = List.of(
        Split.byThreads(), Split.by(3), Split.perItem(), Split.per(16), Split.per(1024));
    static final int[] SIZES = {0, 1, 2, 7, 1000, 100_000};
    static final int[] WORKERS = {0, 1, 3};

    private StreamCases() {
    }

    static MicroPool pool(int workers, String prefix) {
        return MicroPool.builder().workers(workers).threadNamePrefix(prefix + workers + "-").build();
    }

    /** @return a pool per entry of {@link #WORKERS}, keyed by its worker count */
    static Map<Integer, MicroPool> pools(String prefix) {
        Map<Integer, MicroPool> pools = new java.util.HashMap<>();
        for (int workers : WORKERS) {
            pools.put(workers, pool(workers, prefix));
        }
        return pools;
    }

    static void closeAll(Map<Integer, MicroPool> pools) {
        pools.values().forEach(MicroPool::close);
        pools.clear();
    }

    // ---- sources ------------------------------------------------------------------------------------------

    enum Kind { INT, LONG, DOUBLE, OBJ }

    /** A stream (with the default split) and its elements in source order: int[], long[], double[] or String[]. */
    record Fixture(Object stream, Object expected) {
    }

    interface Maker {
        Fixture make(Scheduler pool, int n, Random random);
    }

    record Source(String name, Kind kind, Maker maker) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Source> SOURCES = List.of(
        new Source("int.range", Kind.INT, (p, n, r) -> {
            int a = r.nextInt(2001) - 1000;
            return new Fixture(p.range(a, a + n), IntStream.range(a, a + n).toArray());
        }),
        new Source("int.array", Kind.INT, (p, n, r) -> {
            int[] v = ints(r, n);
            return new Fixture(p.of(v), v.clone());
        }),
        new Source("int.slice", Kind.INT, (p, n, r) -> {
            int off = 1 + r.nextInt(5);
            int[] v = ints(r, off + n + 3);
            return new Fixture(p.of(v, off, n), Arrays.copyOfRange(v, off, off + n));
        }),
        new Source("int.zip", Kind.INT, (p, n, r) -> {
            int[] a = ints(r, n);
            int[] b = ints(r, n);
            return new Fixture(p.zip(a, b, StreamCases::zipInt),
                IntStream.range(0, n).map(i -> zipInt(a[i], b[i])).toArray());
        }),
        new Source("long.array", Kind.LONG, (p, n, r) -> {
            long[] v = longs(r, n);
            return new Fixture(p.of(v), v.clone());
        }),
        new Source("long.slice", Kind.LONG, (p, n, r) -> {
            int off = 1 + r.nextInt(5);
            long[] v = longs(r, off + n + 3);
            return new Fixture(p.of(v, off, n), Arrays.copyOfRange(v, off, off + n));
        }),
        new Source("long.zip", Kind.LONG, (p, n, r) -> {
            long[] a = longs(r, n);
            long[] b = longs(r, n);
            return new Fixture(p.zip(a, b, (x, y) -> x * 31 - y),
                IntStream.range(0, n).mapToLong(i -> a[i] * 31 - b[i]).toArray());
        }),
        new Source("double.array", Kind.DOUBLE, (p, n, r) -> {
            double[] v = doubles(r, n);
            return new Fixture(p.of(v), v.clone());
        }),
        new Source("double.slice", Kind.DOUBLE, (p, n, r) -> {
            int off = 1 + r.nextInt(5);
            double[] v = doubles(r, off + n + 3);
            return new Fixture(p.of(v, off, n), Arrays.copyOfRange(v, off, off + n));
        }),
        new Source("double.zip", Kind.DOUBLE, (p, n, r) -> {
            double[] a = doubles(r, n);
            double[] b = doubles(r, n);
            return new Fixture(p.zip(a, b, (x, y) -> x - 2 * y),
                IntStream.range(0, n).mapToDouble(i -> a[i] - 2 * b[i]).toArray());
        }),
        new Source("obj.array", Kind.OBJ, (p, n, r) -> {
            String[] v = strings(r, n);
            return new Fixture(p.of(v), v.clone());
        }),
        new Source("obj.slice", Kind.OBJ, (p, n, r) -> {
            int off = 1 + r.nextInt(5);
            String[] v = strings(r, off + n + 3);
            return new Fixture(p.of(v, off, n), Arrays.copyOfRange(v, off, off + n));
        }),
        new Source("obj.arrayList", Kind.OBJ, (p, n, r) -> {
            String[] v = strings(r, n);
            return new Fixture(p.of(new ArrayList<>(Arrays.asList(v))), v);
        }),
        new Source("obj.linkedList", Kind.OBJ, (p, n, r) -> {
            String[] v = strings(r, n);
            return new Fixture(p.of(new LinkedList<>(Arrays.asList(v))), v);
        }),
        new Source("obj.zipArrays", Kind.OBJ, (p, n, r) -> {
            String[] a = strings(r, n);
            Integer[] b = IntStream.of(ints(r, n)).map(i -> i & 0xFF).boxed().toArray(Integer[]::new);
            return new Fixture(p.zip(a, b, (x, y) -> x + ":" + y),
                IntStream.range(0, n).mapToObj(i -> a[i] + ":" + b[i]).toArray(String[]::new));
        }),
        new Source("obj.zipLists", Kind.OBJ, (p, n, r) -> {
            String[] a = strings(r, n);
            String[] b = strings(r, n);
            return new Fixture(p.zip(new ArrayList<>(Arrays.asList(a)), Arrays.asList(b), (x, y) -> y + x),
                IntStream.range(0, n).mapToObj(i -> b[i] + a[i]).toArray(String[]::new));
        }),
        new Source("obj.zipLinkedLists", Kind.OBJ, (p, n, r) -> {
            String[] a = strings(r, n);
            String[] b = strings(r, n);
            return new Fixture(
                p.zip(new LinkedList<>(Arrays.asList(a)), new LinkedList<>(Arrays.asList(b)), (x, y) -> x + "|" + y),
                IntStream.range(0, n).mapToObj(i -> a[i] + "|" + b[i]).toArray(String[]::new));
        }));

    /** Element {@code i} of the int zip source: not symmetric, so swapped arguments show. */
    static int zipInt(int x, int y) {
        return x * 31 + y;
    }

    // ---- random data: mostly wide values, with runs of small ones so that there are duplicates -------------

    static int[] ints(Random r, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? r.nextInt(16) - 8 : r.nextInt();
        }
        return v;
    }

    static long[] longs(Random r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? r.nextInt(16) - 8 : r.nextLong();
        }
        return v;
    }

    /** Doubles of very different magnitudes, signed zeros and duplicates (no NaN: it would hide the sums). */
    static double[] doubles(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> v[i] = r.nextBoolean() ? 0.0 : -0.0;
                case 1 -> v[i] = r.nextInt(8) - 4;
                case 2 -> v[i] = r.nextGaussian() * 1e9;
                case 3 -> v[i] = r.nextGaussian() * 1e-6;
                default -> v[i] = r.nextGaussian() * 1000;
            }
        }
        return v;
    }

    /** Strings of 1 to 4 characters (many of equal length, some equal), each a distinct instance. */
    static String[] strings(Random r, int n) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = Integer.toString(r.nextInt(r.nextBoolean() ? 20 : 10_000));
        }
        return v;
    }

    /** @return a seed that depends only on {@code name}, so that every split and pool sees the same input */
    static long seed(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return h * 0x9E3779B97F4A7C15L;
    }

    // ---- associative, non-commutative operations --------------------------------------------------------

    /** The identity of {@link #affine}: x -> 1 * x + 0. */
    static final int AFFINE_ID = 1 << 16;

    /** An int as an invertible affine map x -> a * x + b (mod 2^16), a odd in the high half, b in the low. */
    static int toAffine(int v) {
        return v | AFFINE_ID;
    }

    /** Applies {@code p}, then {@code q} (mod 2^16): associative, not commutative. */
    static int affine(int p, int q) {
        int ap = p >>> 16;
        int bp = p & 0xFFFF;
        int aq = q >>> 16;
        int bq = q & 0xFFFF;
        return ((aq * ap) & 0xFFFF) << 16 | ((aq * bp + bq) & 0xFFFF);
    }

    /** The identity 2x2 matrix, entries a b / c d as four 16-bit fields from the top. */
    static final long MATRIX_ID = 1L << 48 | 1L;

    /** A long as an invertible 2x2 matrix mod 2^16 (a and d odd, b and c even), so that products stay rich. */
    static long toMatrix(long v) {
        return (v | MATRIX_ID) & ~(1L << 32 | 1L << 16);
    }

    /** The matrix product mod 2^16: associative, not commutative. */
    static long matrix(long x, long y) {
        long a = x >>> 48;
        long b = x >>> 32 & 0xFFFF;
        long c = x >>> 16 & 0xFFFF;
        long d = x & 0xFFFF;
        long e = y >>> 48;
        long f = y >>> 32 & 0xFFFF;
        long g = y >>> 16 & 0xFFFF;
        long h = y & 0xFFFF;
        return ((a * e + b * g) & 0xFFFF) << 48 | ((a * f + b * h) & 0xFFFF) << 32
            | ((c * e + d * g) & 0xFFFF) << 16 | ((c * f + d * h) & 0xFFFF);
    }

    /** The identity of {@link #affineD}. */
    static final double AFFINE_D_ID = 1 << 10;

    /** A double as an affine map mod 2^10, a * 1024 + b with a odd: an integer below 2^20, exact in a double. */
    static double toAffineD(double v) {
        long bits = Double.doubleToLongBits(v) * 0x9E3779B97F4A7C15L;
        return (double) (((bits >>> 40 | 1) & 0x3FF) << 10 | (bits >>> 20 & 0x3FF));
    }

    /** {@link #affine} on doubles of {@link #toAffineD}, computed exactly. */
    static double affineD(double p, double q) {
        long lp = (long) p;
        long lq = (long) q;
        long ap = lp >>> 10;
        long bp = lp & 0x3FF;
        long aq = lq >>> 10;
        long bq = lq & 0x3FF;
        return (double) (((aq * ap) & 0x3FF) << 10 | ((aq * bp + bq) & 0x3FF));
    }

    // ---- assertions ---------------------------------------------------------------------------------------

    /** Doubles that may differ in the last bits: within 1e-9 of {@code scale} (the sum of magnitudes). */
    static void assertClose(double expected, double actual, double scale, String message) {
        double tolerance = 1e-9 * Math.max(1.0, Math.abs(scale));
        assertTrue(Math.abs(expected - actual) <= tolerance || Double.compare(expected, actual) == 0,
            () -> message + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
    }

    static void assertClose(OptionalDouble expected, OptionalDouble actual, double scale, String message) {
        assertEquals(expected.isPresent(), actual.isPresent(), message + ": presence");
        if (expected.isPresent()) {
            assertClose(expected.getAsDouble(), actual.getAsDouble(), scale, message);
        }
    }

    /**
     * A multiset of values, filled concurrently and compared by its size and the sum of a strong hash of
     * each value: two bags are equal when they hold the same values, each as often, whatever the order
     * (up to a 64-bit hash collision). Objects go in by their {@code hashCode}.
     */
    static final class Bag {
        private final LongAdder count = new LongAdder();
        private final LongAdder hashes = new LongAdder();

        void add(long value) {
            count.increment();
            hashes.add(mix(value));
        }

        void add(double value) {
            add(Double.doubleToRawLongBits(value));
        }

        void add(Object value) {
            add(value == null ? 0x5EEDL : value.hashCode());
        }

        static String of(LongStream values) {
            Bag bag = new Bag();
            values.forEach(bag::add);
            return bag.toString();
        }

        static String of(DoubleStream values) {
            Bag bag = new Bag();
            values.forEach(bag::add);
            return bag.toString();
        }

        static String of(Stream<?> values) {
            Bag bag = new Bag();
            values.forEach(bag::add);
            return bag.toString();
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        @Override
        public String toString() {
            return count.sum() + " values, hash " + Long.toHexString(hashes.sum());
        }
    }

    /** {@code write} into a too-short {@code destination} throws IndexOutOfBoundsException and writes nothing. */
    static void assertWritesNothing(Object destination, Executable write, String message) {
        Object[] before = {destination instanceof int[] a ? a.clone() : destination instanceof long[] a ? a.clone() : ((double[]) destination).clone()};
        assertThrows(IndexOutOfBoundsException.class, write, message + " toArray(too short)");
        assertTrue(Arrays.deepEquals(before, new Object[] {destination}), message + " toArray(too short) wrote nothing");
    }

    /** Throws {@code t} as is, checked or not. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
