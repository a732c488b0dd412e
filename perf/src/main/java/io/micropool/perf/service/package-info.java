/**
 * The service showcase: request latency against offered load for a service whose requests fan out into
 * a pool, on micropool and on the pools people use today, with platform request threads and with a
 * virtual thread per request.
 *
 * <h2>Scenario</h2>
 * Requests are due at fixed rates ({@link OpenLoopRun}: open loop, latencies from due times, so no
 * coordinated omission), from a tenth to nine tenths of what the machine's cores can serve. Each
 * {@linkplain Request request} is eight units of 5 to 20 µs of busy CPU work that its request thread fans
 * out into the {@linkplain ServicePool pool under test} and waits for.
 *
 * <h2>What is measured</h2>
 * Per configuration: achieved throughput, latency percentiles, requests lost when a pool fell too far
 * behind, the dispatcher's own lateness, CPU and bytes allocated per request. The picture is p99 against
 * offered load, one line per pool ({@link LoadCurvePlot}).
 *
 * <p>Entry point: {@link ServiceShowcase}; run it with {@code ./run-showcase --service} from the repository
 * root.
 */
package io.micropool.perf.service;
