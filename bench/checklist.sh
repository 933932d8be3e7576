#!/usr/bin/env bash
# Benchmark of checklist-service against the running local stack (./preflight up). Prints figures;
# asserts nothing. Needs wrk (Debian: apt-get install wrk) and curl.
#  1. Throughput and p99 of GET …/checklist (the full checklist with history and scores) against
#     GET /api/v1/whoami (a trivial authenticated endpoint of the same service), and their ratio.
#  2. 1,000 concurrent gate long-polls held while the gate is pending, then answered when it turns.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${PREFLIGHT_CHECKLIST_URL:-http://127.0.0.1:8081}
DURATION=${BENCH_DURATION:-20s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
POLLS=${BENCH_POLLS:-1000}
command -v wrk > /dev/null || { echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; }
curl -sf "$BASE/q/health/ready" > /dev/null || { echo "checklist-service is not up: ./preflight up" >&2; exit 1; }

PIPELINE=$(./preflight token pipeline)
APPROVER=$(./preflight token approver)
MODEL="bench-$(date +%s)"
post() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $PIPELINE" -H 'Content-Type: application/json' -d "$2" > /dev/null; }
# The gate must stay pending until the benchmark turns it: a template whose after-training items
# only people verify (the probes would settle them within seconds otherwise).
ITEMS=assets-stored,particulars-stored,creator-logged,monitoring-in-place,production-format
MODIFY=$(echo "$ITEMS" | tr ',' '\n' | sed 's/.*/{"itemId": "&", "manualOnly": true}/' | paste -sd, -)
curl -s -o /dev/null -X POST "$BASE/api/v1/templates" -H "Authorization: Bearer $(./preflight token admin)" \
  -H 'Content-Type: application/json' \
  -d "{\"id\": \"bench-manual\", \"basedOn\": {\"id\": \"default\", \"version\": 1}, \"modify\": [$MODIFY]}"
post /api/v1/models "{\"modelId\": \"$MODEL\", \"name\": \"Benchmark\", \"team\": \"fraud\", \"template\": \"bench-manual\", \"owner\": {\"name\": \"Ada Lovelace\", \"email\": \"ada@acme.dev\"}}"
post "/api/v1/models/$MODEL/versions" '{"version": "1.0.0", "features": [{"name": "amount", "type": "numeric"}]}'

run_wrk() {
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $PIPELINE" "$1"
}
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION: GET /api/v1/whoami"
TRIVIAL=$(run_wrk "$BASE/api/v1/whoami")
echo "$TRIVIAL" | grep -E "Requests/sec|99%|Non-2xx" || true
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION: GET /api/v1/models/$MODEL/versions/1.0.0/checklist"
CHECKLIST=$(run_wrk "$BASE/api/v1/models/$MODEL/versions/1.0.0/checklist")
echo "$CHECKLIST" | grep -E "Requests/sec|99%|Non-2xx" || true
rate() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "== checklist / whoami throughput: $(awk -v a="$(rate "$CHECKLIST")" -v b="$(rate "$TRIVIAL")" 'BEGIN {printf "%.2f", a / b}')"

echo "== $POLLS concurrent gate long-polls (target=test, wait=PT2M)"
ulimit -n 8192 2> /dev/null || true
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" bench/GatePolls.java "$BASE" "$MODEL" 1.0.0 "$PIPELINE" "$APPROVER" "$POLLS" \
  "$ITEMS"
