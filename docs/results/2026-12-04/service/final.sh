#!/bin/bash
cd /work/main
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
while awk '{exit !($1 > 0.5)}' /proc/loadavg; do sleep 10; done
echo "A start $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --seconds 3 --out /tmp/meas/final-A > /tmp/meas/final-A.txt 2>&1
echo "A end $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
while awk '{exit !($1 > 0.5)}' /proc/loadavg; do sleep 10; done
echo "B start $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
$J25 -cp perf/target/benchmarks.jar io.micropool.perf.service.ServiceShowcase --seconds 3 --out /tmp/meas/final-B > /tmp/meas/final-B.txt 2>&1
echo "B end $(date) $(cat /proc/loadavg)" >> /tmp/meas/final.log
