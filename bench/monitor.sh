#!/usr/bin/env bash
# Benchmark of monitor-service against Kafka's own consumer (prints figures, asserts nothing):
# 10,000,000 inference records of 1,000 model versions (10 features of mixed types) on a fresh
# broker; ConsumerPerformance reads them (median of 3), then a consumer that only deserialises the
# bytes; then the packaged monitor processes the same backlog. Prints the rates over the middle 80 %
# and their ratio, CPU per record of the monitor and the broker, the monitor's GC share and bytes
# allocated per record, the lag after the run, the heap per active version, and whether the windows
# counted exactly the records produced.
#   bench/monitor.sh [records] [versions]
#   BENCH_MONITOR_HEAP=1g BENCH_MONITOR_THREADS=1 BENCH_MONITOR_JFR=/tmp/monitor.jfr
#   BENCH_MONITOR_BASELINE_JAR=/path/to/another/monitor-service/target/quarkus-app/quarkus-run.jar
#     also runs that build on the same topic afterwards and prints both side by side
#   BENCH_MONITOR_FEATURES=20 adds ten numeric features to every record and profile;
#   BENCH_MONITOR_ACTIVE=1000 sends records of only that many of the registered versions
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -f monitor-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f devstack/target/devstack.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
exec "$JAVA" -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "devstack/target/devstack.jar:devstack/target/lib/*" bench/MonitorBench.java "$@"
