package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A worker that found work while it counted as a spinner passes on the wake-up a publisher skipped because
 * of it ({@code ForegroundScheduler.passOn}): two jobs published at once reach two idle workers, even when
 * the second publisher saw the first worker still spinning.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(ThreadDumpOnTimeout.class)
class SpinnerPassOnTest {
    @RepeatedTest(20)
    void twoJobsPublishedAtOnceReachTwoIdleWorkers() throws Exception {
        int callers = 2;
        try (MicroPool pool = MicroPool.builder().workers(callers).build()) {
            CountDownLatch onWorkers = new CountDownLatch(callers);
            AtomicInteger timedOut = new AtomicInteger();
            Thread[] threads = new Thread[callers];
            for (int c = 0; c < callers; c++) {
                Thread caller = new Thread(() -> pool.join(() -> {
                    // An outermost join offers its second half at once: wait (bounded) until both halves
                    // are on workers. A half that no worker was woken for stays offered, and times this out.
                    try {
                        if (!onWorkers.await(5, TimeUnit.SECONDS)) {
                            timedOut.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> {
                    if (!Thread.currentThread().getName().startsWith("caller-")) {
                        // Hold this worker until the other half is on the other one, so that one worker
                        // cannot run both halves one after the other.
                        onWorkers.countDown();
                        try {
                            onWorkers.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }), "caller-" + c);
                threads[c] = caller;
                caller.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(0, timedOut.get(), "a second half waited for a worker nobody woke: " + pool.stats());
        }
    }
}
