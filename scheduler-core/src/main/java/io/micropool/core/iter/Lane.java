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

    static long ofDouble(double value) {
        return Double.doubleToRawLongBits(value);
    }

    static double toDouble(long bits) {
        return Double.longBitsToDouble(bits);
    }
}
