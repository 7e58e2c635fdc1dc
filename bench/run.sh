#!/usr/bin/env bash
# Benchmarks of LLM Intercept beside two limit baselines (nginx, a bare YARP forwarder), all against one
# mock upstream on this machine. Writes docs/benchmarks.md. See docs/benchmarks.md for what each table means.
#
#   bench/run.sh            full run (interleaved rounds, a 1M-row store): about 25 minutes on 2 cores
#   bench/run.sh --quick    every scenario for a few seconds, a 20k-row store: a smoke run for CI
#   bench/run.sh --store postgres   section 6 only: capture and dashboard queries on PostgreSQL beside SQLite
#                                   (100k-row stores unless --rows), spliced into docs/benchmarks.md
#
# Options: --rounds N, --rows N, --out FILE. Environment: BENCH_SKIP_CLIENT_BUILD=1 skips the SPA build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
ROUNDS=""
ROWS=""
OUT="$ROOT/docs/benchmarks.md"
STORE=sqlite
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --rounds) ROUNDS=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --store) STORE=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--rounds N] [--rows N] [--out FILE] [--store sqlite|postgres]" >&2; exit 2 ;;
  esac
  shift
done
[[ $STORE == sqlite || $STORE == postgres ]] || { echo "--store: sqlite or postgres" >&2; exit 2; }
[[ $STORE == postgres && $QUICK == 0 ]] && ROWS=${ROWS:-100000}

if [[ $QUICK == 1 ]]; then
  ROUNDS=${ROUNDS:-1} ROWS=${ROWS:-20000}
  FIXED_SECS=3 SAT_SECS=3 STREAMS=10 CAPTURE_SECS=3 BURST=2000 QUERY_ITERATIONS=5 UI_ITERATIONS=2 WRITER_ROWS=2000
  WARMUP_SECS=2 QUERY_BUDGET=5 EXPORT_ROUNDS=1
else
  ROUNDS=${ROUNDS:-3} ROWS=${ROWS:-1000000}
  FIXED_SECS=10 SAT_SECS=10 STREAMS=40 CAPTURE_SECS=15 BURST=10000 QUERY_ITERATIONS=40 UI_ITERATIONS=10 WRITER_ROWS=10000
  WARMUP_SECS=8 QUERY_BUDGET=30 EXPORT_ROUNDS=3
fi
[[ $STORE == postgres && $QUICK == 0 ]] && QUERY_BUDGET=20

# Load shapes: 10 connections x 100 req/s for the fixed rate; 32 connections for saturation (one wrk thread,
# so the load generator takes at most one of the two cores).
FIXED_CLIENTS=10 FIXED_RPS_PER_CLIENT=100 SAT_CONNECTIONS=32 BURST_CONNECTIONS=64
MOCK_PORT=18101 NGINX_PORT=18111 YARP_PORT=18112 PROXY_PORT=18113 SERVE_PORT=18120
STREAM_EVENTS=50 EVENT_DELAY_MS=2
PASSWORD=bench-password
CLK_TCK=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/llm-intercept-bench.XXXXXX)
chmod 755 "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
STARTED_PIDS=()

# shellcheck source=bench/postgres.sh
source "$ROOT/bench/postgres.sh"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  stop_postgres
}
trap cleanup EXIT

result() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"; }

