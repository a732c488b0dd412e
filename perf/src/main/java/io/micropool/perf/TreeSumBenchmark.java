package io.micropool.perf;

import io.micropool.api.IndexedJob;
import io.micropool.core.MicroPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The sum of a balanced binary tree of {@code nodes} nodes with a join at every inner node: 1023 nodes
 * is dominated by the cost of a join, a million nodes by how well the work spreads. See
 * {@link ComparedPools} for the pools.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar TreeSumBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TreeSumBenchmark extends ComparedPools {
    @Param({"1023", "1048575"})
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
            case "micropool":
                return tree.sum(micro);
            case "micropool-frames":
                return tree.sum(RecursionFrames.current(), micro);
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

        long sum(MicroPool pool) {
            if (left == null || right == null) {
                return sum();
            }
            long[] halves = new long[2];
            pool.join(() -> halves[0] = left.sum(pool), () -> halves[1] = right.sum(pool));
            return value + halves[0] + halves[1];
        }

        /** The allocation-free form: {@code invoke(2, frame, UNIT)}; unit 1 sums the left subtree, unit 0 the right. */
        long sum(RecursionFrames frames, MicroPool pool) {
            if (left == null || right == null) {
                return sum();
            }
            RecursionFrames.Frame frame = frames.push(pool);
            try {
                frame.node = this;
                pool.invoke(2, frame, UNIT);
                return value + frame.result0 + frame.result1;
            } finally {
                frames.pop();
            }
        }

        private static final IndexedJob<RecursionFrames.Frame> UNIT = (frame, index) -> {
            Node node = (Node) frame.node;
            frame.set(index, (index == 1 ? node.left : node.right).sum(RecursionFrames.forUnit(frame), frame.pool));
        };

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
