package io.micropool.core.iter;

/**
 * The element types of a pipeline. Primitive elements travel between stages as a {@code long}: an
 * {@code int} sign-extended, a {@code double} as its raw bits; objects as an {@code Object}. One sink
 * method per representation keeps every stage free of boxing.
 */
final class Lane {
    static final int INT = 0;
    static final int LONG = 1;
    static final int DOUBLE = 2;
    static final int OBJ = 3;

    private Lane() {
    }

    /**
     * @return the one of {@code ints}, {@code longs}, {@code doubles} and {@code objects} that is for
     *         {@code lane}: how each terminal operation picks its singleton for a pipeline's lane
     */
    static <T> T pick(int lane, T ints, T longs, T doubles, T objects) {
        switch (lane) {
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
