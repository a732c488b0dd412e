#!/bin/bash
# A/B of the statistics' cost. req.jar: perf/target/benchmarks.jar built at e2726f9 (before statistics);
# after.jar: the same built at 9ed7246 (statistics, foreground and background). Alternates the two twice.
out=/tmp/overhead; mkdir -p $out
for round in 1 2; do
  for j in req after; do
    java -jar /tmp/probe/$j.jar JoinBenchmark -p pool=micropool -p tokens=0 -prof gc -rf json -rff $out/join-$j-$round.json > $out/join-$j-$round.log 2>&1
    java -jar /tmp/probe/$j.jar FibBenchmark -p pool=micropool-frames -p n=30 -p sequentialBelow=2 -prof gc -rf json -rff $out/fib-$j-$round.json > $out/fib-$j-$round.log 2>&1
    java -jar /tmp/probe/$j.jar 'TaskBenchmark.micropool_(resubmitJoin|spawnAwaitWorker)' -prof gc -rf json -rff $out/task-$j-$round.json > $out/task-$j-$round.log 2>&1
  done
done
echo done > $out/done
