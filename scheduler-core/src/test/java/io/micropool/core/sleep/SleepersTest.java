package io.micropool.core.sleep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SleepersTest {
    @Test
    void wakeOneSkipsWhileAWorkerSpins() {
        Sleepers sleepers = new Sleepers(2);
        sleepers.register(0, Thread.currentThread());
        sleepers.register(1, Thread.currentThread());
        sleepers.startSpinning();
        sleepers.startSpinning();
        sleepers.prepareSleep(0);
        assertEquals(IdleCounts.pack(1, 1), sleepers.idleCounts());
        assertFalse(sleepers.wakeOne(), "worker 1 spins and will find the work itself");
        sleepers.prepareSleep(1);
        assertEquals(IdleCounts.pack(2, 0), sleepers.idleCounts());
        assertTrue(sleepers.wakeOne());
        assertEquals(IdleCounts.pack(1, 1), sleepers.idleCounts(), "the woken worker counts as a spinner");
        assertFalse(sleepers.wakeOne(), "one wake-up per publication while the woken one spins");
    }

    @Test
    void cancelSleepAndWakerRaceHasOneWinner() {
        Sleepers sleepers = new Sleepers(1);
        sleepers.register(0, Thread.currentThread());
        sleepers.startSpinning();
        sleepers.prepareSleep(0);
        assertTrue(sleepers.wakeOne());
        sleepers.cancelSleep(0);
        assertEquals(IdleCounts.pack(0, 1), sleepers.idleCounts(), "counted once, as a spinner");
        sleepers.prepareSleep(0);
        sleepers.cancelSleep(0);
        assertEquals(IdleCounts.pack(0, 1), sleepers.idleCounts());
        assertFalse(sleepers.wakeOne(), "nobody sleeps");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aParkedWorkerIsWokenBySignalNotByTimeout() throws Exception {
        Sleepers sleepers = new Sleepers(1);
        CountDownLatch announced = new CountDownLatch(1);
        AtomicBoolean woken = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            sleepers.startSpinning();
            sleepers.prepareSleep(0);
            announced.countDown();
            woken.set(sleepers.awaitWakeUp(0, () -> false));
        });
        sleepers.register(0, worker);
        worker.start();
        announced.await();
        assertTrue(sleepers.wakeOne());
        worker.join();
        assertTrue(woken.get());
    }

    @Test
    void spinPolicyIsCalibratedToAboutAMicrosecondPerClockRead() {
        SpinPolicy policy = new SpinPolicy(50_000, org.agrona.concurrent.BusySpinIdleStrategy::new);
        assertTrue(policy.checkInterval() >= 1 && policy.checkInterval() <= 1024, "interval " + policy.checkInterval());
        SpinPolicy none = new SpinPolicy(0, org.agrona.concurrent.BusySpinIdleStrategy::new);
        assertTrue(none.expired(none.startNanos(), 1), "a zero budget parks at once");
    }
}
