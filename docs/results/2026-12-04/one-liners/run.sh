#!/bin/bash
cd /work/main
old=/tmp/wt-old2/perf/target/benchmarks.jar; new=/work/main/perf/target/benchmarks.jar
args="StreamBenchmark.sumMicropool -p size=10000,1000000 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json"
while awk '{exit !($1 > 0.6)}' /proc/loadavg; do sleep 10; done
for jdk in 17 25; do
  java=java; [ $jdk = 25 ] && java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  for which in old new; do
    jar=$old; [ $which = new ] && jar=$new
    echo "$which $jdk start $(cat /proc/loadavg)" >> /tmp/oneliner/log
    $java -jar $jar $args -rff /tmp/oneliner/$which-$jdk.json > /tmp/oneliner/$which-$jdk.txt 2>&1
    echo "$which $jdk end $(cat /proc/loadavg)" >> /tmp/oneliner/log
  done
done
