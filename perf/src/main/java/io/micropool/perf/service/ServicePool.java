package io.micropool.perf.service;

import io.micropool.core.Counter;
import io.micropool.core.MicroPool;
import io.micropool.core.MicroPoolStats;
import io.micropool.core.ThreadStats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * One pool in the service comparison, used the way its own API is meant to be used: a request thread
 * fans its units out into the pool and waits for them. The five pools are the nested classes; each runs
 * on two threads of its own on a 2-core machine, or on the request thread alone ({@link Inline}).
 */
interface ServicePool extends AutoCloseable {
    /**
     * @param callers who makes the requests: with virtual threads, micropool defers every call whatever
     *                its settings, so it runs once
     * @return the pools in the order they run; each is made just before its runs and closed after them
     */
    static List<Supplier<ServicePool>> all(Callers callers) {
        List<Supplier<ServicePool>> pools = new ArrayList<>();
        pools.add(() -> new MicroPoolService(false));
        if (callers == Callers.PLATFORM) {
            pools.add(() -> new MicroPoolService(true));
        }
        pools.add(() -> new ForkJoinService(new ForkJoinPool(2), true));
        pools.add(() -> new ForkJoinService(ForkJoinPool.commonPool(), false));
        pools.add(ExecutorService::new);
        pools.add(Inline::new);
        return pools;
    }

    /** @return the name in the table and the plot, with the pool's thread count */
    String name();

    /** @return a short name for file names: letters, digits and dashes */
    String fileId();

    /** Runs {@code request}'s units, expressed as {@code fanOut} says, and returns when all are done. */
    void run(Request request, FanOut fanOut);

    /** @return what the pool counted, one line, if it counts anything; empty for the JDK's pools */
    default List<String> statistics() {
        return List.of();
    }

    @Override
    void close();

    /**
     * {@code MicroPool.builder().workers(1)}: one worker, and every request thread takes part in its calls;
     * with its defaults (a platform thread's call is published at once) or {@code deferCalls(true)} (a
     * call is published once an idle thread asks and the rest looks worth a wake-up).
     */
    final class MicroPoolService implements ServicePool {
        private final MicroPool pool;
        private final boolean deferred;

        MicroPoolService(boolean deferred) {
            this.deferred = deferred;
            this.pool = MicroPool.builder().workers(1).deferCalls(deferred).threadNamePrefix("service-micropool-").build();
        }

        @Override
        public String name() {
            return deferred ? "micropool-deferred" : "micropool(1+caller)";
        }

        @Override
        public String fileId() {
            return deferred ? "micropool-deferred" : "micropool";
        }

        @Override
        public void run(Request request, FanOut fanOut) {
            if (fanOut == FanOut.INVOKE) {
                pool.invoke(Request.UNITS, request, Request::runUnit);
            } else {
                pool.range(0, Request.UNITS).forEach(request::unit);
            }
        }

        @Override
        public List<String> statistics() {
            MicroPoolStats stats = pool.stats();
            ThreadStats total = stats.total();
            return List.of(String.format("%s: units run %d own / %d helping / %d by the idle worker; jobs published %d, "
                    + "calls kept %d, inline for lack of a scope %d; wake-ups sent %d, wake-up latency %d us", name(),
                total.get(Counter.UNITS_RUN_OWN), total.get(Counter.UNITS_RUN_HELPING),
                total.get(Counter.UNITS_RUN_BY_IDLE_WORKER), total.get(Counter.JOBS_PUBLISHED),
                total.get(Counter.CALLS_KEPT), total.get(Counter.INLINE_NO_FREE_SCOPE),
                total.get(Counter.WAKE_UPS_SENT), stats.wakeLatencyNanos() / 1000));
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /**
     * A {@link ForkJoinPool}: {@code new ForkJoinPool(2)} or the common pool. {@code invoke} of a root
     * action that calls {@code invokeAll} on eight leaf actions; the stream runs as
     * {@code IntStream.range(0, 8).parallel()} inside the pool (on the common pool straight from the
     * request thread, which may then run parts of it itself).
     */
    final class ForkJoinService implements ServicePool {
        private final ForkJoinPool pool;
        private final boolean owned;

        ForkJoinService(ForkJoinPool pool, boolean owned) {
            this.pool = pool;
            this.owned = owned;
        }

        @Override
        public String name() {
            return owned ? "forkjoin(" + pool.getParallelism() + ")" : "commonPool(" + pool.getParallelism() + ")";
        }

        @Override
        public String fileId() {
            return owned ? "forkjoin" + pool.getParallelism() : "commonpool";
        }

        @Override
        public void run(Request request, FanOut fanOut) {
            if (fanOut == FanOut.INVOKE) {
                pool.invoke(new Fan(request));
            } else if (owned) {
                pool.submit(() -> IntStream.range(0, Request.UNITS).parallel().forEach(request::unit)).join();
            } else {
                IntStream.range(0, Request.UNITS).parallel().forEach(request::unit);
            }
        }

        @Override
        public void close() {
            if (owned) {
                pool.shutdown();
                awaitTermination(pool);
            }
        }

        /** The root action: {@code invokeAll} of one {@link Unit} per unit. */
        private static final class Fan extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final transient Request request;

            Fan(Request request) {
                this.request = request;
            }

            @Override
            protected void compute() {
                Unit[] units = new Unit[Request.UNITS];
                for (int i = 0; i < units.length; i++) {
                    units[i] = new Unit(request, i);
                }
                invokeAll(units);
            }
        }

        private static final class Unit extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final transient Request request;
            private final int index;

            Unit(Request request, int index) {
                this.request = request;
                this.index = index;
            }

            @Override
            protected void compute() {
                request.unit(index);
            }
        }
    }

    /**
     * A {@link ThreadPoolExecutor} of two threads and an unbounded queue: eight
     * {@code CompletableFuture.runAsync} on it, then {@code allOf(…).join()}; it has no parallel streams, so
     * the stream variant is the same.
     */
    final class ExecutorService implements ServicePool {
        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "service-executor");
                thread.setDaemon(true);
                return thread;
            });

        @Override
        public String name() {
            return "threadpool(2)+CF";
        }

        @Override
        public String fileId() {
            return "threadpool2";
        }

        @Override
        public void run(Request request, FanOut fanOut) {
            CompletableFuture<?>[] units = new CompletableFuture<?>[Request.UNITS];
            for (int i = 0; i < units.length; i++) {
                int unit = i;
                units[i] = CompletableFuture.runAsync(() -> request.unit(unit), executor);
            }
            CompletableFuture.allOf(units).join();
        }

        @Override
        public void close() {
            executor.shutdown();
            awaitTermination(executor);
        }
    }

    /** No pool: the request thread runs its eight units itself, one after the other. */
    final class Inline implements ServicePool {
        @Override
        public String name() {
            return "request thread only";
        }

        @Override
        public String fileId() {
            return "inline";
        }

        @Override
        public void run(Request request, FanOut fanOut) {
            if (fanOut == FanOut.INVOKE) {
                for (int i = 0; i < Request.UNITS; i++) {
                    request.unit(i);
                }
            } else {
                IntStream.range(0, Request.UNITS).forEach(request::unit);
            }
        }

        @Override
        public void close() {
            // nothing to shut down
        }
    }

    /** Waits for a pool that was shut down to end its threads (at most a minute). */
    private static void awaitTermination(java.util.concurrent.ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException(pool + " did not end within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
