#!/usr/bin/env bash
# Benchmark of the console against the running local stack (./preflight up). Prints figures;
# asserts nothing. Needs wrk (Debian: apt-get install wrk) and curl.
# Signs in as engineer through the real Keycloak login page (the OIDC code flow, with curl), then
# in one run: throughput and p99 of a version's page (HTML, with the user's session cookie) against
# GET …/checklist of the same version (the JSON it is built from, with a bearer token), and their
# ratio (issue 17's goal: the page at ≥ 0.5× the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

CONSOLE=${PREFLIGHT_CONSOLE_URL:-http://127.0.0.1:8080}
CHECKLIST=${PREFLIGHT_CHECKLIST_URL:-http://127.0.0.1:8081}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-90s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
command -v wrk > /dev/null || { echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; }
curl -sf "$CONSOLE/q/health/ready" > /dev/null || { echo "the console is not up: ./preflight up" >&2; exit 1; }

PIPELINE=$(./preflight token pipeline)
ENGINEER=$(./preflight token engineer)
MODEL="bench-console-$(date +%s)"
post() { curl -sf -X POST "$CHECKLIST$1" -H "Authorization: Bearer $PIPELINE" -H 'Content-Type: application/json' -d "$2" > /dev/null; }
post /api/v1/models "{\"modelId\": \"$MODEL\", \"name\": \"Benchmark\", \"team\": \"fraud\", \"owner\": {\"name\": \"Ada Lovelace\", \"email\": \"ada@acme.dev\"}}"
post "/api/v1/models/$MODEL/versions" '{"version": "1.0.0", "features": [{"name": "amount", "type": "numeric"}], "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"}}}}'
sleep 3 # the probe's first checks settle, so both sides read the same checklist

# Sign in: the console sends curl to Keycloak's login page; its form posts back through the code
# flow, and the console sets its session cookie (q_session, chunked when large).
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
LOGIN=$(curl -s -L -c "$JAR" -b "$JAR" "$CONSOLE/models/$MODEL/versions/1.0.0")
ACTION=$(echo "$LOGIN" | grep -o 'action="[^"]*"' | head -1 | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')
[ -n "$ACTION" ] || { echo "no Keycloak login form at $CONSOLE" >&2; exit 1; }
curl -s -L -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode username=engineer --data-urlencode password=engineer "$ACTION"
COOKIE=$(awk -F'\t' '$6 ~ /^q_session/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$JAR")
[ -n "$COOKIE" ] || { echo "the sign-in gave no console session" >&2; exit 1; }
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$CONSOLE/models/$MODEL/versions/1.0.0")
[ "$STATUS" = 200 ] || { echo "the version page answered $STATUS with the session" >&2; exit 1; }

PAGE_URL="$CONSOLE/models/$MODEL/versions/1.0.0"
JSON_URL="$CHECKLIST/api/v1/models/$MODEL/versions/1.0.0/checklist"
# CPU of the processes serving a run (utime + stime from /proc), per request: where a page's time
# goes beside the JSON's.
TICK=$(getconf CLK_TCK)
pid_on() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
CONSOLE_PID=$(pid_on "${CONSOLE##*:}")
CHECKLIST_PID=$(pid_on "${CHECKLIST##*:}")
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0; }
postgres_ticks() {
  for stat in /proc/[0-9]*/stat; do
    awk '$2 == "(postgres)" {print $14 + $15}' "$stat" 2> /dev/null
  done | awk '{t += $1} END {print t + 0}'
}
cpu() { echo "$(ticks "$CONSOLE_PID") $(ticks "$CHECKLIST_PID") $(postgres_ticks)"; }
# Milliseconds of CPU per request of each process between two cpu() readings, over a wrk run's
# requests.
per_request() {
  local requests
  requests=$(echo "$3" | awk '/requests in/ {print $1}')
  awk -v a="$1" -v b="$2" -v n="$requests" -v tick="$TICK" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    printf "CPU per request: console %.3f ms, checklist-service %.3f ms, PostgreSQL %.3f ms\n",
      (y[1] - x[1]) * 1000 / tick / n, (y[2] - x[2]) * 1000 / tick / n, (y[3] - x[3]) * 1000 / tick / n
  }'
}

# Both warmed first, until the JIT has compiled their paths: after 5 s the console's C2 compiler
# threads still took 30 % of its CPU (thousands of methods a second at tier 2, the C2 queue full),
# which measured the JIT, not the page: the page rose from 0.23× to 0.36× of the JSON between 30 s
# and 90 s of warm-up, and the compiler threads went idle.
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $COOKIE" "$PAGE_URL" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $ENGINEER" "$JSON_URL" > /dev/null
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION: the version page $PAGE_URL"
# BENCH_JFR=<dir>: flight recordings of the console and the checklist-service during the page's run.
if [ -n "${BENCH_JFR:-}" ]; then
  mkdir -p "$BENCH_JFR"
  for pid in "$CONSOLE_PID" "$CHECKLIST_PID"; do
    jcmd "$pid" JFR.start name=bench settings=profile filename="$(realpath "$BENCH_JFR")/$pid.jfr" > /dev/null
  done
fi
BEFORE=$(cpu)
PAGE=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$PAGE_URL")
AFTER=$(cpu)
if [ -n "${BENCH_JFR:-}" ]; then
  for pid in "$CONSOLE_PID" "$CHECKLIST_PID"; do jcmd "$pid" JFR.stop name=bench > /dev/null; done
  echo "flight recordings: $BENCH_JFR/$CONSOLE_PID.jfr (console), $BENCH_JFR/$CHECKLIST_PID.jfr (checklist-service)"
fi
echo "$PAGE" | grep -E "Requests/sec|99%|Non-2xx" || true
per_request "$BEFORE" "$AFTER" "$PAGE"
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION: GET …/checklist (JSON) $JSON_URL"
BEFORE=$(cpu)
JSON=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $ENGINEER" "$JSON_URL")
AFTER=$(cpu)
echo "$JSON" | grep -E "Requests/sec|99%|Non-2xx" || true
per_request "$BEFORE" "$AFTER" "$JSON"
rate() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "== page / JSON throughput: $(awk -v a="$(rate "$PAGE")" -v b="$(rate "$JSON")" 'BEGIN {printf "%.2f", a / b}') (goal ≥ 0.5)"