# ---------------------------------------------------------------- setup
install_tools() {
  local missing=()
  command -v wrk > /dev/null || missing+=(wrk)
  command -v nginx > /dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  command -v h2load > /dev/null || missing+=(nghttp2-client)
  command -v sqlite3 > /dev/null || missing+=(sqlite3)
  [[ -x /usr/bin/time ]] || missing+=(time)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    local sudo=""
    [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > "$WORK/apt.log"
  fi
}

build() { # [projects...]: default every project the full run needs
  local extra=() projects=("$@")
  [[ ${#projects[@]} -gt 0 ]] || projects=(bench/LlmIntercept.Bench.Mock bench/LlmIntercept.Bench.Yarp \
    bench/LlmIntercept.Bench.Tools bench/LlmIntercept.Bench.Ui LlmIntercept.Proxy LlmIntercept.Cli)
  [[ ${BENCH_SKIP_CLIENT_BUILD:-0} == 1 ]] && extra+=(-p:SkipClientBuild=true)
  log "building (Release)"
  for project in "${projects[@]}"; do
    dotnet build "$ROOT/$project" -c Release -nologo -v q "${extra[@]}" > "$WORK/build.log" 2>&1 \
      || { tail -30 "$WORK/build.log" >&2; exit 1; }
  done
  MOCK_DLL="$ROOT/bench/LlmIntercept.Bench.Mock/bin/Release/net10.0/LlmIntercept.Bench.Mock.dll"
  YARP_DLL="$ROOT/bench/LlmIntercept.Bench.Yarp/bin/Release/net10.0/LlmIntercept.Bench.Yarp.dll"
  TOOLS_DLL="$ROOT/bench/LlmIntercept.Bench.Tools/bin/Release/net10.0/LlmIntercept.Bench.Tools.dll"
  UI_DLL="$ROOT/bench/LlmIntercept.Bench.Ui/bin/Release/net10.0/LlmIntercept.Bench.Ui.dll"
  PROXY_DLL="$ROOT/LlmIntercept.Proxy/bin/Release/net10.0/LlmIntercept.Proxy.dll"
  CLI="$ROOT/LlmIntercept.Cli/bin/Release/net10.0/llm-intercept"
}

tools() { dotnet "$TOOLS_DLL" "$@"; }

start() { # name command... ; sets PID_<name>
  local name=$1; shift
  "$@" > "$WORK/$name.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  printf -v "PID_$name" '%s' "$pid"
}

stop() { # name
  local var="PID_$1"
  local pid=${!var}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

wait_http() { # url
  local i
  for i in $(seq 1 240); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.25
  done
  log "no answer from $1"; exit 1
}

start_servers() {
  log "starting mock, nginx, YARP and the proxy"
  start mock dotnet "$MOCK_DLL" --urls "http://127.0.0.1:$MOCK_PORT" \
    --Mock:Events "$STREAM_EVENTS" --Mock:EventDelayMs "$EVENT_DELAY_MS" --Mock:ServiceMs 0
  wait_http "http://127.0.0.1:$MOCK_PORT/health"

  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  upstream mock { server 127.0.0.1:$MOCK_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
EOF
  start nginx nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
  start yarp dotnet "$YARP_DLL" --urls "http://127.0.0.1:$YARP_PORT" --Upstream "http://127.0.0.1:$MOCK_PORT"
  PROXY_DB="$WORK/proxy.db"
  mkdir -p "$WORK/no-plugins"
  start proxy env ASPNETCORE_URLS="http://127.0.0.1:$PROXY_PORT" ASPNETCORE_ENVIRONMENT=Production \
    BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/chat/completions" DATABASE_URL="sqlite:///$PROXY_DB" \
    dotnet "$PROXY_DLL"
  wait_http "http://127.0.0.1:$NGINX_PORT/health"
  wait_http "http://127.0.0.1:$YARP_PORT/health"
  wait_http "http://127.0.0.1:$PROXY_PORT/health"
}

target_url() { # target
  case $1 in
    direct) echo "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT/v1/chat/completions" ;;
    yarp) echo "http://127.0.0.1:$YARP_PORT/v1/chat/completions" ;;
    proxy) echo "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" ;;
  esac
}

target_pids() { # target: the processes doing the forwarding (the mock's own work is in every figure alike)
  case $1 in
    direct) echo "$PID_mock" ;;
    nginx) echo "$PID_nginx $(ps -o pid= --ppid "$PID_nginx" | tr '\n' ' ')" ;;
    yarp) echo "$PID_yarp" ;;
    proxy) echo "$PID_proxy" ;;
  esac
}

cpu_ticks() { # pids...: user+system clock ticks
  local total=0 pid stat
  for pid in "$@"; do
    stat=$(cut -d')' -f2 "/proc/$pid/stat")
    total=$(( total + $(awk '{print $12 + $13}' <<< "$stat") ))
  done
  echo "$total"
}

