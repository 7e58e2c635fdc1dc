#!/usr/bin/env bash
# Bounded soak of the proxy (not run in CI): RATE requests/s for DURATION seconds through the proxy against a
# canned upstream (bench/soak/SoakUpstream), half of them streamed, with h2load (Debian: nghttp2-client).
# Checks: zero failed requests, zero lost records (rows in the SQLite store = answered requests), and samples
# the proxy's resident memory every SAMPLE seconds into $OUT/memory.csv.
#
# Usage: bench/soak.sh                     # 1,000 req/s for 10 minutes
#        DURATION=120 RATE=500 bench/soak.sh
# Exit status: 0 when every request succeeded and every one was stored, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-600}
RATE=${RATE:-1000}
PER_CLIENT_RPS=${PER_CLIENT_RPS:-10}
SAMPLE=${SAMPLE:-10}
UPSTREAM_PORT=${UPSTREAM_PORT:-18381}
PROXY_PORT=${PROXY_PORT:-18380}
OUT=${OUT:-$(mktemp -d /tmp/llm-intercept-soak-XXXXXX)}

command -v h2load >/dev/null || { echo "soak: needs h2load (apt-get install nghttp2-client)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "soak: needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }

echo "soak: building (Release) into $OUT"
dotnet build LlmIntercept.Proxy -c Release -nologo -v q -p:SkipClientBuild=true -o "$OUT/proxy" >/dev/null
dotnet build bench/soak/SoakUpstream -c Release -nologo -v q -o "$OUT/upstream" >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

ASPNETCORE_URLS="http://127.0.0.1:$UPSTREAM_PORT" dotnet "$OUT/upstream/SoakUpstream.dll" >"$OUT/upstream.log" 2>&1 &
pids+=($!)
mkdir -p "$OUT/no-plugins"
ASPNETCORE_URLS="http://127.0.0.1:$PROXY_PORT" \
  BASE_URL="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" \
  DATABASE_URL="sqlite:///$OUT/soak.db" PLUGINS_DIR="$OUT/no-plugins" \
  Logging__LogLevel__Default=Warning \
  dotnet "$OUT/proxy/LlmIntercept.Proxy.dll" >"$OUT/proxy.log" 2>&1 &
proxy_pid=$!
pids+=("$proxy_pid")

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PROXY_PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
# One call opens the store, so the run measures steady state rather than the first migration.
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"model":"warm-up","messages":[]}' \
  "http://127.0.0.1:$PROXY_PORT/v1/chat/completions"

echo '{"model":"soak-model","messages":[{"role":"user","content":"Say something."}]}' >"$OUT/plain.json"
echo '{"model":"soak-model","stream":true,"messages":[{"role":"user","content":"Say something."}]}' >"$OUT/stream.json"
clients=$(( (RATE / 2 + PER_CLIENT_RPS - 1) / PER_CLIENT_RPS ))
echo "soak: $RATE req/s for $DURATION s ($clients clients x $PER_CLIENT_RPS req/s, plain and streamed each)"

echo "seconds,rss_kib" >"$OUT/memory.csv"
(
  start=$(date +%s)
  while kill -0 "$proxy_pid" 2>/dev/null; do
    echo "$(( $(date +%s) - start )),$(ps -o rss= -p "$proxy_pid" | tr -d ' ')" >>"$OUT/memory.csv"
    sleep "$SAMPLE"
  done
) &
pids+=($!)

for kind in plain stream; do
  h2load --h1 -c "$clients" --rps "$PER_CLIENT_RPS" -D "$DURATION" -d "$OUT/$kind.json" \
    -H 'Content-Type: application/json' "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" >"$OUT/h2load-$kind.log" 2>&1 &
  pids+=($!)
  eval "load_$kind=\$!"
done
wait "$load_plain" "$load_stream" || true

# The records of the last calls may still be in the queue: wait for it to drain.
for _ in $(seq 1 600); do
  depth=$(curl -s "http://127.0.0.1:$PROXY_PORT/health" | grep -o '"queue_depth":[0-9]*' | cut -d: -f2)
  [ "${depth:-1}" = "0" ] && break
  sleep 1
done
health=$(curl -s "http://127.0.0.1:$PROXY_PORT/health")

total=0; succeeded=0; failed=0; errored=0
for kind in plain stream; do
  line=$(grep '^requests:' "$OUT/h2load-$kind.log")
  total=$((total + $(sed -n 's/requests: \([0-9]*\) total.*/\1/p' <<<"$line")))
  succeeded=$((succeeded + $(sed -n 's/.* \([0-9]*\) succeeded.*/\1/p' <<<"$line")))
  failed=$((failed + $(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")))
  errored=$((errored + $(sed -n 's/.* \([0-9]*\) errored.*/\1/p' <<<"$line")))
done
rows=$(sqlite3 "$OUT/soak.db" "SELECT count(*) FROM llm_requests WHERE model = 'soak-model'")
streamed=$(sqlite3 "$OUT/soak.db" "SELECT count(*) FROM llm_requests WHERE model = 'soak-model' AND stream = 1")
dropped=$(grep -o '"records_dropped":[0-9]*' <<<"$health" | cut -d: -f2)
memory=$(tail -n +2 "$OUT/memory.csv" | cut -d, -f2 | sort -n)
echo
echo "requests:  $total sent, $succeeded succeeded, $failed failed, $errored errored"
echo "achieved:  $(grep -h 'finished in' "$OUT"/h2load-*.log | sed 's/.*, \([0-9.]*\) req\/s.*/\1/' | awk '{ s += $1 } END { printf "%.0f", s }') req/s"
echo "records:   $rows stored ($streamed streamed), $dropped dropped, $((succeeded - rows)) lost"
echo "rss (KiB): first $(sed -n 2p "$OUT/memory.csv" | cut -d, -f2), min $(head -n1 <<<"$memory"), max $(tail -n1 <<<"$memory"), last $(tail -n1 "$OUT/memory.csv" | cut -d, -f2)"
echo "files:     $OUT (memory.csv, h2load-*.log, proxy.log, soak.db)"

if [ "$failed" -ne 0 ] || [ "$errored" -ne 0 ] || [ "$succeeded" -ne "$total" ] || [ "$rows" -ne "$succeeded" ]; then
  echo "soak: FAILED" >&2
  exit 1
fi
echo "soak: passed"
