package io.micropool.core.iter;

import java.util.Comparator;
import java.util.function.BinaryOperator;

/**
 * A reduction of object elements by an associative operator ({@link Run#fn}), from an identity
 * ({@link Run#flag} set, {@link Run#identityObj}) or from each chunk's first element; {@code min} and
 * {@code max} are one with {@link #minMax}. Chunk {@code c} leaves its value in {@code objs[c]} and in
 * {@code counts[c]} whether it has one (1 or 0).
 */
final class ObjReduceOp extends TerminalOp {
    static final ObjReduceOp INSTANCE = new ObjReduceOp();

    private ObjReduceOp() {
    }

    @SuppressWarnings("unchecked")
    @Override Terminal sink(Run run) {
        return new ObjSink(run.cutoff, (BinaryOperator<Object>) run.fn, run.flag, run.identityObj);
    }

    /** @return the identity and every chunk's value reduced in chunk order */
    @SuppressWarnings("unchecked")
    static Object combine(Run run) {
        BinaryOperator<Object> op = (BinaryOperator<Object>) run.fn;
        Object value = run.identityObj;
        for (int c = 0; c < run.chunks; c++) {
            value = op.apply(value, run.objs[c]);
        }
        return value;
    }

    /** @return the values of the chunks that have one, reduced in chunk order; {@code null} if none has */
    @SuppressWarnings("unchecked")
    static Object combinePresent(Run run) {
        BinaryOperator<Object> op = (BinaryOperator<Object>) run.fn;
        boolean present = false;
        Object value = null;
        for (int c = 0; c < run.chunks; c++) {
            if (run.counts[c] != 0) {
                value = present ? op.apply(value, run.objs[c]) : run.objs[c];
                present = true;
            }
        }
        return value;
    }

    /** @return the object min or max operator keeping the first of equal elements */
    static <T> BinaryOperator<T> minMax(Comparator<? super T> comparator, boolean max) {
        return max ? BinaryOperator.maxBy(comparator) : BinaryOperator.minBy(comparator);
    }

    private static final class ObjSink extends Terminal {
        private final BinaryOperator<Object> operator;
        private boolean present;
        private Object value;

        ObjSink(Cutoff cutoff, BinaryOperator<Object> operator, boolean hasIdentity, Object identity) {
            super(cutoff, false);
            this.operator = operator;
            this.present = hasIdentity;
            this.value = identity;
        }

        @Override void acceptObj(Object v) {
            value = present ? operator.apply(value, v) : v;
            present = true;
        }

        @Override void end(Run run, int chunk) {
            run.objs[chunk] = value;
            run.counts[chunk] = present ? 1 : 0;
        }
    }
}
