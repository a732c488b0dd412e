package io.micropool.core.iter;

import java.util.Arrays;

/**
 * Keeps each chunk's elements, in order, up to {@link Run#cap} of them: for {@code toArray} of a pipeline
 * whose size is unknown, and for the buffer a skip/limit after a filter slices (a chunk never needs to keep
 * more than {@code skip + limit} elements; see {@link Evaluator}). Chunk {@code c} leaves its buffer in
 * {@code objs[c]} (a {@code long[]} of primitive elements as bits, or an {@code Object[]}) and the number
 * of elements in it in {@code counts[c]}.
 */
final class BufferOp extends TerminalOp {
    static final BufferOp PRIMITIVE = new BufferOp(false);
    static final BufferOp OBJECT = new BufferOp(true);

    private final boolean objects;

    private BufferOp(boolean objects) {
        this.objects = objects;
    }

    /** @return the operation of {@code lane} */
    static BufferOp of(Lane lane) {
        return lane == Lane.OBJ ? OBJECT : PRIMITIVE;
    }

    @Override Terminal sink(Run run) {
        return objects ? new ObjSink(run.cutoff, run.cap) : new PrimitiveSink(run.cutoff, run.cap);
    }

    /** @return the number of elements of all the run's chunk buffers */
    static int count(Run run) {
        long total = SumOp.count(run);
        if (total > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("more than " + (Integer.MAX_VALUE - 8) + " elements for an array");
        }
        return (int) total;
    }

    /**
     * @return elements {@code [from, from + length)} of the run's chunk buffers concatenated in chunk
     *         order, into a new array of this operation's buffer type
     */
    Object concat(Run run, int from, int length) {
        Object out = objects ? new Object[length] : new long[length];
        int skip = from;
        int at = 0;
        for (int c = 0; c < run.chunks && at < length; c++) {
            int count = (int) run.counts[c];
            int first = Math.min(skip, count);
            int take = Math.min(count - first, length - at);
            if (take > 0) {
                System.arraycopy(run.objs[c], first, out, at, take);
                at += take;
            }
            skip -= first;
        }
        return out;
    }

    /** Copies the run's chunk buffers, in chunk order, into {@code destination}, an array of {@code lane}. */
    static void copy(Run run, Lane lane, Object destination) {
        int at = 0;
        for (int c = 0; c < run.chunks; c++) {
            Object buffer = run.objs[c];
            int n = (int) run.counts[c];
            switch (lane) {
                case INT: {
                    long[] values = (long[]) buffer;
                    int[] out = (int[]) destination;
                    for (int i = 0; i < n; i++) {
                        out[at + i] = (int) values[i];
                    }
                    break;
                }
                case DOUBLE: {
                    long[] values = (long[]) buffer;
                    double[] out = (double[]) destination;
                    for (int i = 0; i < n; i++) {
                        out[at + i] = Lane.toDouble(values[i]);
                    }
                    break;
                }
                default:
                    // long[] into long[], Object[] into an object array
                    System.arraycopy(buffer, 0, destination, at, n);
            }
            at += n;
        }
    }

    private static int grow(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("more than " + length + " elements in one chunk");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8L, 2L * length);
    }

    private static final class PrimitiveSink extends Terminal {
        private final long cap;
        private long[] values = new long[16];
        private int count;

        PrimitiveSink(Cutoff cutoff, long cap) {
            super(cutoff, false);
            this.cap = cap;
            stop = cap == 0;
        }

        @Override void accept(long v) {
            if (count == values.length) {
                values = Arrays.copyOf(values, grow(count));
            }
            values[count++] = v;
            stop = count >= cap;
        }

        @Override void end(Run run, int chunk) {
            run.objs[chunk] = values;
            run.counts[chunk] = count;
        }
    }

    private static final class ObjSink extends Terminal {
        private final long cap;
        private Object[] values = new Object[16];
        private int count;

        ObjSink(Cutoff cutoff, long cap) {
            super(cutoff, false);
            this.cap = cap;
            stop = cap == 0;
        }

        @Override void acceptObj(Object v) {
            if (count == values.length) {
                values = Arrays.copyOf(values, grow(count));
            }
            values[count++] = v;
            stop = count >= cap;
        }

        @Override void end(Run run, int chunk) {
            run.objs[chunk] = values;
            run.counts[chunk] = count;
        }
    }
}