rss_mb() { # pids...: VmRSS sum in MB
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") ))
  done
  awk -v kb="$total" 'BEGIN { printf "%.1f", kb / 1024 }'
}

rows() { # store (a SQLite file, or pg:DATABASE on the bench's PostgreSQL cluster) [where]
  if [[ $1 == pg:* ]]; then pg_count "${1#pg:}" "${2:-}"; return; fi
  sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM llm_requests${2:+ WHERE $2};" 2>/dev/null || echo 0
}

wait_drained() { # db: waits until the row count stops growing; prints the count
  local last=-1 now stable=0
  while (( stable < 4 )); do
    now=$(rows "$1")
    if [[ $now == "$last" ]]; then stable=$((stable + 1)); else stable=0; fi
    last=$now
    sleep 0.25
  done
  echo "$last"
}

# ---------------------------------------------------------------- request bodies
write_bodies() {
  cat > "$WORK/body.json" <<'EOF'
{"model":"bench-model","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the attached quarterly report in three sentences, then list two risks."}],"temperature":0.2,"max_tokens":256}
EOF
  cat > "$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local f = io.open("$WORK/body.json", "rb")
wrk.body = f:read("*a")
f:close()
EOF
}

# ---------------------------------------------------------------- scenarios
percentiles_us() { # file with one latency in microseconds a line: prints p50 p90 p99 in ms
  sort -n "$1" | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "nan nan nan"; exit }
    split("50 90 99", p, " ")
    for (i = 1; i <= 3; i++) { r = int((p[i] / 100) * NR + 0.999999); if (r < 1) r = 1; printf "%.3f ", a[r] / 1000 }
    print "" }'
}

run_fixed() { # round target
  local round=$1 target=$2 pids before after
  pids=$(target_pids "$target")
  before=$(cpu_ticks $pids)
  rm -f "$WORK/fixed.log"
  h2load --h1 -c "$FIXED_CLIENTS" --rps "$FIXED_RPS_PER_CLIENT" -D "$FIXED_SECS" --warm-up-time 1 \
    -d "$WORK/body.json" -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench' \
    --log-file "$WORK/fixed.log" "$(target_url "$target")" > "$WORK/h2load.out" 2>&1
  after=$(cpu_ticks $pids)
  awk -F'\t' '$2 == 200 { print $3 }' "$WORK/fixed.log" > "$WORK/fixed.us"
  local done p50 p90 p99
  done=$(wc -l < "$WORK/fixed.us")
  read -r p50 p90 p99 <<< "$(percentiles_us "$WORK/fixed.us")"
  result fixed "$round" "$target" p50_ms "$p50"
  result fixed "$round" "$target" p90_ms "$p90"
  result fixed "$round" "$target" p99_ms "$p99"
  result fixed "$round" "$target" completed "$done"
  result fixed "$round" "$target" rps "$(awk -v n="$done" -v s="$FIXED_SECS" 'BEGIN { printf "%.0f", n / s }')"
  result fixed "$round" "$target" errors "$(awk -F'\t' '$2 != 200' "$WORK/fixed.log" | wc -l)"
  result fixed "$round" "$target" cpu_us_per_req \
    "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$done" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')"
  result fixed "$round" "$target" rss_mb "$(rss_mb $pids)"
}

