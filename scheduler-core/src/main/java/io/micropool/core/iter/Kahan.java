package io.micropool.core.iter;

/**
 * Compensated (Kahan) summation of doubles, as {@code DoubleStream.sum()} does it, on a state of three
 * doubles kept at {@code at} in an array: the running sum, its compensation, and a simple sum that gives
 * the result when infinities make the compensated sum NaN.
 */
final class Kahan {
    static final int WIDTH = 3;

    private Kahan() {
    }

    static void reset(double[] state, int at) {
        state[at] = 0;
        state[at + 1] = 0;
        state[at + 2] = 0;
    }

    static void add(double[] state, int at, double value) {
        state[at + 2] += value;
        addCompensated(state, at, value);
    }

    private static void addCompensated(double[] state, int at, double value) {
        double sum = state[at];
        double y = value - state[at + 1];
        double t = sum + y;
        state[at + 1] = (t - sum) - y;
        state[at] = t;
    }

    /** Adds the state at {@code from} in {@code other} into the state at {@code at}. */
    static void merge(double[] state, int at, double[] other, int from) {
        addCompensated(state, at, other[from]);
        addCompensated(state, at, -other[from + 1]);
        state[at + 2] += other[from + 2];
    }

    static double result(double[] state, int at) {
        double result = state[at] - state[at + 1];
        return Double.isNaN(result) && Double.isInfinite(state[at + 2]) ? state[at + 2] : result;
    }
}
