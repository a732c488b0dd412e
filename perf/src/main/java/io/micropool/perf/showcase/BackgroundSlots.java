package io.micropool.perf.showcase;

/**
 * The background tasks one pool keeps in flight, as a fixed number of slots that each hold at most one
 * task. A pool implements it with the handles its API returns; the {@link BackgroundFeeder} refills it.
 */
interface BackgroundSlots {
    /** @return the number of slots: how many background tasks are kept in flight */
    int size();

    /**
     * @param slot in {@code [0, size())}
     * @return true if the slot has never been launched or its last task has finished
     */
    boolean isIdle(int slot);

    /**
     * Submits a background task into an idle slot.
     *
     * @param slot an idle slot
     */
    void launch(int slot);
}
