package io.micropool.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micropool.api.Task;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * {@link MicroPool#startTrace} / {@link MicroPool#stopTrace}: the spans of the README's scheduling example
 * (A–F), bounded buffers, and the Chrome Trace Event JSON.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 30, unit = SECONDS, threadMode = SEPARATE_THREAD)
class TraceTest {
    @Test
    void theSchedulingExampleShowsWhoRanWhatAndWhen() {
        Trace trace;
        String worker;
        try (MicroPool pool = MicroPool.builder().workers(1).threadNamePrefix("trace-worker-").build()) {
            pool.startTrace(1000);
            Task<Void> b = pool.spawn(() -> null);
            pool.join(
                () -> sleepMillis(20),                                   // C
                () -> pool.join(() -> sleepMillis(200), () -> { }));    // D: join(E, F)
            // Not b.join(): a joiner would run B itself if the worker had not taken it yet.
            while (!b.isDone()) {
                sleepMillis(1);
            }
            // The worker records B's span just after B completes: give it time before the trace stops.
            sleepMillis(20);
            trace = pool.stopTrace();
            worker = "trace-worker-0";
        }
        String main = Thread.currentThread().getName();
        List<Trace.Span> foreground = trace.spans().stream().filter(s -> s.kind() == Trace.Kind.FOREGROUND).toList();
        assertEquals(4, foreground.size(), trace.spans().toString());
        Trace.Span c = only(foreground, s -> s.thread().equals(main) && s.slot() >= 0 && s.index() == 1);
        Trace.Span d = only(foreground, s -> s.thread().equals(worker) && s.slot() == c.slot() && s.index() == 0);
        // F is the second half of D's nested join, offered at once in a slot of its own; E its first half,
        // run on the worker, is recorded with that slot too (as half 1 of a published pair).
        Trace.Span f = only(foreground, s -> s.thread().equals(main) && s.slot() >= 0 && s.slot() != c.slot());
        assertEquals(0, f.index());
        Trace.Span e = only(foreground, s -> s.thread().equals(worker) && s.slot() == f.slot() && s.index() == 1);
        for (Trace.Span span : List.of(c, d, e, f)) {
            assertEquals(c.scope(), span.scope(), "one call tree: " + span);
        }
        assertTrue(c.durationNanos() >= 20_000_000L, c.toString());
        assertTrue(e.durationNanos() >= 200_000_000L, e.toString());
        assertTrue(d.startNanos() <= e.startNanos() && end(e) <= end(d), "E runs inside D: " + d + " " + e);
        assertTrue(f.startNanos() < end(e), "main helps with F while the worker is still in E: " + f + " " + e);
        Trace.Span task = only(trace.spans(), s -> s.kind() == Trace.Kind.BACKGROUND);
        assertEquals(worker, task.thread(), "main never runs B: it helps only its own call tree");
        assertEquals(Trace.TASK_POLLED, task.index());
        assertEquals(0, trace.dropped());

        JsonObject json = JsonParser.parseString(trace.toChromeJson()).getAsJsonObject();
        JsonArray events = json.getAsJsonArray("traceEvents");
        Map<String, Long> phases = stream(events).collect(Collectors.groupingBy(
            event -> event.getAsJsonObject().get("ph").getAsString(), Collectors.counting()));
        assertEquals(Map.of("M", 2L, "X", 5L), phases, "one name per thread, one event per span");
        JsonObject f0 = stream(events).map(JsonElement::getAsJsonObject)
            .filter(event -> event.get("ph").getAsString().equals("X")
                && event.get("tid").getAsLong() == f.threadId()
                && event.getAsJsonObject("args").has("slot")
                && event.getAsJsonObject("args").get("slot").getAsInt() == f.slot())
            .findFirst().orElseThrow();
        assertEquals("foreground", f0.get("cat").getAsString());
        assertEquals(f.startNanos() / 1000.0, f0.get("ts").getAsDouble(), 0.001);
        assertEquals(c.scope(), f0.getAsJsonObject("args").get("scope").getAsInt());
    }

    @Test
    void aFullBufferKeepsItsFirstSpansAndCountsTheRest() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            pool.startTrace(3);
            AtomicInteger joins = new AtomicInteger();
            FibJoins.fib(pool, 12, joins);
            Trace trace = pool.stopTrace();
            Map<String, Long> perThread = trace.spans().stream()
                .collect(Collectors.groupingBy(Trace.Span::thread, Collectors.counting()));
            perThread.values().forEach(count -> assertTrue(count <= 3, perThread.toString()));
            assertEquals(2L * joins.get(), trace.spans().size() + trace.dropped(), "every unit is a span or dropped");
        }
    }

    @Test
    void nothingIsRecordedOutsideATraceAndStartAndStopAreChecked() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            assertThrows(IllegalStateException.class, pool::stopTrace);
            assertThrows(IllegalArgumentException.class, () -> pool.startTrace(0));
            pool.invoke(8, i -> { });
            pool.startTrace(10);
            assertThrows(IllegalStateException.class, () -> pool.startTrace(10));
            Trace empty = pool.stopTrace();
            assertEquals(List.of(), empty.spans());
            pool.startTrace(100);
            pool.invoke(8, i -> { });
            Trace eight = pool.stopTrace();
            assertEquals(8, eight.spans().size(), eight.spans().toString());
            assertNotEquals(-1, eight.spans().get(0).slot());
        }
    }

    @Test
    void spansCountFromTheOriginSoThatTheyLineUpWithTheCallersClock() {
        try (MicroPool pool = MicroPool.builder().workers(1).build()) {
            long beforeStart = System.nanoTime();
            pool.startTrace(100);
            long afterStart = System.nanoTime();
            sleepMillis(5);
            long beforeCall = System.nanoTime();
            pool.invoke(8, i -> { });
            long afterCall = System.nanoTime();
            Trace trace = pool.stopTrace();
            assertTrue(trace.originNanos() >= beforeStart && trace.originNanos() <= afterStart,
                "the origin is when the trace started: " + trace.originNanos());
            assertEquals(8, trace.spans().size(), trace.spans().toString());
            for (Trace.Span span : trace.spans()) {
                long start = trace.originNanos() + span.startNanos();
                assertTrue(start >= beforeCall && start + span.durationNanos() <= afterCall,
                    "each unit ran within the call, on the caller's clock: " + span);
            }
        }
    }

    private static long end(Trace.Span span) {
        return span.startNanos() + span.durationNanos();
    }

    private static Trace.Span only(List<Trace.Span> spans, java.util.function.Predicate<Trace.Span> which) {
        List<Trace.Span> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), spans.toString());
        return found.get(0);
    }

    private static java.util.stream.Stream<JsonElement> stream(JsonArray array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
