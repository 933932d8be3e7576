#!/usr/bin/env bash
# Benchmark of notifier-service beside Prometheus Alertmanager (prints figures, asserts nothing):
# a storm of 100,000 signals (firing and resolved) of 50 model versions on a fresh broker; the
# packaged notifier (its own PostgreSQL database) routes them to a webhook receiver; the same storm
# is posted to Alertmanager (/api/v2/alerts) with the same group_by, group_wait and group_interval,
# posting to the same kind of receiver. Prints notifications per receiver and signals per second.
#   bench/notifier.sh [signals] [versions]     needs prometheus-alertmanager (Debian package) on PATH
#   or ALERTMANAGER=/path/to/alertmanager; without it only the notifier is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -f notifier-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f devstack/target/devstack.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
exec "$JAVA" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "devstack/target/devstack.jar:devstack/target/lib/*" bench/NotifierBench.java "$@"
