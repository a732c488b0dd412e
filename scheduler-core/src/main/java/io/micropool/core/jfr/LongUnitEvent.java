package io.micropool.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A unit of a published job that ran longer than the event's threshold (1 ms unless the recording sets
 * another: {@code -XX:StartFlightRecording:settings=…} or {@code Recording.enable(…).withThreshold(…)}).
 * The units of nested pairs kept on their thread are not timed.
 */
@Name("io.micropool.LongUnit")
@Label("Long Unit")
@Category("micropool")
@Enabled(false)
@Description("A unit of a published job that ran longer than the threshold")
@Threshold("1 ms")
public final class LongUnitEvent extends Event {
    /** Makes an empty event; the pool makes them. */
    public LongUnitEvent() {
    }

    private static final EventType TYPE = EventType.getEventType(LongUnitEvent.class);

    /** The call tree of the unit's job. */
    @Label("Scope")
    public int scope;

    /** The job slot the unit's job was published in. */
    @Label("Slot")
    public int slot;

    /** The unit's index in its job. */
    @Label("Unit Index")
    public int index;

    /** {@return whether some recording wants these events} */
    public static boolean enabled() {
        return TYPE.isEnabled();
    }

    /** {@return a begun event if some recording wants these events, else null (nothing allocated)} */
    public static LongUnitEvent beginIfEnabled() {
        if (!TYPE.isEnabled()) {
            return null;
        }
        LongUnitEvent event = new LongUnitEvent();
        event.begin();
        return event;
    }

    /**
     * Ends {@code event} (from {@link #beginIfEnabled}; nothing if null) and commits it with the unit's
     * place if it lasted longer than the threshold.
     *
     * @param event the event, or null
     * @param scope the call tree of the unit's job
     * @param slot  the job's slot
     * @param index the unit's index
     */
    public static void commit(LongUnitEvent event, int scope, int slot, int index) {
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            event.scope = scope;
            event.slot = slot;
            event.index = index;
            event.commit();
        }
    }
}
