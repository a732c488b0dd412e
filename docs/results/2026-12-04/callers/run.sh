#!/bin/bash
cd /work/main
J17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java; J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
out=/tmp/meas
P="-cp perf/target/benchmarks.jar io.micropool.perf.ServiceCallersProbe"
echo "start $(date) $(cat /proc/loadavg)" > $out/log
for c in 1 8 64 512; do $J17 $P platform $c 200000 5 > $out/p17-$c.txt 2>&1; echo "p17 $c $(cat /proc/loadavg)" >> $out/log; done
for c in 1 8 64 512; do $J25 $P platform $c 200000 5 > $out/p25-$c.txt 2>&1; echo "p25 $c $(cat /proc/loadavg)" >> $out/log; done
for c in 16 2000 20000; do $J25 $P virtual $c 200000 5 > $out/v25-$c.txt 2>&1; echo "v25 $c $(cat /proc/loadavg)" >> $out/log; done
$J25 -Dpools=micropool,inline $P virtual 2000 200000 6 > $out/v25-retained.txt 2>&1
echo "retained $(cat /proc/loadavg)" >> $out/log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --out $out/service-25 > $out/service-25.txt 2>&1
echo "service25 $(cat /proc/loadavg)" >> $out/log
$J17 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --callers platform --out $out/service-17 > $out/service-17.txt 2>&1
echo "service17 $(cat /proc/loadavg)" >> $out/log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --out $out/service-25b > $out/service-25b.txt 2>&1
echo "service25b $(cat /proc/loadavg)" >> $out/log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --fanout stream --out $out/service-25-stream > $out/service-25-stream.txt 2>&1
echo "end $(date) $(cat /proc/loadavg)" >> $out/log
