package io.micropool.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A call that ran inline, or a latent half not offered, because the pool ran out of job slots or scopes. */
@Name("io.micropool.Fallback")
@Label("Exhaustion Fallback")
@Category("micropool")
@Enabled(false)
@Description("Work kept on the calling thread because every job slot (maxJobs) or scope (maxScopes) was in use")
public final class FallbackEvent extends Event {
    /** Makes an empty event; the pool makes them. */
    public FallbackEvent() {
    }

    /** A {@link #reason}: every job slot ({@code maxJobs}) was reserved. */
    public static final String NO_FREE_SLOT = "no free job slot";
    /** A {@link #reason}: every scope ({@code maxScopes}) was in use. */
    public static final String NO_FREE_SCOPE = "no free scope";

    private static final EventType TYPE = EventType.getEventType(FallbackEvent.class);

    /** Why the fallback happened: {@link #NO_FREE_SLOT} or {@link #NO_FREE_SCOPE}. */
    @Label("Reason")
    public String reason;

    /** Units of the call that ran inline (1 for a latent half that could not be offered). */
    @Label("Units")
    @Description("Units of the call that ran inline (1 for a latent half that could not be offered)")
    public int units;

    /**
     * Records a fallback of {@code units} units for {@code reason}, if some recording wants it.
     *
     * @param reason {@link #NO_FREE_SLOT} or {@link #NO_FREE_SCOPE}
     * @param units  the units of the call that ran inline, 1 for a latent half that could not be offered
     */
    public static void record(String reason, int units) {
        if (TYPE.isEnabled()) {
            FallbackEvent event = new FallbackEvent();
            event.reason = reason;
            event.units = units;
            event.commit();
        }
    }
}
