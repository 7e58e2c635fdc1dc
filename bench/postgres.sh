# PostgreSQL beside SQLite: sourced by bench/run.sh for `bench/run.sh --store postgres`. Starts a throwaway
# cluster (initdb + pg_ctl, PostgreSQL's default fsync and synchronous_commit) on a free loopback port, measures
# capture and the dashboard queries on it and on SQLite in the same run at the same store size, writes the
# fragment docs/benchmarks-postgres.md and splices it into docs/benchmarks.md as section 6.

PG_SECTION="## 6. PostgreSQL beside SQLite"
PG_USER=intercept

pg_bin() {
  if [[ -n ${PG_BIN:-} ]]; then echo "$PG_BIN"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

free_port() { # first loopback port from 18130 on that nothing listens on
  local port
  for port in $(seq 18130 18199); do
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then echo "$port"; return; fi
  done
  log "no free port in 18130-18199"; exit 1
}

as_postgres() { # PostgreSQL refuses to run as root; the cluster then belongs to the postgres account
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  PG_BIN=$(pg_bin)
  [[ -x $PG_BIN/initdb ]] || { log "no PostgreSQL server binaries: bash scripts/install-test-deps.sh"; exit 1; }
  PG_DIR="$WORK/pg"
  mkdir -p "$PG_DIR"
  PGPASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export PGPASSWORD
  printf '%s\n' "$PGPASSWORD" > "$PG_DIR/pwfile"
  [[ $(id -u) == 0 ]] && chown -R postgres: "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile "$PG_DIR/pwfile" -A scram-sha-256 \
    -E UTF8 --locale C.UTF-8 > "$WORK/initdb.log" 2>&1 || { tail -20 "$WORK/initdb.log" >&2; exit 1; }
  rm -f "$PG_DIR/pwfile"
  PG_PORT=$(free_port)
  log "starting PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PG_PORT (default durability)"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 180 \
    -o "-c port=$PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR" start > /dev/null
  PG_RUNNING=1
  local database
  for database in capture writer store; do
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt -c "CREATE DATABASE $database"
  done
}

stop_postgres() {
  [[ ${PG_RUNNING:-0} == 1 ]] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1 || true
  PG_RUNNING=0
}

# The password travels in PGPASSWORD (psql) and in DATABASE_URL's environment (proxy, CLI), not on a command line.
pg_url() { echo "postgresql://$PG_USER:$PGPASSWORD@127.0.0.1:$PG_PORT/$1"; }

pg_count() { # database [where]
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$1" -qAt \
    -c "SELECT count(*) FROM llm_requests${2:+ WHERE $2};" 2> /dev/null || echo 0
}

start_capture_proxy() { # database URL
  start proxy env ASPNETCORE_URLS="http://127.0.0.1:$PROXY_PORT" ASPNETCORE_ENVIRONMENT=Production \
    BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/chat/completions" DATABASE_URL="$1" dotnet "$PROXY_DLL"
  wait_http "http://127.0.0.1:$PROXY_PORT/health"
  wrk -t 1 -c 8 -d "${WARMUP_SECS}s" -s "$WORK/post.lua" "$(target_url proxy)" > /dev/null
  wait_drained "$PROXY_DB" > /dev/null
}

pg_capture() {
  log "capture into SQLite (same run, for the side-by-side columns)"
  PROXY_DB="$WORK/proxy.db"
  start_capture_proxy "sqlite:///$PROXY_DB"
  capture capture_sqlite "sqlite:///$WORK/writer.db"
  stop proxy
  result capture_sqlite 1 proxy dropped "$(dropped_records)"
  mv "$WORK/proxy.log" "$WORK/proxy-sqlite.log"

  log "capture into PostgreSQL"
  PROXY_DB="pg:capture"
  start_capture_proxy "$(pg_url capture)"
  capture capture_postgres "$(pg_url writer)"
  stop proxy
  result capture_postgres 1 proxy dropped "$(dropped_records)"
}

# The proxy logs each record it drops because its capture queue is full (warm-up, sustained load and burst).
dropped_records() { grep -c 'a record was dropped' "$WORK/proxy.log" || true; }

dashboard_queries() { # group database-url
  start serve env DATABASE_URL="$2" "$CLI" serve --host 127.0.0.1 --port "$SERVE_PORT" \
    --admin-password "$PASSWORD" --base-url "http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
  wait_http "http://127.0.0.1:$SERVE_PORT/health"
  tools query-timer --base "http://127.0.0.1:$SERVE_PORT/admin" --password "$PASSWORD" \
    --iterations "$QUERY_ITERATIONS" --budget-seconds "$QUERY_BUDGET" > "$WORK/queries-$1.tsv"
  while IFS=$'\t' read -r name p50 p95 n count; do
    result "$1" 1 "$name" p50_ms "$p50"
    result "$1" 1 "$name" p95_ms "$p95"
    result "$1" 1 "$name" samples "$n"
    result "$1" 1 "$name" rows "$count"
  done < "$WORK/queries-$1.tsv"
  stop serve
}

pg_store() {
  local line
  log "store: seeding $ROWS rows into SQLite (prepared statements) and PostgreSQL (RequestBatchWriter)"
  line=$(tools seed --database-url "sqlite:///$WORK/store.db" --rows "$ROWS" --batch 20000)
  result seed_sqlite 1 seed rows_per_s "$(cut -f3 <<< "$line")"
  result seed_sqlite 1 seed db_mb "$(du -m "$WORK/store.db" | cut -f1)"
  line=$(DATABASE_URL="$(pg_url store)" tools seed --rows "$ROWS" --batch 2000 --writer batch)
  result seed_postgres 1 seed rows_per_s "$(cut -f3 <<< "$line")"
  # Autovacuum would get there on its own; the queries should meet a store in its steady state.
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d store -qAt -c "VACUUM ANALYZE"
  result seed_postgres 1 seed db_mb "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d store -qAt \
    -c "SELECT pg_database_size('store') / 1048576")"

  log "store: dashboard queries on SQLite"
  dashboard_queries query_sqlite "sqlite:///$WORK/store.db"
  log "store: dashboard queries on PostgreSQL"
  dashboard_queries query_postgres "$(pg_url store)"
}

pg_report() { # results fragment
  local results=$1 out=$2 pg_version
  pg_version=$("$PG_BIN/postgres" --version | awk '{ print $3 }')
  awk -F'\t' -v rows="$ROWS" -v pgv="$pg_version" -v when="$(date -u '+%Y-%m-%d %H:%M UTC')" \
    -v commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    -v load_start="$PG_LOAD_START" -v load_end="$PG_LOAD_END" -v iters="$QUERY_ITERATIONS" \
    -v budget="$QUERY_BUDGET" -v burst="$BURST" -v secs="$CAPTURE_SECS" -v writer_rows="$WRITER_ROWS" '
    function n(v,   s, neg) { # thousands separators on integers; decimals as they are
      if (v == "") return "n/a"
      if (v ~ /^[0-9]+\.[0-9]+$/ && v + 0 >= 100) v = sprintf("%.0f", v)
      if (v !~ /^-?[0-9]+$/) return v
      neg = v ~ /^-/; if (neg) v = substr(v, 2)
      s = ""; while (length(v) > 3) { s = "," substr(v, length(v) - 2) s; v = substr(v, 1, length(v) - 3) }
      return (neg ? "-" : "") v s
    }
    function g(group, target, metric) { return v[group SUBSEP target SUBSEP metric] }
    function c(target, metric) { return "| " n(g("capture_sqlite", target, metric)) " | " n(g("capture_postgres", target, metric)) " |" }
    function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", b / a) : "n/a" }
    { v[$1 SUBSEP $3 SUBSEP $4] = $5 }
    END {
      print "## 6. PostgreSQL beside SQLite"
      print ""
      printf "Written by `bench/run.sh --store postgres` on %s at commit `%s`. PostgreSQL %s in a throwaway cluster ", when, commit, pgv
      print "(initdb, pg_ctl, loopback TCP, scram-sha-256) with its default durability (`fsync=on`, `synchronous_commit=on`); SQLite in WAL mode as the proxy opens it. Both columns come from the same run, one store after the other, at the same store size: " n(rows) " rows, not the 1,000,000 of section 5, to keep the run short. Load average (1/5/15 min): " load_start " as the measurements began, " load_end " at the end."
      print ""
      print "```sh"
      print "bench/run.sh --store postgres               # this section: " n(rows) "-row stores, ~10 min"
      print "bench/run.sh --store postgres --rows 1000000  # the same at section 5'"'"'s size"
      print "```"
      print ""
      print "### Capture"
      print ""
      printf "Proxy at saturation (`wrk -t 1 -c 32 -d %ss`), then a burst of %s requests over 64 connections (h2load -n); row counts read every 0.25 s (sqlite3, psql). The ceiling is `RequestBatchWriter` alone, %s rows in 256-row batches, no proxy.\n", secs, n(burst), n(writer_rows)
      print ""
      print "| Measure | SQLite | PostgreSQL |"
      print "| --- | --- | --- |"
      print "| Store ceiling: `RequestBatchWriter` alone, records/s " c("store", "batch_writer_records_per_s")
      print "| Sustained: proxy at saturation, req/s " c("proxy", "sustained_rps")
      print "| Sustained: records written per s over the same window " c("proxy", "sustained_records_per_s")
      print "| Sustained: answered but not yet stored when the load stopped " c("proxy", "backlog_at_end")
      print "| Records dropped, capture queue (20,000) full: warm-up + sustained + burst " c("proxy", "dropped")
      print "| Burst: req/s " c("proxy", "burst_rps")
      print "| Burst: queue depth when the last answer went out " c("proxy", "burst_queue_depth")
      print "| Burst: time until the store had every record, s " c("proxy", "burst_drain_s")
      print "| Burst: records written " c("proxy", "burst_written")
      print "| Proxy peak RSS, MB " c("proxy", "peak_rss_mb")
      print ""
      print "A store that falls behind lets the proxy answer faster: its writer does less, and once the capture queue (`Proxy:QueueCapacity`, 20,000) is full the records are dropped, not stored. Read req/s together with the records written and dropped."
      print ""
      print "### Dashboard queries at " n(rows) " rows"
      print ""
      printf "Seeded with the same generated conversations (same generator seed) as section 5: SQLite by prepared statements at %s rows/s (%s MB file), PostgreSQL through `RequestBatchWriter` in 2,000-row batches at %s rows/s, then `VACUUM ANALYZE` (%s MB database). `llm-intercept serve` on each store, `query-timer` signs in and POSTs the SPA'"'"'s queries to `/admin/graphql` one at a time (%s iterations, a %s s budget per query: a slower query stops early with at least 3 samples).\n", n(g("seed_sqlite", "seed", "rows_per_s")), n(g("seed_sqlite", "seed", "db_mb")), n(g("seed_postgres", "seed", "rows_per_s")), n(g("seed_postgres", "seed", "db_mb")), iters, budget
      print ""
      print "| Query | SQLite p50 ms | SQLite p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms | p95 PG / SQLite | rows matched SQLite / PG | samples SQLite / PG |"
      print "| --- | --- | --- | --- | --- | --- | --- | --- |"
      split("list list_model_filter search stats_all stats_7d stats_24h", q, " ")
      for (i = 1; i <= 6; i++) {
        s = "query_sqlite"; p = "query_postgres"
        printf "| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |\n", q[i], g(s, q[i], "p50_ms"), g(s, q[i], "p95_ms"),
          g(p, q[i], "p50_ms"), g(p, q[i], "p95_ms"), ratio(g(s, q[i], "p95_ms"), g(p, q[i], "p95_ms")),
          n(g(s, q[i], "rows")), n(g(p, q[i], "rows")), g(s, q[i], "samples"), g(p, q[i], "samples")
      }
      print ""
      print "Search is FTS5 `MATCH` on SQLite and a `tsvector` (`simple` configuration) on PostgreSQL, so the rows a term matches may differ a little between the two; the list and stats counts must agree (the stores were seeded seconds apart, so a time-window count can differ by the rows that crossed the window edge). One run, no interleaving between the stores: read the ratios within a row against the load average above."
    }' "$results" > "$out"
}

splice_section() { # fragment doc: replaces the section the fragment's first line names (or inserts it before Notes, or appends it)
  local fragment=$1 doc=$2
  [[ -f $fragment && -f $doc ]] || return 0
  awk -v fragment="$fragment" -v section="$(head -1 "$fragment")" '
    function emit(   line) { while ((getline line < fragment) > 0) print line; print ""; done = 1 }
    $0 == section { skip = 1; next }
    skip && /^## / { skip = 0 }
    skip { next }
    /^## Notes/ && !done { emit() }
    { print }
    END { if (!done) { print ""; emit() } }' "$doc" > "$doc.tmp"
  mv "$doc.tmp" "$doc"
}

postgres_main() {
  install_tools
  cd "$ROOT"
  build bench/LlmIntercept.Bench.Mock bench/LlmIntercept.Bench.Tools LlmIntercept.Proxy LlmIntercept.Cli
  PG_LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
  write_bodies
  start mock dotnet "$MOCK_DLL" --urls "http://127.0.0.1:$MOCK_PORT" \
    --Mock:Events "$STREAM_EVENTS" --Mock:EventDelayMs "$EVENT_DELAY_MS" --Mock:ServiceMs 0
  wait_http "http://127.0.0.1:$MOCK_PORT/health"
  start_postgres
  pg_capture
  pg_store
  stop_postgres
  PG_LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
  local fragment="${OUT%.md}-postgres.md"
  pg_report "$RESULTS" "$fragment"
  cp "$RESULTS" "${fragment%.md}.tsv"
  splice_section "$fragment" "$OUT"
  log "wrote $fragment and spliced it into $OUT (raw figures in $WORK)"
}
