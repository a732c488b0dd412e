package io.micropool.core;

import io.micropool.api.IndexedJob;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Four outside threads build random trees of nested {@code join}, {@code joinAll} and {@code invoke}
 * calls (depth up to 5, fan-out up to 8) for a bounded time, on a pool small enough that calls also
 * fall back to running inline for lack of slots and scopes. Every tree checks that each of its units ran
 * exactly once, that the units' plain writes are visible when the outermost call returns, and that no
 * unit ran on another outside thread. About one tree in ten makes one leaf throw: the outermost call must
 * rethrow that very throwable, and no unit may have run twice.
 *
 * <p>Run time: {@code -Dmicropool.stress.seconds=N} (default 10, at most 20). Seed:
 * {@code -Dmicropool.stress.seed=S} (default: random, printed).
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class RandomizedStressTest {
    private static final String PREFIX = "stress-worker-";
    private static final int OUTSIDE_THREADS = 4;
    private static final int MAX_DEPTH = 5;
    private static final int MAX_FAN_OUT = 8;
    private static final int MAX_NODES = 1_500;

    private static final int LEAF = 0;
    private static final int JOIN = 1;
    private static final int JOIN_ALL = 2;
    private static final int INVOKE_INT = 3;
    private static final int INVOKE_INDEXED = 4;

    /** One node of a tree: a unit that, unless it is a leaf, makes one nested call over its children. */
    private static final class Node {
        final int id;
        final int kind;
        Node parent;
        Node[] children = new Node[0];
        Runnable[] childRunnables;
        Throwable failure;

        Node(int id, int kind) {
            this.id = id;
            this.kind = kind;
        }
    }

    /** Everything a tree's units share: the counters they write and the threads they must not run on. */
    private static final class Tree {
        final MicroPool pool;
        final Thread owner;
        final Thread[] roots;
        final List<Node> nodes = new ArrayList<>();
        AtomicIntegerArray runs;
        int[] plain;
        final List<String> violations;

        Tree(MicroPool pool, Thread owner, Thread[] roots, List<String> violations) {
            this.pool = pool;
            this.owner = owner;
            this.roots = roots;
            this.violations = violations;
        }
    }

    /** The context of an {@code invoke(count, context, job)} node. */
    private static final class Call {
        final Tree tree;
        final Node node;

        Call(Tree tree, Node node) {
            this.tree = tree;
            this.node = node;
        }
    }

    /** Non-capturing: unit {@code i} runs child {@code i}. */
    private static final IndexedJob<Call> RUN_CHILD = (call, i) -> execute(call.tree, call.node.children[i]);

    @Test
    void randomNestedTreesFromFourThreadsRunEveryUnitExactlyOnce() throws Exception {
        int seconds = Math.max(1, Math.min(20, Integer.getInteger("micropool.stress.seconds", 10)));
        long seed = Long.getLong("micropool.stress.seed", new Random().nextLong());
        System.out.println("RandomizedStressTest: " + seconds + " s, seed " + seed
            + " (-Dmicropool.stress.seed=" + seed + " to repeat the trees)");

        try (MicroPool pool = MicroPool.builder()
            .workers(2)
            .maxJobs(12)
            .maxScopes(3)
            .threadNamePrefix(PREFIX)
            .build()) {
            List<String> violations = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicLong trees = new AtomicLong();
            AtomicLong units = new AtomicLong();
            AtomicLong failedTrees = new AtomicLong();
            long deadline = System.nanoTime() + SECONDS.toNanos(seconds);
            Thread[] roots = new Thread[OUTSIDE_THREADS];
            for (int t = 0; t < OUTSIDE_THREADS; t++) {
                Random random = new Random(seed + 7919L * t);
                roots[t] = new Thread(() -> {
                    try {
                        while (System.nanoTime() - deadline < 0 && violations.isEmpty()) {
                            Tree tree = new Tree(pool, Thread.currentThread(), roots, violations);
                            Node root = build(tree, random);
                            boolean failing = random.nextInt(10) == 0;
                            Throwable injected = failing ? inject(tree, random) : null;
                            runAndCheck(tree, root, injected);
                            trees.incrementAndGet();
                            units.addAndGet(tree.nodes.size());
                            if (injected != null) {
                                failedTrees.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "stress-caller-" + t);
            }
            for (Thread root : roots) {
                root.start();
            }
            for (Thread root : roots) {
                root.join(SECONDS.toMillis(seconds + 8L));
                assertFalse(root.isAlive(), root.getName() + " did not finish");
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError("an outside thread failed (seed " + seed + ")");
                failures.forEach(error::addSuppressed);
                throw error;
            }
            assertEquals(List.of(), violations, "seed " + seed);
            MicroPoolStats stats = pool.stats();
            System.out.println("RandomizedStressTest: " + trees.get() + " trees (" + failedTrees.get()
                + " with a failing leaf), " + units.get() + " units; " + stats);
            assertTrue(trees.get() > 0);
            assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
            assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);

            // The workers survived: a job whose three units must run at once still completes.
            CyclicBarrier barrier = new CyclicBarrier(3);
            pool.invoke(3, i -> awaitBarrier(barrier));
        }
    }

    // ---- trees -----------------------------------------------------------------------------------------

    private static Node build(Tree tree, Random random) {
        int maxDepth = 1 + random.nextInt(MAX_DEPTH);
        Node root = node(tree, random, 0, maxDepth, true);
        tree.runs = new AtomicIntegerArray(tree.nodes.size());
        tree.plain = new int[tree.nodes.size()];
        return root;
    }

    private static Node node(Tree tree, Random random, int depth, int maxDepth, boolean root) {
        int kind;
        if (root) {
            kind = 1 + random.nextInt(4);
        } else if (depth >= maxDepth || tree.nodes.size() >= MAX_NODES || random.nextInt(10) < 3 + depth) {
            kind = LEAF;
        } else {
            kind = 1 + random.nextInt(4);
        }
        Node node = new Node(tree.nodes.size(), kind);
        tree.nodes.add(node);
        if (kind != LEAF) {
            int fanOut = kind == JOIN ? 2 : random.nextInt(MAX_FAN_OUT + 1);
            if (root && fanOut < 2) {
                fanOut = 2;
            }
            node.children = new Node[fanOut];
            node.childRunnables = new Runnable[fanOut];
            for (int i = 0; i < fanOut; i++) {
                Node child = node(tree, random, depth + 1, maxDepth, false);
                child.parent = node;
                node.children[i] = child;
                node.childRunnables[i] = () -> execute(tree, child);
            }
        }
        return node;
    }

    /** Makes one random leaf throw a new throwable of a random kind; returns it, or null if no leaf. */
    private static Throwable inject(Tree tree, Random random) {
        List<Node> leaves = new ArrayList<>();
        for (Node n : tree.nodes) {
            if (n.kind == LEAF) {
                leaves.add(n);
            }
        }
        if (leaves.isEmpty()) {
            return null;
        }
        Node leaf = leaves.get(random.nextInt(leaves.size()));
        switch (random.nextInt(3)) {
            case 0:
                leaf.failure = new IllegalStateException("leaf " + leaf.id);
                break;
            case 1:
                leaf.failure = new AssertionError("leaf " + leaf.id);
                break;
            default:
                leaf.failure = new Exception("checked, leaf " + leaf.id);
                break;
        }
        return leaf.failure;
    }

    /** Runs one unit: records it, then makes the node's nested call, or throws if it is the failing leaf. */
    private static void execute(Tree tree, Node node) {
        Thread current = Thread.currentThread();
        if (current != tree.owner) {
            for (Thread root : tree.roots) {
                if (current == root) {
                    tree.violations.add(current.getName() + " ran unit " + node.id + " of a tree of "
                        + tree.owner.getName());
                }
            }
        }
        tree.runs.incrementAndGet(node.id);
        tree.plain[node.id] = node.id * 31 + 7;
        MicroPool pool = tree.pool;
        switch (node.kind) {
            case LEAF:
                if (node.failure != null) {
                    throw RandomizedStressTest.<RuntimeException>sneaky(node.failure);
                }
                break;
            case JOIN:
                pool.join(node.childRunnables[0], node.childRunnables[1]);
                break;
            case JOIN_ALL:
                pool.joinAll(node.childRunnables);
                break;
            case INVOKE_INT:
                pool.invoke(node.children.length, i -> execute(tree, node.children[i]));
                break;
            case INVOKE_INDEXED:
                pool.invoke(node.children.length, new Call(tree, node), RUN_CHILD);
                break;
            default:
                throw new IllegalStateException("kind " + node.kind);
        }
    }

    private static void runAndCheck(Tree tree, Node root, Throwable injected) {
        Throwable thrown = null;
        try {
            execute(tree, root);
        } catch (Throwable t) {
            thrown = t;
        }
        int n = tree.nodes.size();
        if (injected == null) {
            if (thrown != null) {
                throw new AssertionError("a tree without a failing leaf failed", thrown);
            }
            for (int id = 0; id < n; id++) {
                int runs = tree.runs.get(id);
                if (runs != 1) {
                    throw new AssertionError("unit " + id + " of " + n + " ran " + runs + " times");
                }
                if (tree.plain[id] != id * 31 + 7) {
                    throw new AssertionError("the plain write of unit " + id + " is not visible: " + tree.plain[id]);
                }
            }
            return;
        }
        if (thrown != injected) {
            AssertionError error = new AssertionError("expected the injected " + injected + ", got " + thrown);
            if (thrown != null) {
                error.initCause(thrown);
            }
            throw error;
        }
        if (thrown.getSuppressed().length != 0) {
            throw new AssertionError("only one unit threw, yet suppressed: " + List.of(thrown.getSuppressed()));
        }
        for (int id = 0; id < n; id++) {
            int runs = tree.runs.get(id);
            if (runs > 1) {
                throw new AssertionError("unit " + id + " ran " + runs + " times in a failed tree");
            }
        }
        // The failing leaf and every node on its path to the root ran.
        for (Node node : tree.nodes) {
            if (node.failure != null) {
                for (Node up = node; up != null; up = up.parent) {
                    if (tree.runs.get(up.id) != 1) {
                        throw new AssertionError("unit " + up.id + " on the failing path ran " + tree.runs.get(up.id)
                            + " times");
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(10, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("the units did not run at the same time", e);
        }
    }
}
