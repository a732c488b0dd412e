package io.micropool.perf.showcase;

/** The two shapes of a frame's foreground work; both are {@value FrameWorkload#UNITS} busy units. */
enum FrameVariant {
    /** One flat call of {@value FrameWorkload#UNITS} units. */
    INVOKE("invoke", "invoke(8 x 25 us)"),
    /** A join of two halves, each a call of half the units: a nested call tree of depth two. */
    NESTED("nested", "join(invoke(4 x 25 us), invoke(4 x 25 us))");

    /** Short name, for the table and file names. */
    final String id;
    /** What a frame runs, in words. */
    final String description;

    FrameVariant(String id, String description) {
        this.id = id;
        this.description = description;
    }
}