run_saturation() { # round target
  local round=$1 target=$2 pids before after out
  pids=$(target_pids "$target")
  before=$(cpu_ticks $pids)
  out=$(wrk -t 1 -c "$SAT_CONNECTIONS" -d "${SAT_SECS}s" --latency -s "$WORK/post.lua" "$(target_url "$target")")
  after=$(cpu_ticks $pids)
  local requests rps
  requests=$(awk '/requests in/ { print $1 }' <<< "$out")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<< "$out")
  result saturation "$round" "$target" rps "$rps"
  result saturation "$round" "$target" completed "$requests"
  result saturation "$round" "$target" errors "$(awk '/Non-2xx/ { n = $5 } END { print n + 0 }' <<< "$out")"
  for p in 50 90 99; do
    result saturation "$round" "$target" "p${p}_ms" "$(awk -v p="$p%" '$1 == p { v = $2;
      if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
      else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.3f", v }' <<< "$out")"
  done
  result saturation "$round" "$target" cpu_us_per_req \
    "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')"
  result saturation "$round" "$target" rss_mb "$(rss_mb $pids)"
  if [[ $target == proxy ]]; then
    # The capture writer may still be behind when wrk stops; its catching up is part of each call's cost.
    wait_drained "$PROXY_DB" > /dev/null
    result saturation "$round" "$target" cpu_us_per_req_drained \
      "$(awk -v t=$(( $(cpu_ticks $pids) - before )) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')"
  fi
}

overhead() {
  local targets=(direct nginx yarp proxy) round i target
  log "warming every target up"
  for target in "${targets[@]}"; do
    result idle 1 "$target" rss_mb "$(rss_mb $(target_pids "$target"))"
    # Long enough for tiered compilation to settle: its thread is busy for seconds after start.
    wrk -t 1 -c 8 -d "${WARMUP_SECS}s" -s "$WORK/post.lua" "$(target_url "$target")" > /dev/null
  done
  wait_drained "$PROXY_DB" > /dev/null
  for round in $(seq 1 "$ROUNDS"); do
    local rows_before complete_before completed=0
    rows_before=$(rows "$PROXY_DB")
    complete_before=$(rows "$PROXY_DB" "outcome = 'complete'")
    for i in 0 1 2 3; do
      target=${targets[$(( (i + round - 1) % 4 ))]}
      log "round $round/$ROUNDS: $target at $((FIXED_CLIENTS * FIXED_RPS_PER_CLIENT)) req/s"
      run_fixed "$round" "$target"
      log "round $round/$ROUNDS: $target at saturation"
      run_saturation "$round" "$target"
    done
    local written complete
    written=$(( $(wait_drained "$PROXY_DB") - rows_before ))
    complete=$(( $(rows "$PROXY_DB" "outcome = 'complete'") - complete_before ))
    completed=$(awk -F'\t' -v r="$round" '$2 == r && $3 == "proxy" && $4 == "completed" { s += $5 } END { print s }' "$RESULTS")
    result records "$round" proxy completed "$completed"
    result records "$round" proxy written "$written"
    result records "$round" proxy written_complete "$complete"
  done
}

streaming() {
  log "streaming: $STREAMS streams of $STREAM_EVENTS events, ${EVENT_DELAY_MS} ms apart, per target"
  tools stream-timer --requests "$STREAMS" --warmup 5 \
    --target "direct=$(target_url direct)" --target "nginx=$(target_url nginx)" \
    --target "yarp=$(target_url yarp)" --target "proxy=$(target_url proxy)" > "$WORK/stream.tsv"
  while IFS=$'\t' read -r name ttfb50 ttfb90 ttlb50 ttlb90 n; do
    result stream 1 "$name" ttfb_p50_ms "$ttfb50"
    result stream 1 "$name" ttfb_p90_ms "$ttfb90"
    result stream 1 "$name" ttlb_p50_ms "$ttlb50"
    result stream 1 "$name" ttlb_p90_ms "$ttlb90"
    result stream 1 "$name" samples "$n"
  done < "$WORK/stream.tsv"
}

