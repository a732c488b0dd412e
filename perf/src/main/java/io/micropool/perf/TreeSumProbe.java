package io.micropool.perf;

import io.micropool.api.Fork;
import io.micropool.core.MicroPool;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cost of the {@code Fork} tree sum against the plain recursive sum, tree by tree: on one thread
 * ({@code busy}: the only worker kept busy by a spinning background task, so that nobody asks for work
 * and nothing is handed over) or with the worker idle ({@code idle}: it asks for work the whole time, and
 * the tree is shared if it runs long enough). Prints, for five rounds, the mean time per tree of
 * {@code runs} trees with each form and their ratio.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.TreeSumProbe nodes busy|idle [runs]}
 * (for example {@code 1023 busy 100000}, {@code 3 busy 100000} for the cost of a tree's first join alone,
 * {@code 1048575 idle 300}).
 */
public final class TreeSumProbe {
    private TreeSumProbe() {
    }

    public static void main(String[] args) {
        int nodes = Integer.parseInt(args[0]);
        boolean busy = args.length > 1 && args[1].equals("busy");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        TreeSumBenchmark.Node tree = TreeSumBenchmark.Node.balanced(nodes);
        long expected = (long) nodes * (nodes + 1) / 2;
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            if (busy) {
                pool.spawn(() -> {
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            }
            Fork fork = pool.fork();
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    check(TreeSumBenchmark.Node.forkSum(fork, tree), expected);
                }
                long forked = System.nanoTime() - start;
                start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    check(tree.sum(), expected);
                }
                long plain = System.nanoTime() - start;
                System.out.printf("%s, %d nodes: Fork %.3f us per tree, plain %.3f us, ratio %.2f%n",
                    busy ? "worker busy" : "worker idle", nodes, forked / 1e3 / runs, plain / 1e3 / runs,
                    (double) forked / plain);
            }
            stop.set(true);
        }
    }

    private static void check(long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException("tree sum " + sum + ", expected " + expected);
        }
    }
}
