package io.micropool.core;

import io.micropool.testing.ThreadDumpOnTimeout;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.micropool.core.Waits.sleepMillis;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * The pool's flight-recorder events: recorded around known work in this JVM, written to a file, and read
 * back with {@link RecordingFile}.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class JfrEventsTest {
    private static final String JOB = "io.micropool.Job";
    private static final String TASK = "io.micropool.Task";
    private static final String PARK = "io.micropool.Park";
    private static final String FALLBACK = "io.micropool.Fallback";
    private static final String LONG_UNIT = "io.micropool.LongUnit";

    @Test
    void jobsTasksParksFallbacksAndLongUnitsAreRecorded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("micropool.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of(JOB, TASK, PARK, FALLBACK)) {
                recording.enable(name);
            }
            recording.enable(LONG_UNIT).withThreshold(Duration.ofMillis(1));
            recording.start();
            try (MicroPool pool = MicroPool.builder().workers(1).maxJobs(1).spinBudgetNanos(10_000).build()) {
                // A job of 4 units of 3 ms each: one job event, four long units.
                pool.invoke(4, i -> sleepMillis(3));
                // A nested call of 3 units while the only slot is taken: it runs inline.
                pool.invoke(2, i -> pool.invoke(3, k -> { }));
                assertEquals(42, pool.spawn(() -> 42).join());
                // Let the worker fall asleep, then wake it with a job.
                sleepMillis(30);
                pool.invoke(2, i -> sleepMillis(2));
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> jobs = ofType(events, JOB);
        assertTrue(jobs.stream().anyMatch(e -> e.getInt("units") == 4 && e.getDuration().toMillis() >= 3), names(events));
        for (RecordedEvent job : jobs) {
            assertEquals(0, job.getInt("slot"), "the only slot");
            assertFalse(job.getBoolean("callerIsWorker"), "every job here was published by the test thread");
        }
        assertTrue(ofType(events, LONG_UNIT).size() >= 4, names(events));
        assertTrue(ofType(events, LONG_UNIT).stream().allMatch(e -> e.getDuration().toNanos() >= 1_000_000));
        assertTrue(ofType(events, FALLBACK).stream()
            .anyMatch(e -> e.getString("reason").equals("no free job slot") && e.getInt("units") == 3), names(events));
        assertEquals(1, ofType(events, TASK).size(), names(events));
        assertTrue(ofType(events, PARK).stream().anyMatch(e -> e.getBoolean("worker") && e.getBoolean("wokenForWork")),
            names(events));
    }

    @Test
    void nothingIsRecordedUnlessARecordingEnablesTheEvents(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadSleep");
            recording.start();
            try (MicroPool pool = MicroPool.builder().workers(1).build()) {
                pool.invoke(4, i -> sleepMillis(2));
                pool.spawn(() -> 1).join();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().noneMatch(e -> e.getEventType().getName().startsWith("io.micropool.")), names(events));
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    private static String names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).collect(Collectors.groupingBy(n -> n, Collectors.counting()))
            .toString();
    }
}
