package io.micropool.perf;

import io.micropool.api.Task;
import io.micropool.core.MicroPool;

import java.util.concurrent.TimeUnit;

/**
 * The scheduling example of the micropool README, replayed with this library's foreground API:
 * <pre>
 *   A                      on the calling thread
 *   spawn(B)               a background task: runs on the worker once no foreground work is left
 *   join(C, D)             the caller runs C, D is offered
 *     D: join(E, F)        the thread running D runs E (200 ms) itself and offers F
 * </pre>
 * Each step prints its letter, the thread that ran it and the time since the start. The pool has one
 * worker, so two threads take part: {@code main} and the worker.
 *
 * <p>C sleeps {@value #C_DELAY_MS} ms before printing. That gives the worker, which the call wakes, time
 * to claim D and to offer F before {@code main} finishes C and starts waiting: {@code main} then finds F
 * in the masks of its own call tree and runs it, while the worker is still in E.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.SchedulingExample}
 */
public final class SchedulingExample {
    /** How long C sleeps before printing. */
    static final long C_DELAY_MS = 20;
    /** How long E sleeps before printing. */
    static final long E_DELAY_MS = 200;

    private static final long START = System.nanoTime();

    private SchedulingExample() {
    }

    public static void main(String[] args) {
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("micropool-worker-").build()) {
            Runnable e = () -> {
                sleep(E_DELAY_MS);
                step("E");
            };
            Runnable f = () -> step("F");
            Runnable c = () -> {
                sleep(C_DELAY_MS);
                step("C");
            };
            Runnable d = () -> {
                step("D");
                pool.join(e, f);
            };
            step("A");
            Task<Void> b = pool.spawn(() -> {
                step("B");
                return null;
            });
            pool.join(c, d);
            System.out.printf("join(C, D) returned on %s at %.2f ms%n", Thread.currentThread().getName(), sinceStartMs());
            // Wait for B without joining it: join() would run a still-queued B on main.
            while (!b.isDone()) {
                sleep(1);
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - START);
        System.out.println();
        System.out.println("Total " + elapsedMs + " ms. What happened:");
        System.out.println(" - main prints A and spawns B, a background task: it waits until no foreground work is left.");
        System.out.println(" - join(C, D) publishes D and wakes the worker, then main runs C itself.");
        System.out.println(" - The worker claims D. D calls join(E, F) on the worker: the worker runs E itself and");
        System.out.println("   offers F in the call tree of main's join(C, D).");
        System.out.println(" - main finishes C, finds D claimed, and while D runs it helps only jobs of its own call");
        System.out.println("   tree: it claims F and runs it, while the worker sleeps in E.");
        System.out.println(" - E finishes on the worker, D returns, and main's join(C, D) returns.");
        System.out.println(" - The worker runs B only when it finds no foreground work advertised: after E here (had it");
        System.out.println("   woken before D was published, B could have come first). main never runs B.");
        System.out.println("If the worker wakes too late to claim D first, main runs D and E itself and the worker");
        System.out.println("runs F: the same work, split the other way.");
    }

    private static void step(String what) {
        System.out.printf("%s on %-20s at %7.2f ms%n", what, Thread.currentThread().getName(), sinceStartMs());
    }

    private static double sinceStartMs() {
        return (System.nanoTime() - START) / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
