package io.micropool.perf;

import io.micropool.api.Task;
import io.micropool.core.MicroPool;
import io.micropool.core.Trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>The run is traced ({@code startTrace}/{@code stopTrace}): it writes
 * {@code scheduling-example-trace.json} (Chrome Trace Event Format) and
 * {@code scheduling-example-timeline.png} into the directory given as the first argument, by default
 * {@code perf/target}.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.SchedulingExample [directory]}
 */
public final class SchedulingExample {
    /** How long C sleeps before printing. */
    static final long C_DELAY_MS = 20;
    /** How long E sleeps before printing. */
    static final long E_DELAY_MS = 200;

    private static final long START = System.nanoTime();

    private SchedulingExample() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "perf/target");
        Trace trace;
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("micropool-worker-").build()) {
            pool.startTrace(1000);
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
            // B's span is recorded just after B completes.
            sleep(10);
            trace = pool.stopTrace();
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

        Files.createDirectories(out);
        Path json = out.resolve("scheduling-example-trace.json");
        Path png = out.resolve("scheduling-example-timeline.png");
        trace.writeChromeJson(json);
        TimelinePlot.write(trace, "The scheduling example: who ran what (pool.startTrace / stopTrace)",
            span -> letter(trace, span), png);
        System.out.println();
        System.out.println("Trace: " + json + " (open in ui.perfetto.dev or chrome://tracing); timeline: " + png);
    }

    /**
     * @return the letter of a span of this example: the units of join(C, D) are C (index 1) and D (index
     *         0) in one slot; D's join(E, F) keeps E on its thread (no slot) and offers F (another slot)
     */
    private static String letter(Trace trace, Trace.Span span) {
        if (span.kind() == Trace.Kind.BACKGROUND) {
            return "B";
        }
        if (span.slot() < 0) {
            return "E";
        }
        int outerSlot = trace.spans().stream()
            .filter(s -> s.kind() == Trace.Kind.FOREGROUND && s.slot() >= 0)
            .min(java.util.Comparator.comparingLong(Trace.Span::startNanos))
            .map(Trace.Span::slot).orElse(-1);
        if (span.slot() != outerSlot) {
            return span.index() == 0 ? "F" : "E";
        }
        return span.index() == 1 ? "C" : "D";
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
