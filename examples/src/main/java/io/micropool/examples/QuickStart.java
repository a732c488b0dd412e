package io.micropool.examples;

import io.micropool.api.IndexedJob;
import io.micropool.core.MicroPool;

public class QuickStart {
    /** The allocation-free form of invoke: a non-capturing job, its data passed as the context. */
    static final IndexedJob<double[]> HALVE = (values, i) -> values[i] *= 0.5;

    public static void main(String[] args) {
        double[] values = new double[1000];
        java.util.Arrays.fill(values, 3.0);

        try (MicroPool pool = MicroPool.builder().workers(3).build()) {
            // Two halves, possibly in parallel; the calling thread runs the first itself.
            long[] sums = new long[2];
            pool.join(() -> sums[0] = pool.range(0, 500).sum(), () -> sums[1] = pool.range(500, 1000).sum());

            // 1000 units; the body gets the unit index.
            pool.invoke(values.length, i -> values[i] += 1.0);
            pool.invoke(values.length, values, HALVE);

            // Parallel streams over arrays and ranges, run with the caller taking part.
            double total = pool.of(values).sum();
            long evens = pool.range(0, 1000).filter(i -> i % 2 == 0).count();

            System.out.println("sums " + sums[0] + " + " + sums[1] + ", total " + total + ", evens " + evens);
        }
    }
}
