#!/usr/bin/env bash
# Horizontal scaling of the SMTP ingress, on loopback: redis-server, 3 silos and N ingress processes
# (N = 1, 2, 3), SMTP load driven at every ingress in parallel; messages accepted per second per N, and a
# check that every accepted message is in its mailbox. Then silos join and leave under load.
# Writes bench/scale/results/<date>.md. Not part of the test suite. See bench/scale/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_OF_LOAD="${SECONDS_OF_LOAD:-10}"       # load per scaling run (ends earlier at MAX_MESSAGES)
MAX_MESSAGES="${MAX_MESSAGES:-8000}"           # cap per scaling run
JL_SECONDS="${JL_SECONDS:-30}"                 # load of the join/leave run
JL_MAX_MESSAGES="${JL_MAX_MESSAGES:-30000}"    # cap of the join/leave run
CONNECTIONS="${CONNECTIONS:-8}"                # series A: parallel SMTP sessions per ingress (offered load grows with N)
TOTAL_CONNECTIONS="${TOTAL_CONNECTIONS:-24}"   # series B: parallel SMTP sessions in all, split over the N ingress
PER_CONNECTION="${PER_CONNECTION:-20}"         # messages per SMTP session
MAILBOXES="${MAILBOXES:-20}"                   # local mailboxes the load is spread over
SIZE="${SIZE:-2048}"                           # bytes per message
INGRESS_COUNTS="${INGRESS_COUNTS:-1 2 3}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"          # unmeasured load before each measured run
FIRST_WARMUP_SECONDS="${FIRST_WARMUP_SECONDS:-20}" # ... before the first run on a fresh cluster (tiered JIT settles slowly on a busy box)
RESULTS="${RESULTS:-$ROOT/bench/scale/results}"
WORK="$(mktemp -d /tmp/mailgrid-scale-XXXXXX)"
PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_healthy() { # name port [seconds]
  local deadline=$((SECONDS + ${3:-120}))
  until curl -fsS -o /dev/null "http://127.0.0.1:$2/health" 2>/dev/null; do
    if ((SECONDS > deadline)); then log "$1 not healthy on :$2"; tail -n 40 "$WORK/$1.log" >&2; exit 1; fi
    sleep 0.2
  done
}

# start_redis: sets REDIS_PORT and BLOBS for a fresh cluster (nothing left from an earlier run).
start_redis() {
  REDIS_PORT="$(free_port)"
  BLOBS="$WORK/blobs-$REDIS_PORT"
  mkdir -p "$BLOBS"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" >"$WORK/redis-$REDIS_PORT.log" 2>&1 &
  PIDS+=("$!")
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
}

common_env() { # http-port
  echo "ConnectionStrings__redis=127.0.0.1:$REDIS_PORT MailGrid__Storage__Blobs__RootPath=$BLOBS MailGrid__Http__Port=$1" \
       "MailGrid__Cluster__ClusterId=scale MailGrid__Cluster__ServiceId=scale DOTNET_NOLOGO=1"
}

