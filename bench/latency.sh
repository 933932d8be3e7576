#!/usr/bin/env bash
# Benchmark of probe-service's latency check against wrk, on the same endpoint (the sample model's
# test instance of ./preflight up), at the same concurrency and request count, in one run. Prints
# both p50/p95/p99 and the ratio of the p95s; asserts nothing. Needs wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${PREFLIGHT_CHECKLIST_URL:-http://127.0.0.1:8081}
ENDPOINT=${BENCH_MODEL_URL:-http://127.0.0.1:9000}
CONCURRENCY=4       # the SLO's concurrency below
REQUESTS=200        # probe-service's preflight.probe.replay.latency-requests
command -v wrk > /dev/null || { echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; }
curl -sf "$BASE/q/health/ready" > /dev/null || { echo "the stack is not up: ./preflight up" >&2; exit 1; }

PIPELINE=$(./preflight token pipeline)
MODEL="bench-latency-$(date +%s)"
post() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $PIPELINE" -H 'Content-Type: application/json' -d "$2" > /dev/null; }
# An advisory gate: the version declares no artifacts, so its after-training items fail, and the
# enforced test gate would refuse the deployment this benchmark needs.
curl -sf -X POST "$BASE/api/v1/templates" -H "Authorization: Bearer $(./preflight token admin)" \
  -H 'Content-Type: application/json' \
  -d '{"id": "bench-advise", "basedOn": {"id": "default", "version": 1}, "gateMode": "advise"}' > /dev/null
post /api/v1/models "{\"modelId\": \"$MODEL\", \"name\": \"Latency benchmark\", \"team\": \"fraud\", \"owner\": {\"name\": \"Ada Lovelace\", \"email\": \"ada@acme.dev\"}, \"template\": \"bench-advise\"}"
post "/api/v1/models/$MODEL/versions" "{\"version\": \"1.0.0\",
  \"features\": [{\"name\": \"amount\", \"type\": \"numeric\"}, {\"name\": \"distance_km\", \"type\": \"numeric\"},
                 {\"name\": \"hour\", \"type\": \"numeric\"}, {\"name\": \"country\", \"type\": \"categorical\"}],
  \"referenceDataset\": {\"uri\": \"$ENDPOINT/files/reference.csv\", \"format\": \"csv\"},
  \"slos\": {\"p95LatencyMs\": 10000, \"concurrency\": $CONCURRENCY}}"

# The deployment runs every test check once (the metrics replay among them); the figures compared
# below come later, each measured alone on a quiet system: wrk, then the latency check re-run.
post "/api/v1/models/$MODEL/versions/1.0.0/deployments" "{\"environment\": \"test\", \"endpointUrl\": \"$ENDPOINT\", \"protocol\": \"oip-v2\", \"modelName\": \"fraud-detector\"}"
latency_evidence() { # prints "run p50 p95 p99 max errorRate" of test-latency-ok, if measured
  curl -sf "$BASE/api/v1/models/$MODEL/versions/1.0.0/checklist" -H "Authorization: Bearer $PIPELINE" \
    | python3 -c 'import json,sys
d = json.load(sys.stdin)
for p in d["phases"]:
    for i in p["items"]:
        e = i.get("evidence") or {}
        m = e.get("measured") or {}
        if i["itemId"] == "test-latency-ok" and "p95Ms" in m:
            print(e.get("reference", "-"), m["p50Ms"], m["p95Ms"], m["p99Ms"], m["maxMs"], m["errorRate"])'
}
for _ in $(seq 1 120); do [ -n "$(latency_evidence)" ] && break; sleep 1; done
sleep 10

echo "== wrk: $REQUESTS requests at concurrency $CONCURRENCY against the same endpoint"
WRK=$(TOKEN=$PIPELINE LIMIT=$REQUESTS wrk -t1 -c"$CONCURRENCY" -d60s -s bench/latency.lua \
  "$ENDPOINT/v2/models/fraud-detector/versions/1.0.0/infer" | grep '^wrk:')
echo "$WRK"
sleep 5

echo "== probe-service's latency check: $REQUESTS requests at concurrency $CONCURRENCY (closed loop, HdrHistogram)"
RUN=$(curl -sf -X POST "${PREFLIGHT_PROBE_URL:-http://127.0.0.1:8082}/api/v1/probe-runs" -H "Authorization: Bearer $PIPELINE" \
  -H 'Content-Type: application/json' \
  -d "{\"modelId\": \"$MODEL\", \"version\": \"1.0.0\", \"phase\": \"test-deployment\", \"itemId\": \"test-latency-ok\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["runId"])')
EVIDENCE=""
for _ in $(seq 1 120); do
  EVIDENCE=$(latency_evidence)
  [ "${EVIDENCE%% *}" = "$RUN" ] && break
  sleep 1
done
[ "${EVIDENCE%% *}" = "$RUN" ] || { echo "the latency check reported no figures" >&2; exit 1; }
read -r _ P50 P95 P99 MAX ERRORS <<< "$EVIDENCE"
printf 'probe: %d requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, error rate %s\n' "$REQUESTS" "$P50" "$P95" "$P99" "$MAX" "$ERRORS"
WRK_P95=$(echo "$WRK" | sed -E 's/.*p95 ([0-9.]+) ms.*/\1/')
echo "== p95 probe / p95 wrk: $(awk -v a="$P95" -v b="$WRK_P95" 'BEGIN {printf "%.2f", a / b}')"
