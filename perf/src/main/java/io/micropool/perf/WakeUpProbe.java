package io.micropool.perf;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the machine charges for the two ways an idle thread can be brought back, measured without any
 * pool: how long {@code LockSupport.unpark} of a parked thread takes on the waker's side, how long after
 * it the parked thread runs, and how late {@code LockSupport.parkNanos} returns. These bound what any
 * pool's first call after an idle gap can do, and they are why spin-ahead
 * ({@code Builder.spinAheadNanos}) wakes a worker early rather than on time.
 *
 * <p>The waking thread spins between rounds, as a game loop's main thread does, so that its own core is
 * busy and the parked thread's is idle.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.micropool.perf.WakeUpProbe [rounds [gapMicros]]}
 * (defaults 3000 rounds, 1000 µs between them).
 */
public final class WakeUpProbe {
    private static volatile long wokeAt;

    private WakeUpProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long gapNanos = TimeUnit.MICROSECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 1000);
        Histogram unparkCall = histogram();
        Histogram wakeLatency = histogram();
        Thread sleeper = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
                wokeAt = System.nanoTime();
            }
        }, "wake-up-probe-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        for (int round = 0; round < rounds; round++) {
            spinFor(gapNanos);
            wokeAt = 0;
            long before = System.nanoTime();
            LockSupport.unpark(sleeper);
            long after = System.nanoTime();
            while (wokeAt == 0) {
                Thread.onSpinWait();
            }
            unparkCall.recordValue(after - before);
            wakeLatency.recordValue(Math.max(0, wokeAt - before));
        }
        sleeper.interrupt();
        LockSupport.unpark(sleeper);
        sleeper.join();

        Histogram late = histogram();
        long parkFor = gapNanos / 2;
        for (int round = 0; round < rounds; round++) {
            long before = System.nanoTime();
            LockSupport.parkNanos(parkFor);
            late.recordValue(Math.max(0, System.nanoTime() - before - parkFor));
        }
        print("unpark, on the waker's side", unparkCall);
        print("unpark to the parked thread running", wakeLatency);
        print("parkNanos(" + parkFor / 1000 + " us) returning late by", late);
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    }

    private static void spinFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf(Locale.ROOT, "%-40s p50 %6.1f  p90 %6.1f  p99 %7.1f  max %8.1f us (%d rounds)%n", what,
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getMaxValue() / 1e3, histogram.getTotalCount());
    }
}