# start_silo NAME: sets LAST_PID and LAST_HTTP. Fast failure detection, as the multi-process tests use.
start_silo() {
  LAST_HTTP="$(free_port)"
  # shellcheck disable=SC2046
  env $(common_env "$LAST_HTTP") \
    MailGrid__Cluster__SiloPort="$(free_port)" MailGrid__Cluster__GatewayPort="$(free_port)" MailGrid__Cluster__AdvertisedAddress=127.0.0.1 \
    MailGrid__Cluster__Membership__ProbeTimeout=00:00:01 MailGrid__Cluster__Membership__NumMissedProbesLimit=2 \
    MailGrid__Cluster__Membership__NumVotesForDeathDeclaration=1 MailGrid__Cluster__Membership__TableRefreshTimeout=00:00:02 \
    MailGrid__Directory__LocalDomains__0__Name=example.test MailGrid__Directory__LocalDomains__0__CatchAll=true \
    dotnet "$ROOT/src/MailGrid.Silo/bin/Release/net10.0/MailGrid.Silo.dll" >"$WORK/$1.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# start_ingress NAME: sets LAST_PID, LAST_HTTP and LAST_SMTP.
start_ingress() {
  LAST_HTTP="$(free_port)"
  LAST_SMTP="$(free_port)"
  # shellcheck disable=SC2046
  env $(common_env "$LAST_HTTP") \
    MailGrid__Smtp__Listeners__0__Name=mx MailGrid__Smtp__Listeners__0__Port="$LAST_SMTP" \
    MailGrid__Cluster__Gateway__GatewayListRefreshPeriod=00:00:01 \
    MailGrid__Smtp__MaxConnectionsPerClient=1000 \
    dotnet "$ROOT/src/MailGrid.Ingress/bin/Release/net10.0/MailGrid.Ingress.dll" >"$WORK/$1.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

stop_all() { # the figures are taken: kill -9 every process of the run (a graceful stop of all at once is slow)
  local pid
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

loadgen() { dotnet "$ROOT/bench/MailGrid.LoadGenerator/bin/Release/net10.0/MailGrid.LoadGenerator.dll" "$@"; }

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; } # field NAME "k=v k=v"

send_load() { # seconds max-messages connections-per-target mailbox-prefix accepted-file target-args...
  local seconds="$1" max="$2" connections="$3" prefix="$4" accepted="$5"; shift 5
  loadgen send "$@" --seconds "$seconds" --max-messages "$max" --connections "$connections" --prefix "$prefix" \
    --per-connection "$PER_CONNECTION" --mailboxes "$MAILBOXES" --size "$SIZE" --accepted "$accepted"
}

log "building Release (silo, ingress, load generator)"
for project in src/MailGrid.Silo src/MailGrid.Ingress bench/MailGrid.LoadGenerator; do
  dotnet build "$ROOT/$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ROWS_A=()
ROWS_B=()
for n in $INGRESS_COUNTS; do
  log "N=$n: redis + 3 silos + $n ingress"
  start_redis
  silo_http=()
  for s in 1 2 3; do start_silo "n$n-silo$s"; silo_http+=("$LAST_HTTP"); done
  for s in 1 2 3; do wait_healthy "n$n-silo$s" "${silo_http[$((s - 1))]}"; done
  targets=()
  for i in $(seq 1 "$n"); do
    start_ingress "n$n-ingress$i"; wait_healthy "n$n-ingress$i" "$LAST_HTTP"; targets+=(--target "127.0.0.1:$LAST_SMTP")
  done

  for series in A B; do
    if [[ $series == A ]]; then per_target=$CONNECTIONS; else per_target=$((TOTAL_CONNECTIONS / n)); fi
    # Warm-up at the same concurrency (own mailboxes): tiered JIT, connection pools and grain activations settle first.
    warmup=$WARMUP_SECONDS; [[ $series == A ]] && warmup=$FIRST_WARMUP_SECONDS
    loadgen send "${targets[@]}" --seconds "$warmup" --max-messages 50000 --connections "$per_target" --mailboxes "$MAILBOXES" --prefix "warm$series" >/dev/null || true
    log "N=$n series $series: ${SECONDS_OF_LOAD} s of load, $per_target SMTP sessions per ingress"
    cpu_before="$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)"
    summary="$(send_load "$SECONDS_OF_LOAD" "$MAX_MESSAGES" "$per_target" "$series$n-" "$WORK/accepted-$series$n.tsv" "${targets[@]}" || true)"
    cpu_after="$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)"
    busy="$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN{split(a,x," ");split(b,y," ");printf "%.0f", 100*(y[1]-x[1])/((y[1]-x[1])+(y[2]-x[2])) }')"
    verify="$(loadgen verify --api "http://127.0.0.1:${silo_http[0]}/" --accepted "$WORK/accepted-$series$n.tsv" --timeout-seconds 60 || true)"
    log "N=$n series $series: $summary | $verify"
    row="| $n | $per_target × $n | $(field accepted "$summary") | $(field seconds "$summary") | **$(field rate "$summary")** | $(field p50ms "$summary") | $(field p99ms "$summary") | $(field transient "$summary") | $busy % | $(field checked "$verify") / $(field missing "$verify") / $(field extra_entries "$verify") |"
    if [[ $series == A ]]; then ROWS_A+=("$row"); else ROWS_B+=("$row"); fi
  done
  stop_all
done

log "join/leave: redis + 2 silos + 2 ingress; silo 3 joins at 3 s, silo 1 gets SIGTERM 3 s after it is healthy"
start_redis
start_silo "jl-silo1"; silo1_pid=$LAST_PID; silo1_http=$LAST_HTTP
start_silo "jl-silo2"; silo2_http=$LAST_HTTP
wait_healthy jl-silo1 "$silo1_http"; wait_healthy jl-silo2 "$silo2_http"
targets=()
for i in 1 2; do start_ingress "jl-ingress$i"; wait_healthy "jl-ingress$i" "$LAST_HTTP"; targets+=(--target "127.0.0.1:$LAST_SMTP"); done
loadgen send "${targets[@]}" --seconds "$FIRST_WARMUP_SECONDS" --max-messages 50000 --connections "$CONNECTIONS" --mailboxes "$MAILBOXES" --prefix warm >/dev/null || true
load_started=$SECONDS
send_load "$JL_SECONDS" "$JL_MAX_MESSAGES" "$CONNECTIONS" jl- "$WORK/accepted-jl.tsv" "${targets[@]}" >"$WORK/jl-summary.txt" &
load_pid=$!
sleep 3
start_silo "jl-silo3"; silo3_http=$LAST_HTTP
wait_healthy jl-silo3 "$silo3_http"
joined_at=$((SECONDS - load_started))
sleep 3
left_at=$((SECONDS - load_started))
kill -TERM "$silo1_pid"
wait "$silo1_pid" || true
exited_at=$((SECONDS - load_started))
log "join/leave: silo 3 healthy at ${joined_at}s, silo 1 SIGTERM at ${left_at}s, exited at ${exited_at}s"
wait "$load_pid" || true
jl_summary="$(cat "$WORK/jl-summary.txt")"
jl_verify="$(loadgen verify --api "http://127.0.0.1:$silo3_http/" --accepted "$WORK/accepted-jl.tsv" --timeout-seconds 60 || true)"
log "join/leave: $jl_summary | $jl_verify"
stop_all

mkdir -p "$RESULTS"
stamp="$(date -u +%Y-%m-%d-%H%M)"
out="$RESULTS/$stamp.md"
{
  echo "# Ingress scaling on loopback — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Command: \`bash bench/scale/run.sh\` (SECONDS_OF_LOAD=$SECONDS_OF_LOAD MAX_MESSAGES=$MAX_MESSAGES JL_SECONDS=$JL_SECONDS JL_MAX_MESSAGES=$JL_MAX_MESSAGES CONNECTIONS=$CONNECTIONS PER_CONNECTION=$PER_CONNECTION MAILBOXES=$MAILBOXES SIZE=$SIZE), commit \`$(git -C "$ROOT" rev-parse --short HEAD)\`."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "- Memory: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/NETCore.App/{v=$2} END{print v}'); $(redis-server --version | cut -d' ' -f1-3)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Load average before the runs: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; the runs themselves keep the machine busy)"
  echo "- Everything on one machine: redis-server, the silos, the ingress processes and the load generator share the same $(nproc) cores."
  echo "${MACHINE_NOTE:-}"
  echo
  echo "## Throughput per number of ingress processes (3 silos)"
  echo
  echo "Each message: one local recipient (\`userK@example.test\`, $MAILBOXES mailboxes), $SIZE bytes; a 250 means the body is in the blob folder and the record, mailbox entry and queue are in Redis."
  echo "Rate = messages answered 250 / wall time of the run. Latency: MAIL FROM to the final 250 of one transaction. CPU busy: whole machine during the run."
  echo "Each measured run follows unmeasured warm-up load at the same concurrency: ${FIRST_WARMUP_SECONDS} s on a fresh cluster, ${WARMUP_SECONDS} s between series (shorter warm-ups gave first-run figures 2–3× lower: tiered JIT settles slowly on a saturated machine). The ingress allow 1000 connections per client address (the load comes from one address; the default is 20)."
  echo
  echo "### Series A: $CONNECTIONS SMTP sessions per ingress (offered load grows with N, as with one smtp-source per ingress)"
  echo
  echo "| ingress | SMTP sessions | accepted | seconds | accepted/s | p50 ms | p99 ms | 4xx/retries | CPU busy | verified / missing / extra |"
  echo "|--------:|--------------:|---------:|--------:|-----------:|-------:|-------:|------------:|---------:|---------------------------:|"
  printf '%s\n' "${ROWS_A[@]}"
  echo
  echo "### Series B: $TOTAL_CONNECTIONS SMTP sessions in all, split over the N ingress (same offered load)"
  echo
  echo "| ingress | SMTP sessions | accepted | seconds | accepted/s | p50 ms | p99 ms | 4xx/retries | CPU busy | verified / missing / extra |"
  echo "|--------:|--------------:|---------:|--------:|-----------:|-------:|-------:|------------:|---------:|---------------------------:|"
  printf '%s\n' "${ROWS_B[@]}"
  echo
  echo "## Silos join and leave under load"
  echo
  echo "2 silos and 2 ingress; load for up to $JL_SECONDS s (at most $JL_MAX_MESSAGES messages) at both ingress ($CONNECTIONS sessions each); silo 3 started at 3 s and healthy at ${joined_at} s; silo 1 got SIGTERM at ${left_at} s and had exited at ${exited_at} s (seconds since the load began). Checked through silo 3's HTTP API."
  if ((exited_at >= JL_SECONDS)); then echo; echo "**Note:** silo 1 left after the load had ended; raise JL_SECONDS on a slower machine."; fi
  echo
  echo "| accepted | seconds | accepted/s | p99 ms | 4xx/retries | verified | missing | extra mailbox entries |"
  echo "|---------:|--------:|-----------:|-------:|------------:|---------:|--------:|----------------------:|"
  echo "| $(field accepted "$jl_summary") | $(field seconds "$jl_summary") | $(field rate "$jl_summary") | $(field p99ms "$jl_summary") | $(field transient "$jl_summary") | $(field checked "$jl_verify") | $(field missing "$jl_verify") | $(field extra_entries "$jl_verify") |"
} >"$out"
log "wrote $out"
cat "$out"
