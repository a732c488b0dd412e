package io.micropool.core;

import io.micropool.api.Fork;
import io.micropool.testing.ThreadDumpOnTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static io.micropool.core.ForkPools.assertQuiescent;
import static io.micropool.core.ForkPools.pool;
import static io.micropool.core.ForkPools.searchingPool;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * What the {@link Fork} joins throw: when one half fails the other halves still complete and the first
 * throwable comes back as is (errors and checked throwables included), a second one suppressed on it;
 * null functions are rejected before anything runs.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 60, unit = SECONDS, threadMode = SEPARATE_THREAD)
class ForkFailureTest {
    // ---- failures ----------------------------------------------------------------------------------------

    /** Leaves of a fib call tree that count themselves and throw {@code failure} at leaf {@code failAt}. */
    private static final class FailingTree {
        final LongAdder leavesRun = new LongAdder();
        final AtomicInteger leafIndex = new AtomicInteger();
        final RuntimeException failure = new IllegalStateException("leaf failed");
        final int failAt;

        FailingTree(int failAt) {
            this.failAt = failAt;
        }

        long run(Fork fork, int n) {
            if (n < 2) {
                leavesRun.increment();
                if (leafIndex.getAndIncrement() == failAt) {
                    throw failure;
                }
                return n;
            }
            return fork.joinLong(this::run, n - 1, n - 2, Long::sum);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {0, 1, 3})
    void aFailingHalfLetsEveryOtherHalfCompleteAndIsRethrownAsIs(int workers) {
        try (MicroPool pool = searchingPool(workers)) {
            for (int failAt : new int[] {0, 1, 500, 5000, 28_000}) {
                FailingTree tree = new FailingTree(failAt);
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> tree.run(pool.fork(), 22));
                assertSame(tree.failure, thrown);
                // fib(22) has fib(23) leaves: every one ran, the failing one included.
                assertEquals(FibJoins.sequential(23), tree.leavesRun.sum(), "leaves run with failure at " + failAt);
                assertEquals(0, thrown.getSuppressed().length);
            }
            assertQuiescent(pool);
        }
    }

    @Test
    void whenBothHalvesFailTheFirstHalfsThrowableWinsWithTheOtherSuppressed() {
        try (MicroPool pool = pool(1)) {
            RuntimeException first = new IllegalStateException("first half");
            RuntimeException second = new IllegalArgumentException("second half");
            AtomicInteger ran = new AtomicInteger();
            Fork.IntToLongFunction fn = (f, which) -> {
                ran.incrementAndGet();
                throw which == 1 ? first : second;
            };
            // Outermost, then nested below enough joins to be on the fast path.
            RuntimeException outer = assertThrows(RuntimeException.class, () -> pool.fork().joinLong(fn, 1, 0, Long::sum));
            assertSame(first, outer);
            assertArrayEquals(new Throwable[] {second}, outer.getSuppressed());
            assertEquals(2, ran.get());

            RuntimeException onlySecond = new IllegalArgumentException("only the second");
            RuntimeException nested = assertThrows(RuntimeException.class, () -> nest(pool.fork(), 6, (f, which) -> {
                if (which == 0) {
                    throw onlySecond;
                }
                return 1;
            }));
            assertSame(onlySecond, nested);
            assertEquals(0, nested.getSuppressed().length);
            assertQuiescent(pool);
        }
    }

    /** Joins {@code depth} levels deep, then joins {@code fn(1)} and {@code fn(0)}. */
    private static long nest(Fork fork, int depth, Fork.IntToLongFunction fn) {
        if (depth == 0) {
            return fork.joinLong(fn, 1, 0, Long::sum);
        }
        return fork.joinLong((f, d) -> d < 0 ? 0 : nest(f, d, fn), depth - 1, -1, Long::sum);
    }

    @Test
    void errorsAndCheckedThrowablesComeBackAsIs() {
        try (MicroPool pool = pool(1)) {
            StackOverflowError error = new StackOverflowError("deep");
            Error thrown = assertThrows(StackOverflowError.class,
                () -> pool.fork().join((Fork.IntConsumer) (f, which) -> {
                    if (which == 0) {
                        throw error;
                    }
                }, 1, 0));
            assertSame(error, thrown);
            Exception checked = new java.io.IOException("checked");
            Throwable sneaky = assertThrows(java.io.IOException.class,
                () -> pool.fork().join((Fork.IntConsumer) (f, which) -> sneakyThrow(checked), 1, 0));
            assertSame(checked, sneaky);
            assertQuiescent(pool);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void nullFunctionsAreRejectedBeforeAnythingRuns() {
        try (MicroPool pool = pool(1)) {
            Fork fork = pool.fork();
            AtomicInteger ran = new AtomicInteger();
            Fork.ToLongFunction<Object> toLong = (f, x) -> ran.incrementAndGet();
            Fork.IntToLongFunction intToLong = (f, x) -> ran.incrementAndGet();
            Object x = new Object();
            assertThrows(NullPointerException.class, () -> fork.joinLong((Fork.ToLongFunction<Object>) null, x, x, Long::sum));
            assertThrows(NullPointerException.class, () -> fork.joinLong(toLong, x, x, null));
            assertThrows(NullPointerException.class, () -> fork.joinLong((Fork.IntToLongFunction) null, 1, 2, Long::sum));
            assertThrows(NullPointerException.class, () -> fork.joinLong(intToLong, 1, 2, null));
            assertThrows(NullPointerException.class, () -> fork.joinInt((Fork.ToIntFunction<Object>) null, x, x, Integer::sum));
            assertThrows(NullPointerException.class, () -> fork.joinInt((f, n) -> ran.incrementAndGet(), 1, 2, null));
            assertThrows(NullPointerException.class, () -> fork.joinDouble((Fork.IntToDoubleFunction) null, 1, 2, Double::sum));
            assertThrows(NullPointerException.class, () -> fork.joinDouble((Fork.ToDoubleFunction<Object>) (f, o) -> ran.incrementAndGet(), x, x, null));
            assertThrows(NullPointerException.class, () -> fork.join((Fork.Function<Object, Object>) null, x, x, (a, b) -> a));
            assertThrows(NullPointerException.class, () -> fork.join((Fork.IntFunction<Object>) (f, n) -> ran.incrementAndGet(), 1, 2, null));
            assertThrows(NullPointerException.class, () -> fork.join((Fork.Consumer<Object>) null, x, x));
            assertThrows(NullPointerException.class, () -> fork.join((Fork.IntConsumer) null, 1, 2));
            assertEquals(0, ran.get());
            // Null arguments are the function's business.
            assertEquals(0, fork.joinLong((Fork.ToLongFunction<Object>) (f, o) -> o == null ? 0 : 1, null, null, Long::sum));
            assertQuiescent(pool);
        }
    }
}
