package io.micropool.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A thread of the pool parked with nothing to do: a worker asleep, or an owner waiting for its job. */
@Name("io.micropool.Park")
@Label("Park")
@Category("micropool")
@Enabled(false)
@Description("A worker asleep after its spin budget, or an owner parked while waiting for its job")
@StackTrace(false)
public final class ParkEvent extends Event {
    /** Makes an empty event; the pool makes them. */
    public ParkEvent() {
    }

    private static final EventType TYPE = EventType.getEventType(ParkEvent.class);

    /** True for a worker falling asleep, false for an owner waiting for its job. */
    @Label("Worker")
    @Description("True for a worker falling asleep, false for an owner waiting for its job")
    public boolean worker;

    /** Whether another thread woke it to help with new work. */
    @Label("Woken For Work")
    @Description("Whether another thread woke it to help with new work")
    public boolean wokenForWork;

    /**
     * {@return a begun event, to be committed when the park ends; null when no recording wants it}
     *
     * @param worker true for a worker falling asleep, false for an owner waiting for its job
     */
    public static ParkEvent begin(boolean worker) {
        if (!TYPE.isEnabled()) {
            return null;
        }
        ParkEvent event = new ParkEvent();
        event.worker = worker;
        event.begin();
        return event;
    }
}
