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
    void aCallPublishedWhileAWorkerSpinsAheadIsStampedOnceAndOnlyThen() {
        Sleepers sleepers = new Sleepers(1);
        sleepers.register(0, Thread.currentThread());
        sleepers.startSpinning();
        assertTrue(sleepers.anySpinning());
        sleepers.openAheadWindow();
        assertEquals(IdleCounts.pack(0, 1, 1), sleepers.idleCounts(), "an ahead spinner is a spinner too");
        assertEquals(SleepDescriptor.NO_CALL, sleepers.aheadCall(), "opening the window resets the stamp");
        long before = System.nanoTime();
        assertTrue(sleepers.anySpinning(), "the call skips the wake-up");
        long first = sleepers.aheadCall();
        assertTrue(first - before >= 0 && System.nanoTime() - first >= 0, "stamped with the call's time");
        assertFalse(sleepers.wakeOne(), "a background submission skips the wake-up too");
        assertEquals(first, sleepers.aheadCall(), "only the first call of the window stamps");
        sleepers.closeAheadWindow();
        assertEquals(IdleCounts.pack(0, 1), sleepers.idleCounts());
        assertEquals(first, sleepers.aheadCall(), "the stamp stays for the worker to read after closing");
        sleepers.openAheadWindow();
        sleepers.closeAheadWindow();
        assertEquals(SleepDescriptor.NO_CALL, sleepers.aheadCall(), "a window with no call has no stamp");
        assertTrue(sleepers.anySpinning());
        assertEquals(SleepDescriptor.NO_CALL, sleepers.aheadCall(), "no window open, nothing stamped");
    }

    @Test
    void aWakerStampsTheWakeUpBeforeEndingTheSleep() {
        Sleepers sleepers = new Sleepers(1);
        sleepers.register(0, Thread.currentThread());
        sleepers.startSpinning();
        sleepers.prepareSleep(0);
        long before = System.nanoTime();
        assertTrue(sleepers.wakeOne());
        assertTrue(sleepers.awaitWakeUp(0, () -> true));
        long stamp = sleepers.wokenAt(0);
        assertTrue(stamp - before >= 0 && System.nanoTime() - stamp >= 0, "stamped at the wake-up: " + (stamp - before));
    }

    @Test
    void spinPolicyIsCalibratedToAboutAMicrosecondPerClockRead() {
        SpinPolicy policy = new SpinPolicy(50_000, org.agrona.concurrent.BusySpinIdleStrategy::new);
        assertTrue(policy.checkInterval() >= 1 && policy.checkInterval() <= 1024, "interval " + policy.checkInterval());
        SpinPolicy none = new SpinPolicy(0, org.agrona.concurrent.BusySpinIdleStrategy::new);
        Spin spin = none.newSpin();
        spin.begin();
        assertFalse(spin.idle(), "a zero budget parks at once");
    }
}
