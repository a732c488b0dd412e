#!/bin/bash
cd /work/main
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
while awk '{exit !($1 > 0.5)}' /proc/loadavg; do sleep 10; done
echo "B start $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --seconds 3 --out /tmp/meas/final-B > /tmp/meas/final-B.txt 2>&1
echo "B end $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
while awk '{exit !($1 > 0.5)}' /proc/loadavg; do sleep 10; done
echo "C17 start $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
/usr/lib/jvm/java-17-openjdk-amd64/bin/java -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --seconds 3 --callers platform --out /tmp/meas/final-C17 > /tmp/meas/final-C17.txt 2>&1
echo "C17 end $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
