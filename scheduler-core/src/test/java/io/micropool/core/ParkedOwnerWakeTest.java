package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.micropool.core.Waits.sleepMillis;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A caller that parked while waiting for its job is woken when work is published in its own call tree,
 * and helps with it. Built so that nothing else can run that work: without the wake-up the test hangs
 * (and fails on its timeout with a thread dump).
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParkedOwnerWakeTest {
    @RepeatedTest(5)
    void parkedCallerIsWokenToRunWorkOfItsOwnTree() throws Exception {
        try (MicroPool pool = MicroPool.builder().workers(1).spinBudgetNanos(0).build()) {
            Thread main = Thread.currentThread();
            CountDownLatch dClaimed = new CountDownLatch(1);
            CountDownLatch fRan = new CountDownLatch(1);
            AtomicReference<Thread> fThread = new AtomicReference<>();
            Runnable e = () -> {
                try {
                    // E holds the only worker until F ran: only the parked main thread can run F.
                    fRan.await();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            };
            Runnable f = () -> {
                fThread.set(Thread.currentThread());
                fRan.countDown();
            };
            Runnable c = () -> {
                try {
                    // Main keeps C until the worker holds D, so D is not main's to run.
                    dClaimed.await();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            };
            Runnable d = () -> {
                dClaimed.countDown();
                // Let main finish C, find nothing in its tree and park (spin budget 0).
                sleepMillis(50);
                pool.join(e, f);
            };
            pool.join(c, d);
            assertSame(main, fThread.get(), "F was run by the caller, woken from its park");
        }
    }
}
