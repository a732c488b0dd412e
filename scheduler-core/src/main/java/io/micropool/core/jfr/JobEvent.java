package io.micropool.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A published foreground job, from its publication to its completion, recorded by the thread that made
 * the call; for the second half of a two-half call offered to other threads (a job of one unit), from the
 * moment the half was pushed to its completion. Two-half calls whose second half stayed on their thread
 * publish nothing and are not recorded.
 */
@Name("io.micropool.Job")
@Label("Job")
@Category("micropool")
@Enabled(false)
@Description("A foreground job published in a slot: from publication to completion, on the calling thread")
@StackTrace(false)
public final class JobEvent extends Event {
    /** Makes an empty event; the pool makes them. */
    public JobEvent() {
    }

    private static final EventType TYPE = EventType.getEventType(JobEvent.class);

    /** The call tree the job belongs to. */
    @Label("Scope")
    @Description("The call tree the job belongs to")
    public int scope;

    /** The job slot it was published in. */
    @Label("Slot")
    @Description("The job slot it was published in")
    public int slot;

    /** The job's units: its count, or 1 for the offered half of a two-half call. */
    @Label("Units")
    public int units;

    /** Whether the thread that made the call is one of the pool's workers. */
    @Label("Caller Is Worker")
    public boolean callerIsWorker;

    /** {@return whether some recording wants these events: the whole cost when none does} */
    public static boolean enabled() {
        return TYPE.isEnabled();
    }

    /** {@return a begun event if some recording wants these events, else null (nothing allocated)} */
    public static JobEvent beginIfEnabled() {
        if (!TYPE.isEnabled()) {
            return null;
        }
        JobEvent event = new JobEvent();
        event.begin();
        return event;
    }

    /**
     * Ends and commits {@code event}, begun by {@link #beginIfEnabled}, unless it is null.
     *
     * @param event          the event {@link #beginIfEnabled} returned, or null
     * @param scope          the call tree the job belongs to
     * @param slot           the job slot it was published in
     * @param units          the job's units: its count, or 1 for the offered half of a two-half call
     * @param callerIsWorker whether the thread that made the call is one of the pool's workers
     */
    public static void commit(JobEvent event, int scope, int slot, int units, boolean callerIsWorker) {
        if (event != null) {
            event.scope = scope;
            event.slot = slot;
            event.units = units;
            event.callerIsWorker = callerIsWorker;
            event.commit();
        }
    }
}
