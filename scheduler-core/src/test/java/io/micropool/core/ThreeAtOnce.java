package io.micropool.core;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;

import static io.micropool.core.Waits.awaitBarrier;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A job of three units that must all run at the same time: it completes only if two threads besides the
 * caller take part, and shows which ones did.
 */
final class ThreeAtOnce {
    private ThreeAtOnce() {
    }

    /** Runs a job of three units that must all run at once; returns the two threads other than the caller. */
    static List<Thread> runThreeAtOnce(MicroPool pool) {
        Thread caller = Thread.currentThread();
        CyclicBarrier barrier = new CyclicBarrier(3);
        List<Thread> others = new CopyOnWriteArrayList<>();
        pool.invoke(3, i -> {
            if (Thread.currentThread() != caller) {
                others.add(Thread.currentThread());
            }
            awaitBarrier(barrier);
        });
        assertEquals(2, others.size());
        assertEquals(2, new HashSet<>(others).size());
        return others;
    }
}