capture() { # [result group] [database URL for the RequestBatchWriter ceiling]
  local group=${1:-capture} writer_url=${2:-sqlite:///$WORK/writer.db}
  log "capture: proxy at saturation for ${CAPTURE_SECS}s, then a burst of $BURST requests"
  local start_rows end_rows out requests t0 t1
  start_rows=$(wait_drained "$PROXY_DB")
  t0=$(date +%s.%N)
  out=$(wrk -t 1 -c "$SAT_CONNECTIONS" -d "${CAPTURE_SECS}s" -s "$WORK/post.lua" "$(target_url proxy)")
  t1=$(date +%s.%N)
  end_rows=$(rows "$PROXY_DB")
  requests=$(awk '/requests in/ { print $1 }' <<< "$out")
  result "$group" 1 proxy sustained_requests "$requests"
  result "$group" 1 proxy sustained_rps "$(awk '/Requests\/sec/ { print $2 }' <<< "$out")"
  result "$group" 1 proxy sustained_records_per_s \
    "$(awk -v n=$((end_rows - start_rows)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')"
  result "$group" 1 proxy backlog_at_end "$(( requests - (end_rows - start_rows) > 0 ? requests - (end_rows - start_rows) : 0 ))"

  # The burst: as fast as 64 connections go. The queue depth when the last response is out is the number of
  # answered calls whose records are not yet in the store; then the time until the store has them all.
  start_rows=$(wait_drained "$PROXY_DB")
  h2load --h1 -c "$BURST_CONNECTIONS" -n "$BURST" -d "$WORK/body.json" -H 'Content-Type: application/json' \
    -H 'Authorization: Bearer sk-bench' "$(target_url proxy)" > "$WORK/burst.out" 2>&1
  t0=$(date +%s.%N)
  end_rows=$(rows "$PROXY_DB")
  local succeeded drained
  succeeded=$(awk '/^requests:/ { print $8 }' "$WORK/burst.out")
  drained=$(wait_drained "$PROXY_DB")
  t1=$(date +%s.%N)
  result "$group" 1 proxy burst_requests "$succeeded"
  result "$group" 1 proxy burst_rps "$(awk '/^finished in/ { gsub(/,/, ""); print $4 }' "$WORK/burst.out")"
  result "$group" 1 proxy burst_queue_depth "$(( succeeded - (end_rows - start_rows) > 0 ? succeeded - (end_rows - start_rows) : 0 ))"
  result "$group" 1 proxy burst_drain_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a - 1.0 }')"
  result "$group" 1 proxy burst_written "$(( drained - start_rows ))"
  result "$group" 1 proxy rss_mb "$(rss_mb "$PID_proxy")"
  result "$group" 1 proxy peak_rss_mb "$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$PID_proxy/status")"

  log "capture: the store's own ceiling, $WRITER_ROWS rows through RequestBatchWriter"
  local line
  line=$(DATABASE_URL="$writer_url" tools seed --rows "$WRITER_ROWS" --batch 256 --writer batch)
  result "$group" 1 store batch_writer_records_per_s "$(cut -f3 <<< "$line")"
}

