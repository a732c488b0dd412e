package io.micropool.usage;

import io.micropool.core.MicroPool;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * A program that uses the library the way an application would, from a package of its own: run in a
 * child JVM by {@code NoJvmFlagsTest} with no JVM option, it must finish and print nothing but "ok". It touches
 * every dependency: off-heap tables, Agrona idle strategies, the JCTools queue.
 */
public final class PlainUser {
    private PlainUser() {
    }

    public static void main(String[] args) {
        int[] hits = new int[64];
        try (MicroPool pool = MicroPool.builder().workers(1).spinStrategy(BackoffIdleStrategy::new).build()) {
            for (int round = 0; round < 1_000; round++) {
                pool.invoke(64, hits, (h, i) -> h[i]++);
                pool.join(() -> { }, () -> { });
                if (pool.spawn(() -> 1).join() != 1) {
                    throw new AssertionError("task result");
                }
            }
        }
        for (int h : hits) {
            if (h != 1_000) {
                throw new AssertionError("unit count " + h);
            }
        }
        System.out.println("ok");
    }
}
