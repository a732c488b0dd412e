#!/bin/bash
cd /work/main
old=/tmp/wt-old2/perf/target/benchmarks.jar; new=/work/main/perf/target/benchmarks.jar
args="TaskBenchmark.micropool -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json"
while awk '{exit !($1 > 0.5)}' /proc/loadavg; do sleep 10; done
for round in 1 2; do
  for which in old new; do
    jar=$old; [ $which = new ] && jar=$new
    echo "$which $round start $(cat /proc/loadavg)" >> /tmp/regr2/log
    java -jar $jar $args -rff /tmp/regr2/$which-$round.json > /tmp/regr2/$which-$round.txt 2>&1
    echo "$which $round end $(cat /proc/loadavg)" >> /tmp/regr2/log
  done
done
