package io.micropool.core.iter;

/**
 * The element type of a pipeline. Primitive elements travel between stages as a {@code long}: an
 * {@code int} sign-extended, a {@code double} as its raw bits; objects as an {@code Object}. One sink
 * method per representation keeps every stage free of boxing.
 *
 * <p>A pipeline's lane is fixed when it is built: each terminal operation picks its singleton for the
 * lane once ({@link #pick}), and no sink or loop asks for it per element.
 */
enum Lane {
    INT,
    LONG,
    DOUBLE,
    OBJ;

    /** @return the one of {@code ints}, {@code longs}, {@code doubles} and {@code objects} that is for this lane */
    <T> T pick(T ints, T longs, T doubles, T objects) {
        switch (this) {
            case INT:
                return ints;
            case LONG:
                return longs;
            case DOUBLE:
                return doubles;
            default:
                return objects;
        }
    }

    static long ofDouble(double value) {
        return Double.doubleToRawLongBits(value);
    }

    static double toDouble(long bits) {
        return Double.longBitsToDouble(bits);
    }
}