store() {
  log "store: seeding $ROWS rows"
  local line
  line=$(tools seed --database-url "sqlite:///$WORK/store.db" --rows "$ROWS" --batch 20000)
  result store 1 seed rows "$(cut -f1 <<< "$line")"
  result store 1 seed rows_per_s "$(cut -f3 <<< "$line")"
  result store 1 seed db_mb "$(du -m "$WORK/store.db" | cut -f1)"

  log "store: dashboard queries through GraphQL"
  start serve "$CLI" serve --host 127.0.0.1 --port "$SERVE_PORT" --database-url "sqlite:///$WORK/store.db" \
    --admin-password "$PASSWORD" --base-url "http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
  wait_http "http://127.0.0.1:$SERVE_PORT/health"
  tools query-timer --base "http://127.0.0.1:$SERVE_PORT/admin" --password "$PASSWORD" \
    --iterations "$QUERY_ITERATIONS" --budget-seconds "$QUERY_BUDGET" > "$WORK/queries.tsv"
  while IFS=$'\t' read -r name p50 p95 n count; do
    result query 1 "$name" p50_ms "$p50"
    result query 1 "$name" p95_ms "$p95"
    result query 1 "$name" samples "$n"
    result query 1 "$name" rows "$count"
  done < "$WORK/queries.tsv"

  log "store: dashboard screens in Chromium"
  printf 'load_ui_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.tsv"
  dotnet "$UI_DLL" --base "http://127.0.0.1:$SERVE_PORT/admin/" --password "$PASSWORD" \
    --iterations "$UI_ITERATIONS" --budget-seconds "$QUERY_BUDGET" > "$WORK/ui.tsv"
  while IFS=$'\t' read -r name p50 p95 n api _; do
    result ui 1 "$name" p50_ms "$p50"
    result ui 1 "$name" p95_ms "$p95"
    result ui 1 "$name" samples "$n"
    result ui 1 "$name" api_p50_ms "$api"
  done < "$WORK/ui.tsv"
  printf 'load_ui_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.tsv"
  stop serve

  # Exports in interleaved rounds (this machine's speed drifts by a third from minute to minute): both formats,
  # and jsonl.zst at zstd level 1 beside the default level 3 for the speed and size it trades.
  local round target
  for round in $(seq "$EXPORT_ROUNDS"); do
    for target in jsonl.zst parquet jsonl.zst-level1; do
      local format=${target%-level1} options=()
      [[ $target == *-level1 ]] && options=(--option level=1)
      log "store: export $target (round $round of $EXPORT_ROUNDS)"
      local t0 t1 rowsout
      t0=$(date +%s.%N)
      /usr/bin/time -v -o "$WORK/export-$target.time" "$CLI" export --format "$format" "${options[@]}" \
        --out "$WORK/export.$format" --database-url "sqlite:///$WORK/store.db" > "$WORK/export-$target.out" 2>&1
      t1=$(date +%s.%N)
      rowsout=$(awk -F': ' '/^rows written/ { print $2 }' "$WORK/export-$target.out")
      result export "$round" "$target" rows "$rowsout"
      result export "$round" "$target" seconds "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
      result export "$round" "$target" rows_per_s \
        "$(awk -v n="$rowsout" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')"
      result export "$round" "$target" peak_rss_mb \
        "$(awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' "$WORK/export-$target.time")"
      result export "$round" "$target" file_mb "$(du -m "$WORK/export.$format" | cut -f1)"
      rm -f "$WORK/export.$format"
    done
  done
}

machine() {
  {
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    printf 'memory\t%s\n' "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    printf 'load_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'kernel\t%s\n' "$(uname -r)"
    printf 'dotnet\t%s\n' "$(dotnet --version)"
    printf 'nginx\t%s\n' "$(nginx -v 2>&1 | sed 's/.*nginx\///')"
    printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
    printf 'h2load\t%s\n' "$(h2load --version | awk '{ print $2 }')"
    printf 'commit\t%s\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf 'mode\t%s\n' "$([[ $QUICK == 1 ]] && echo quick || echo full)"
    printf 'rounds\t%s\n' "$ROUNDS"
    printf 'fixed\t%s clients x %s req/s for %s s (h2load --h1 --rps)\n' "$FIXED_CLIENTS" "$FIXED_RPS_PER_CLIENT" "$FIXED_SECS"
    printf 'saturation\twrk -t 1 -c %s -d %ss\n' "$SAT_CONNECTIONS" "$SAT_SECS"
    printf 'stream\t%s events, %s ms apart, %s streams per target\n' "$STREAM_EVENTS" "$EVENT_DELAY_MS" "$STREAMS"
    printf 'burst\t%s requests over %s connections (h2load -n)\n' "$BURST" "$BURST_CONNECTIONS"
  } > "$WORK/machine.tsv"
}

main() {
  install_tools
  cd "$ROOT"
  machine
  build
  write_bodies
  start_servers
  overhead
  streaming
  capture
  stop proxy
  stop yarp
  stop nginx
  store
  printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.tsv"
  tools report --results "$RESULTS" --machine "$WORK/machine.tsv" --out "$OUT"
  cp "$RESULTS" "${OUT%.md}.tsv"
  # Section 6 comes from its own run (--store postgres), section 7 from bench/soak.sh by hand; a full run keeps both.
  splice_section "${OUT%.md}-postgres.md" "$OUT"
  splice_section "${OUT%.md}-soak.md" "$OUT"
  log "wrote $OUT (raw figures in $WORK)"
}

if [[ $STORE == postgres ]]; then postgres_main; else main; fi
