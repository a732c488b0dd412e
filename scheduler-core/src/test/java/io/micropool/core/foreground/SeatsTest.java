package io.micropool.core.foreground;

import io.micropool.testing.ThreadDumpOnTimeout;
import io.micropool.core.stats.ThreadCounters;
import io.micropool.core.sleep.SpinPolicy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Seats are lent one at a time, found again by their borrower only, made once, and given back whole. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeatsTest {
    /** No spinning: these tests never wait. */
    private static final SpinPolicy SPIN_POLICY = new SpinPolicy(0, BusySpinIdleStrategy::new);

    private final AtomicInteger made = new AtomicInteger();

    private Seats seats(int count, int tableSize) {
        return new Seats(count, tableSize, seat -> {
            made.incrementAndGet();
            return new Participant(null, SPIN_POLICY.newSpin(), -1, new ThreadCounters(null, false), null, seat);
        });
    }

    @Test
    void aBorrowerFindsItsSeatUntilItGivesItBackAndTheSeatIsMadeOnce() {
        Seats seats = seats(2, 64);
        Thread me = Thread.currentThread();
        assertNull(seats.held(me));
        Participant seat = seats.lend(me);
        assertSame(seat, seats.held(me));
        assertSame(me, seat.thread);
        assertEquals(1, seats.lentCount());
        seats.giveBack(seat);
        assertNull(seats.held(me));
        assertNull(seat.thread);
        assertEquals(0, seats.lentCount());
        Participant again = seats.lend(me);
        assertSame(seat, again, "the free seat is lent again, not made anew");
        assertEquals(1, made.get());
        assertEquals(1, seats.created());
        seats.giveBack(again);
    }

    @Test
    void withEverySeatLentLendReturnsNull() throws Exception {
        Seats seats = seats(1, 64);
        Participant mine = seats.lend(Thread.currentThread());
        AtomicReference<Participant> other = new AtomicReference<>(mine);
        Thread thread = new Thread(() -> other.set(seats.lend(Thread.currentThread())));
        thread.start();
        thread.join();
        assertNull(other.get());
        seats.giveBack(mine);
    }

    @Test
    void threadsSharingOneWindowEachFindTheirOwnSeatAndOneWithoutRoomStaysUnlisted() throws Exception {
        // A table of WINDOW entries: every thread's window is the whole table, so they all collide.
        int threads = Seats.WINDOW + 1;
        Seats seats = seats(threads, Seats.WINDOW);
        CountDownLatch allLent = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger found = new AtomicInteger();
        AtomicInteger unlisted = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<Participant> lent = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                Participant seat = seats.lend(Thread.currentThread());
                synchronized (lent) {
                    lent.add(seat);
                }
                allLent.countDown();
                await(allLent);
                Participant held = seats.held(Thread.currentThread());
                if (held == seat) {
                    found.incrementAndGet();
                } else if (held == null) {
                    unlisted.incrementAndGet();
                } else {
                    wrong.incrementAndGet();
                }
                await(release);
                seats.giveBack(seat);
            });
            started.add(thread);
            thread.start();
        }
        allLent.await();
        release.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(0, wrong.get(), "no thread found another's seat");
        assertEquals(Seats.WINDOW, found.get());
        assertEquals(1, unlisted.get(), "the one without room keeps its seat unlisted");
        assertEquals(threads, lent.stream().distinct().count(), "every thread got a seat of its own");
        assertEquals(0, seats.lentCount());
        Participant reused = seats.lend(Thread.currentThread());
        assertNotSame(null, reused);
        assertSame(reused, seats.held(Thread.currentThread()), "given-back entries are free again");
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> seats(0, 64));
        assertThrows(IllegalArgumentException.class, () -> seats(1, 48));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
