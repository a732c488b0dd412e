package io.micropool.perf.showcase;

/** Whether background tasks compete with the frames for the pool. */
enum Load {
    /** Only the frames run on the pool. */
    NONE("no load", "idle"),
    /** A feeder keeps every pool thread supplied with 2 ms background tasks. */
    BACKGROUND("under load", "load");

    /** For the table and the plot. */
    final String label;
    /** For file names. */
    final String id;

    Load(String label, String id) {
        this.label = label;
        this.id = id;
    }
}
