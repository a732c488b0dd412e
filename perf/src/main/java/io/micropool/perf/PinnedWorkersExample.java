package io.micropool.perf;

import io.micropool.core.MicroPool;
import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Worker hooks at work: each worker pins itself to a CPU of its own when it starts
 * ({@code Builder.onWorkerStart}, with OpenHFT's Java-Thread-Affinity) and gives the CPU back before it
 * ends ({@code onWorkerExit}). Where the machine does not allow it — no free CPU among those reserved for
 * pinning (by default every CPU but the first; {@code -Daffinity.reserved=<hex mask>} chooses), no JNA,
 * not Linux — the hook says so and the worker runs unpinned: pinning is a wish, not a condition of the pool.
 * On a 2-CPU machine one worker is pinned to CPU 1 and a second one is not.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.PinnedWorkersExample [workers]}. On
 * JDK 24 and later JNA's native access prints a warning unless the JVM gets
 * {@code --enable-native-access=ALL-UNNAMED}: the affinity library's, not micropool's, which needs no flag.
 */
public final class PinnedWorkersExample {
    private PinnedWorkersExample() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        // Each worker's lock, kept by index between its start and exit hooks.
        AtomicReferenceArray<AffinityLock> locks = new AtomicReferenceArray<>(workers);
        System.out.printf(Locale.ROOT, "%d CPUs; JNA available: %s; CPUs reserved for pinning: %s%n",
            AffinityLock.PROCESSORS, Affinity.isJNAAvailable(), AffinityLock.RESERVED_AFFINITY);
        try (MicroPool pool = MicroPool.builder().workers(workers).threadNamePrefix("pinned-worker-")
            .onWorkerStart(index -> {
                AffinityLock lock = AffinityLock.acquireLock();
                locks.set(index, lock);
                System.out.printf(Locale.ROOT, "worker %d (%s): %s%n", index, Thread.currentThread().getName(),
                    lock.isAllocated() ? "pinned to CPU " + lock.cpuId() + ", affinity " + Affinity.getAffinity()
                        : "not pinned (no reserved CPU free), affinity " + Affinity.getAffinity());
            })
            .onWorkerExit(index -> {
                AffinityLock lock = locks.get(index);
                if (lock != null) {
                    lock.release();
                }
                System.out.printf(Locale.ROOT, "worker %d exits%n", index);
            })
            .build()) {
            long sum = pool.range(0, 1_000_000).asLongStream().sum();
            System.out.printf(Locale.ROOT, "sum of 0..999999 on the pool: %d%n", sum);
        }
    }
}
