package io.micropool.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The check a test ends with: the pool has given back every job slot and every scope. */
final class Quiescence {
    private Quiescence() {
    }

    /** Asserts that no job slot and no scope of {@code pool} is in use. */
    static void assertQuiescent(MicroPool pool) {
        MicroPoolStats stats = pool.stats();
        assertEquals(0, stats.jobSlotsInUse(), "job slots in use: " + stats);
        assertEquals(0, stats.scopesInUse(), "scopes in use: " + stats);
    }
}
