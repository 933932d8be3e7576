#!/usr/bin/env bash
# Flakiness: runs the unit and @QuarkusTest suites (surefire, every module) N times on this commit
# and lists every test that failed at least once, with how often. Asserts nothing; exits 1 when a
# test failed in some run, so that it can gate a change.
#   bench/flaky.sh [runs=5] [extra Maven arguments, e.g. -pl monitor-service -am]
# Each run's surefire reports are kept in target/flaky/run-N/.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
runs=${1:-5}
shift || true
out=target/flaky
rm -rf "$out"
mkdir -p "$out"
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  status=0
  find . -path ./target -prune -o -type d -path '*/target/surefire-reports' -print0 | xargs -0 rm -rf
  # A failing test must not keep the modules after it from running: failures are read from the
  # reports, not from Maven's exit status.
  ./mvnw -B -fae -Dmaven.test.failure.ignore=true test "$@" > "$out/run-$run.log" 2>&1 || status=$?
  mkdir -p "$out/run-$run"
  find . -path ./target -prune -o -path '*/target/surefire-reports/TEST-*.xml' -print \
    | while read -r report; do cp "$report" "$out/run-$run/"; done
  echo "run $run of $runs: exit $status, $(( $(date +%s) - start )) s"
done
exec "$JAVA" bench/FlakyReport.java "$out"
