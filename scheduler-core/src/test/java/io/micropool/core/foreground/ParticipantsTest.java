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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/** Each thread finds its own participant, through the cache or, on a collision, the thread-local. */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ParticipantsTest {
    /** No spinning: these tests never wait. */
    private static final SpinPolicy SPIN_POLICY = new SpinPolicy(0, BusySpinIdleStrategy::new);

    private final AtomicInteger created = new AtomicInteger();
    private final Participants participants = new Participants(thread -> {
        created.incrementAndGet();
        return new Participant(thread, SPIN_POLICY.newSpin(), -1, new ThreadCounters(thread, false));
    }, new Seats(2, seat -> new Participant(null, SPIN_POLICY.newSpin(), -1, new ThreadCounters(null, false),
        null, seat)));

    @Test
    void aThreadGetsTheSameParticipantEveryTime() {
        Participant first = participants.current();
        assertSame(Thread.currentThread(), first.thread);
        assertSame(first, participants.current());
        assertEquals(1, created.get());
    }

    @Test
    void moreThreadsThanCacheEntriesEachGetTheirOwn() throws Exception {
        int threads = 3 * Participants.CACHE_SIZE;
        ConcurrentHashMap<Thread, Participant> seen = new ConcurrentHashMap<>();
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                Participant p = participants.current();
                for (int k = 0; k < 1000; k++) {
                    if (participants.current() != p || p.thread != Thread.currentThread()) {
                        synchronized (failures) {
                            failures.add(new AssertionError("another participant for " + Thread.currentThread()));
                        }
                        return;
                    }
                }
                seen.put(Thread.currentThread(), p);
            });
            started.add(t);
            t.start();
        }
        for (Thread t : started) {
            t.join(10_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(threads, seen.size());
        assertEquals(threads, created.get());
        assertEquals(threads, seen.values().stream().distinct().count());
    }

    @Test
    void aBoundWorkerParticipantIsFound() {
        Participant worker = new Participant(Thread.currentThread(), SPIN_POLICY.newSpin(), 0,
            new ThreadCounters(Thread.currentThread(), true));
        participants.bind(worker);
        assertSame(worker, participants.current());
        assertEquals(0, created.get());
    }
}
