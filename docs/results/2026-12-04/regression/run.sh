#!/bin/bash
cd /work/main
old=/tmp/wt-old/perf/target/benchmarks.jar; new=/work/main/perf/target/benchmarks.jar
args="JoinLatencyBenchmark|JoinBenchmark|TaskBenchmark -p pool=micropool -p workNanos=0 -p gapNanos=0,1000000 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json"
for round in 1 2; do
  for which in old new; do
    jar=$old; [ $which = new ] && jar=$new
    echo "$which $round start $(cat /proc/loadavg)" >> /tmp/regr/log
    java -jar $jar $args -rff /tmp/regr/$which-$round.json > /tmp/regr/$which-$round.txt 2>&1
    echo "$which $round end $(cat /proc/loadavg)" >> /tmp/regr/log
  done
done
