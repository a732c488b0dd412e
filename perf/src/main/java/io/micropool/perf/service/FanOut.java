package io.micropool.perf.service;

/** How a request's units are expressed: one parallel call, or the parallel stream a service would write. */
enum FanOut {
    /** {@code invoke(8, …)} on micropool, {@code invokeAll} of eight actions on a ForkJoinPool. */
    INVOKE("invoke", "invoke(8) / invokeAll of 8 actions / 8 CompletableFutures"),
    /** A parallel stream over the eight units: {@code pool.range(0, 8).forEach(…)}, {@code IntStream.parallel()}. */
    STREAM("stream", "a parallel stream over the 8 units (8 CompletableFutures on the executor)");

    final String id;
    final String description;

    FanOut(String id, String description) {
        this.id = id;
        this.description = description;
    }
}
