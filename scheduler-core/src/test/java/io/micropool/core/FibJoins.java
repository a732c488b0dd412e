package io.micropool.core;

import java.util.concurrent.atomic.AtomicInteger;

/** fib(n) with a {@code join} at every level, the fine-grained recursion several tests run. */
final class FibJoins {
    private FibJoins() {
    }

    /** @return fib(n), computed with a {@code join} per level on {@code pool}; counts the joins in {@code joins} */
    static long fib(MicroPool pool, int n, AtomicInteger joins) {
        if (n < 2) {
            return n;
        }
        long[] halves = new long[2];
        joins.incrementAndGet();
        pool.join(() -> halves[0] = fib(pool, n - 1, joins), () -> halves[1] = fib(pool, n - 2, joins));
        return halves[0] + halves[1];
    }

    /** @return fib(n), plain recursion */
    static long sequential(int n) {
        return n < 2 ? n : sequential(n - 1) + sequential(n - 2);
    }
}
