package io.micropool.core;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Failures of units in the failure tests: throwables that only these tests throw, a way to throw a
 * checked one from a unit, and the check that a call rethrows a unit's throwable as is.
 */
final class UnitFailures {
    private UnitFailures() {
    }

    /** An {@link Error} that only the failure tests throw. */
    static final class UnitError extends Error {
        private static final long serialVersionUID = 1L;

        UnitError(String message) {
            super(message);
        }
    }

    /** A checked exception that only the failure tests throw. */
    static final class UnitCheckedException extends Exception {
        private static final long serialVersionUID = 1L;

        UnitCheckedException(String message) {
            super(message);
        }
    }

    /** Throws {@code t}, checked or not, undeclared; returning a type lets a caller write {@code throw sneaky(t)}. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Asserts that {@code call} throws {@code expected} itself, not a wrapper or a copy. */
    static void assertFailsWith(Throwable expected, Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        assertSame(expected, thrown, "the call must rethrow the unit's throwable as is");
    }
}
