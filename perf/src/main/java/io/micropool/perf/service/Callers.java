package io.micropool.perf.service;

/** Who makes the requests: a fixed set of platform request threads, or a new virtual thread per request. */
enum Callers {
    /** {@value Callers#PLATFORM_THREADS} platform threads taking requests from one queue, like a servlet container's. */
    PLATFORM("platform", Callers.PLATFORM_THREADS + " platform request threads"),
    /** A new virtual thread per request (JDK 21 and later). */
    VIRTUAL("virtual", "a new virtual thread per request");

    /** The request threads of {@link #PLATFORM}. */
    static final int PLATFORM_THREADS = 64;

    final String id;
    final String description;

    Callers(String id, String description) {
        this.id = id;
        this.description = description;
    }
}
