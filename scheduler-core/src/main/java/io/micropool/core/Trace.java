package io.micropool.core;

import io.micropool.core.trace.TraceBuffer;
import io.micropool.core.trace.TraceSession;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a pool's threads ran between {@link MicroPool#startTrace} and {@link MicroPool#stopTrace}: one
 * {@link Span} per foreground unit and per background task, on the thread that ran it. Immutable.
 *
 * <p>{@link #writeChromeJson} writes the Chrome Trace Event Format, which Perfetto
 * ({@code ui.perfetto.dev}) and {@code chrome://tracing} open: one row per thread, foreground units and
 * background tasks in their own categories, scope, slot and unit index as arguments.
 */
public final class Trace {
    /** What a span is. */
    public enum Kind {
        /** A unit of a {@code join}, {@code invoke} or parallel stream. */
        FOREGROUND,
        /** A background task ({@code spawn}). */
        BACKGROUND
    }

    /** How a background task came to run, the {@link Span#index} of a background span: polled from the queue. */
    public static final int TASK_POLLED = TraceBuffer.TASK_POLLED;
    /** A background task run by a thread in {@code join} or {@code help}. */
    public static final int TASK_BY_JOINER = TraceBuffer.TASK_BY_JOINER;
    /** A background task run by its submitter because the queue was full (or the pool has no worker). */
    public static final int TASK_BY_SUBMITTER = TraceBuffer.TASK_BY_SUBMITTER;

    /**
     * One unit or task.
     *
     * @param thread      the name of the thread that ran it
     * @param threadId    that thread's id
     * @param kind        foreground unit or background task
     * @param startNanos  when it began, in nanoseconds from the start of the trace
     * @param durationNanos how long it ran
     * @param scope       the call tree of a foreground unit, -1 for a task
     * @param slot        the job slot of a published unit; -1 for a unit of a nested pair that stayed on
     *                    its thread, and for a task
     * @param index       the unit's index in its call; for a task, {@link #TASK_POLLED},
     *                    {@link #TASK_BY_JOINER} or {@link #TASK_BY_SUBMITTER}
     */
    public record Span(String thread, long threadId, Kind kind, long startNanos, long durationNanos, int scope,
                       int slot, int index) {
    }

    private final List<Span> spans;
    private final long dropped;
    private final long originNanos;

    private Trace(List<Span> spans, long dropped, long originNanos) {
        this.spans = List.copyOf(spans);
        this.dropped = dropped;
        this.originNanos = originNanos;
    }

    /** Collects the spans of a stopped session. */
    @SuppressWarnings("deprecation")
    static Trace of(TraceSession session) {
        long origin = session.startNanos();
        List<Span> spans = new ArrayList<>();
        long dropped = 0;
        for (TraceBuffer buffer : session.buffers()) {
            Thread thread = buffer.thread();
            long[] data = buffer.copy();
            for (int at = 0; at < data.length; at += TraceBuffer.LONGS_PER_SPAN) {
                long scopeSlot = data[at + 2];
                long kindIndex = data[at + 3];
                spans.add(new Span(thread.getName(), thread.getId(),
                    TraceBuffer.kind(kindIndex) == TraceBuffer.FOREGROUND ? Kind.FOREGROUND : Kind.BACKGROUND,
                    data[at] - origin, data[at + 1] - data[at], TraceBuffer.scope(scopeSlot),
                    TraceBuffer.slot(scopeSlot), TraceBuffer.index(kindIndex)));
            }
            dropped += buffer.dropped();
        }
        spans.sort(Comparator.comparingLong(Span::startNanos));
        return new Trace(spans, dropped, origin);
    }

    /**
     * {@return the {@link System#nanoTime} value the spans' start times count from: when the trace
     * started; add it to a span's {@link Span#startNanos} to compare it with the caller's own
     * {@code nanoTime} readings}
     */
    public long originNanos() {
        return originNanos;
    }

    /** {@return every span recorded, by start time} */
    public List<Span> spans() {
        return spans;
    }

    /**
     * {@return the spans not recorded because their thread's buffer was full: a full buffer keeps the
     * spans it has and drops the later ones}
     */
    public long dropped() {
        return dropped;
    }

    /**
     * Writes the trace in the Chrome Trace Event Format to {@code file} (UTF-8).
     *
     * @param file the file to write; created, or replaced if it exists
     * @throws IOException if the file cannot be opened or written
     */
    public void writeChromeJson(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeChromeJson(out);
        }
    }

    /**
     * Writes the trace in the Chrome Trace Event Format: timestamps in microseconds from its start.
     *
     * @param out where the JSON text is appended; it is neither flushed nor closed
     * @throws IOException if {@code out} throws it
     */
    public void writeChromeJson(Appendable out) throws IOException {
        out.append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
        boolean first = true;
        List<Long> named = new ArrayList<>();
        for (Span span : spans) {
            if (!named.contains(span.threadId())) {
                named.add(span.threadId());
                first = separate(out, first);
                out.append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":")
                    .append(Long.toString(span.threadId())).append(",\"args\":{\"name\":");
                appendString(out, span.thread());
                out.append("}}");
            }
        }
        for (Span span : spans) {
            first = separate(out, first);
            boolean foreground = span.kind() == Kind.FOREGROUND;
            out.append("{\"name\":");
            appendString(out, foreground ? "unit " + span.index() : "task");
            out.append(",\"cat\":\"").append(foreground ? "foreground" : "background").append("\",\"ph\":\"X\",\"ts\":")
                .append(micros(span.startNanos())).append(",\"dur\":").append(micros(span.durationNanos()))
                .append(",\"pid\":1,\"tid\":").append(Long.toString(span.threadId())).append(",\"args\":{");
            if (foreground) {
                out.append("\"scope\":").append(Integer.toString(span.scope())).append(",\"slot\":")
                    .append(Integer.toString(span.slot())).append(",\"unit\":").append(Integer.toString(span.index()));
            } else {
                out.append("\"how\":\"").append(span.index() == TASK_POLLED ? "polled"
                    : span.index() == TASK_BY_JOINER ? "joiner" : "submitter").append('"');
            }
            out.append("}}");
        }
        out.append("]}");
    }

    /** {@return the trace in the Chrome Trace Event Format} */
    public String toChromeJson() {
        StringBuilder out = new StringBuilder();
        try {
            writeChromeJson(out);
        } catch (IOException e) {
            throw new AssertionError("a StringBuilder does not throw", e);
        }
        return out.toString();
    }

    private static boolean separate(Appendable out, boolean first) throws IOException {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1000.0);
    }

    /** Appends {@code text} as a JSON string. */
    private static void appendString(Appendable out, String text) throws IOException {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
