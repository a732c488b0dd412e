package io.micropool.perf;

import io.micropool.api.Fork;
import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;

/**
 * The sum of a balanced binary tree of {@code nodes} nodes with a join at every inner node, the benchmark
 * of Spice and chili: 1023 nodes is dominated by the cost of a join and of the first hand-over, a million
 * nodes (32 MB, within this machine's L3) by the cost of a join against one addition, 16 million
 * (537 MB) also by memory. The tree is built once per trial. See {@link ComparedPools} for the pools.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar TreeSumBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@org.openjdk.jmh.annotations.Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TreeSumBenchmark extends ComparedPools {
    @Param({"1023", "1048575", "16777215"})
    public int nodes;

    private Node tree;

    @Setup(Level.Trial)
    public void buildTree() {
        tree = Node.balanced(nodes);
        if (treeSum() != (long) nodes * (nodes + 1) / 2) {
            throw new IllegalStateException("wrong tree sum on " + pool);
        }
    }

    @Benchmark
    public long treeSum() {
        switch (pool) {
            case "micropool-fork":
                return Node.forkSum(micro.fork(), tree);
            case "micropool":
                return tree.sum(micro);
            case "sequential":
                return tree.sum();
            default:
                return forkJoin.invoke(new Node.Sum(tree));
        }
    }

    /** A node of a balanced binary tree holding the values {@code 1..nodes}. */
    static final class Node {
        final long value;
        final Node left;
        final Node right;

        Node(long value, Node left, Node right) {
            this.value = value;
            this.left = left;
            this.right = right;
        }

        /** @return a balanced tree of the values {@code [1, count]} (in-order), or null if count is 0 */
        static Node balanced(int count) {
            return build(1, count);
        }

        private static Node build(long from, long to) {
            if (from > to) {
                return null;
            }
            long mid = (from + to) >>> 1;
            return new Node(mid, build(from, mid - 1), build(mid + 1, to));
        }

        long sum() {
            return value + (left == null ? 0 : left.sum()) + (right == null ? 0 : right.sum());
        }

        /** The natural form: {@code join} of two capturing lambdas writing into a result array. */
        long sum(MicroPool pool) {
            if (left == null || right == null) {
                return sum();
            }
            long[] halves = new long[2];
            pool.join(() -> halves[0] = left.sum(pool), () -> halves[1] = right.sum(pool));
            return value + halves[0] + halves[1];
        }

        /** The {@code Fork} form: the README's example. */
        static long forkSum(Fork fork, Node node) {
            if (node.left == null || node.right == null) {
                return node.sum();
            }
            return node.value + fork.joinLong(Node::forkSum, node.left, node.right, Long::sum);
        }

        /** The ForkJoinPool form: fork the right subtree, compute the left one, join. */
        static final class Sum extends RecursiveTask<Long> {
            private static final long serialVersionUID = 1L;
            private final Node node;

            Sum(Node node) {
                this.node = node;
            }

            @Override
            protected Long compute() {
                if (node.left == null || node.right == null) {
                    return node.sum();
                }
                Sum right = new Sum(node.right);
                right.fork();
                long left = new Sum(node.left).compute();
                return node.value + left + right.join();
            }
        }
    }
}
