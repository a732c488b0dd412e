package io.micropool.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The run of one background task, on the thread that ran it. */
@Name("io.micropool.Task")
@Label("Background Task")
@Category("micropool")
@Enabled(false)
@Description("The run of a background task")
@StackTrace(false)
public final class TaskEvent extends Event {
    /** Makes an empty event; the pool makes them. */
    public TaskEvent() {
    }

    /** A {@link #how}: polled from the queue, by a worker or by {@code close()} draining it. */
    public static final String POLLED = "polled from the queue";
    /** A {@link #how}: run by a thread in {@code join} or {@code help}. */
    public static final String JOINER = "run by its joiner";
    /** A {@link #how}: run by its submitter, because the queue was full or the pool has no worker. */
    public static final String SUBMITTER = "run by its submitter";

    private static final EventType TYPE = EventType.getEventType(TaskEvent.class);

    /** How the task came to run on its thread: {@link #POLLED}, {@link #JOINER} or {@link #SUBMITTER}. */
    @Label("How")
    @Description("Polled from the queue (by a worker, or close() draining), run by its joiner, or by its "
        + "submitter because the queue was full")
    public String how;

    /** {@return whether some recording wants these events} */
    public static boolean enabled() {
        return TYPE.isEnabled();
    }
}
