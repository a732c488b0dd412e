package io.micropool.examples;

import io.micropool.core.MicroPool;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A MicroPool handed to code that takes an {@link ExecutorService}: submit, invokeAll, shutdown. */
public class ExecutorServiceExample {
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        ExecutorService executor = MicroPool.builder().workers(2).threadNamePrefix("example-").build();

        Future<String> report = executor.submit(() -> "report from " + Thread.currentThread().getName());
        List<Callable<Integer>> parts = List.of(() -> 1, () -> 2, () -> 3);
        int total = 0;
        for (Future<Integer> part : executor.invokeAll(parts)) {
            total += part.get();
        }
        // An untimed get() of a task nobody has started runs it on this thread.
        System.out.println(report.get() + "; parts add up to " + total);

        executor.shutdown();
        boolean terminated = executor.awaitTermination(10, TimeUnit.SECONDS);
        try {
            executor.execute(() -> { });
            throw new AssertionError("a shut-down pool accepted a task");
        } catch (RejectedExecutionException expected) {
            System.out.println("terminated " + terminated + "; after shutdown: " + expected.getClass().getSimpleName());
        }
        if (total != 6 || !terminated) {
            throw new AssertionError("total " + total + ", terminated " + terminated);
        }
    }
}
