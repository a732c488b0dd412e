package io.micropool.core.iter;

/**
 * {@code findFirst} and {@code findAny}: each chunk keeps its first element and stops. For
 * {@code findFirst} it lowers the cutoff to that element's position, so that chunks skip only later
 * positions and an earlier match is still found; for {@code findAny} it stops every chunk. Chunk
 * {@code c} leaves in {@code counts[c]} whether it found one (1 or 0), and the element in
 * {@code values[c]} (bits) or {@code objs[c]}. Any lane: the sink keeps what it is given.
 */
final class FindOp extends TerminalOp {
    static final FindOp FIRST = new FindOp(true);
    static final FindOp ANY = new FindOp(false);

    private final boolean first;

    private FindOp(boolean first) {
        this.first = first;
    }

    @Override Terminal sink(Run run) {
        return new FindSink(run.cutoff, first);
    }

    /** @return the first chunk that found an element: the earliest one in source order; -1 if none did */
    static int foundIn(Run run) {
        for (int c = 0; c < run.chunks; c++) {
            if (run.counts[c] != 0) {
                return c;
            }
        }
        return -1;
    }

    private static final class FindSink extends Terminal {
        private final boolean first;
        private boolean found;
        private long value;
        private Object obj;

        FindSink(Cutoff cutoff, boolean first) {
            super(cutoff, true);
            this.first = first;
        }

        @Override void accept(long v) {
            value = v;
            hit();
        }

        @Override void acceptObj(Object v) {
            obj = v;
            hit();
        }

        private void hit() {
            found = true;
            stop = true;
            if (first) {
                cutoff.lowerTo(position);
            } else {
                cutoff.stopAll();
            }
        }

        @Override void end(Run run, int chunk) {
            run.counts[chunk] = found ? 1 : 0;
            run.values[chunk] = value;
            run.objs[chunk] = obj;
        }
    }
}
