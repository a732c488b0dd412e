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
 * the call. Nested two-unit calls kept on their thread publish nothing and are not recorded, nor, for
 * now, are the pending halves such calls offer to other threads.
 */
@Name("io.micropool.Job")
@Label("Job")
@Category("micropool")
@Enabled(false)
@Description("A foreground job published in a slot: from publication to completion, on the calling thread")
@StackTrace(false)
public final class JobEvent extends Event {
    private static final EventType TYPE = EventType.getEventType(JobEvent.class);

    @Label("Scope")
    @Description("The call tree the job belongs to")
    public int scope;

    @Label("Slot")
    @Description("The job slot it was published in")
    public int slot;

    @Label("Units")
    public int units;

    @Label("Caller Is Worker")
    public boolean callerIsWorker;

    /** @return whether some recording wants these events: the whole cost when none does */
    public static boolean enabled() {
        return TYPE.isEnabled();
    }
}
