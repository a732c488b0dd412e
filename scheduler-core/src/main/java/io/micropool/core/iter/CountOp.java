package io.micropool.core.iter;

/**
 * {@code count} of a pipeline whose size is not known up front (a filter or a slice after one; a sized
 * pipeline's count is read from its window). Any lane. Chunk {@code c} leaves its count in
 * {@code counts[c]}.
 */
final class CountOp extends PrimitiveOp {
    static final CountOp INSTANCE = new CountOp();

    private CountOp() {
    }

    @Override Terminal sink(Run run) {
        return new Terminal(run.cutoff, false) {
            private long count;

            @Override void accept(long v) {
                count++;
            }

            @Override void acceptObj(Object v) {
                count++;
            }

            @Override void end(Run run, int chunk) {
                run.counts[chunk] = count;
            }
        };
    }

    @Override long combine(Run run) {
        return SumOp.count(run);
    }
}
