#!/usr/bin/env bash
# Throughput against queue depth (issue 6: "flat (±20%) from an empty queue to a queue holding 1 million messages").
#
#   bash bench/queue-depth.sh        # as root on Debian 12 with the .NET SDK
#
# MailGrid.Server runs on its embedded default (SQLite + blob store under its data folder) with two remote domains
# routed to smtp-sink: relay.bench, which takes the measured load, and held.bench, which is PAUSED so its backlog
# stays queued. For each depth, the server is stopped, bench/MailGrid.QueueLoader tops held.bench's queue up to that
# depth through the server's own store classes (one shared body blob), the server is started again (the pause is
# grain state, it persists), and the load of bench/run.sh's scenario (a) — smtp-source -d -s 20 -m 4000 -l 4096 —
# goes to relay.bench: accepted/s, end to end/s (until smtp-sink has them all and relay.bench's queue is empty),
# CPU s per 1,000 messages, RSS and database size. Then, where asked, held.bench is resumed until DRAIN_COUNT of its
# messages reached smtp-sink and paused again: the drain rate out of a deep queue.
#
# A shared machine drifts by more than the ±20 % being checked. So a second MailGrid.Server on an empty store (the
# reference) is restarted with the deep one at every depth and measured in the same rounds, order alternating; the
# report gives each depth's ratio to depth 0 and its ratio to the reference measured minutes, not an hour, apart.
#
# Knobs (environment): DEPTHS ("0 250000 500000 1000000"), ROUNDS (2), MESSAGES (4000), SESSIONS (20),
# DRAIN (top: at the deepest depth only; 1: at every depth holding DRAIN_COUNT; 0: never), DRAIN_COUNT (20000),
# DRAIN_TIMEOUT (300 s), REFERENCE (1: measure the empty-store reference server too), SKIP_BUILD (0), RESULT_FILE (bench/results/<date>-queue-depth.md), KEEP_WORK (0).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"
cd "$repo_root"

read -r -a depths <<<"${DEPTHS:-0 250000 500000 1000000}"
rounds="${ROUNDS:-2}"
messages="${MESSAGES:-4000}"
sessions="${SESSIONS:-20}"
drain_mode="${DRAIN:-top}"
drain_count="${DRAIN_COUNT:-20000}"
drain_timeout="${DRAIN_TIMEOUT:-300}"
reference="${REFERENCE:-1}"
server_dll="$repo_root/src/MailGrid.Server/bin/Release/net10.0/MailGrid.Server.dll"
loader_dll="$repo_root/bench/MailGrid.QueueLoader/bin/Release/net10.0/MailGrid.QueueLoader.dll"

# shellcheck source=lib/proc.sh
source "$bench_dir/lib/proc.sh"
# shellcheck source=lib/servers.sh
source "$bench_dir/lib/servers.sh"
# shellcheck source=lib/setup.sh
source "$bench_dir/lib/setup.sh"

bench_prepare "smtp-sink drops to nobody; /proc/PID/clear_refs."

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "Building MailGrid.Server and MailGrid.QueueLoader (Release)"
  dotnet build src/MailGrid.Server/MailGrid.Server.csproj -c Release -v quiet -nologo >/dev/null
  dotnet build bench/MailGrid.QueueLoader/MailGrid.QueueLoader.csproj -c Release -v quiet -nologo >/dev/null
fi

mkdir -p "$repo_root/artifacts"
work="$(mktemp -d "$repo_root/artifacts/queue-depth.XXXXXX")"
chmod 755 "$work"
raw="$work/raw.tsv"
: >"$raw"
mailgrid_pid=""
sink_pid=""

cleanup() {
  local name
  for name in deep ref; do
    use_server "$name"
    mailgrid_stop
  done
  if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; fi
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# Two servers, one set of globals (mailgrid_pid, mailgrid_port, mailgrid_http) for lib/servers.sh: use_server NAME
# selects one, save_server NAME keeps the globals after a start or stop.
declare -A srv_pid=([deep]="" [ref]="") srv_port srv_http srv_dir
use_server() { mailgrid_pid="${srv_pid[$1]}"; mailgrid_port="${srv_port[$1]:-}"; mailgrid_http="${srv_http[$1]:-}"; }
save_server() { srv_pid[$1]="$mailgrid_pid"; }
servers() { if [ "$reference" = 1 ]; then echo "deep ref"; else echo deep; fi; }

now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }'; }
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$raw"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# Depth of one domain's queue from GET /api/queues ({"total":N,"domains":[{"domain":"x","depth":N},...]}); 0 when absent.
domain_depth() {
  local out
  out="$(curl -fsS "http://127.0.0.1:$mailgrid_http/api/queues" 2>/dev/null \
    | sed -n "s/.*\"domain\":\"$1\",\"depth\":\([0-9]*\).*/\1/p" | head -n 1)"
  echo "${out:-0}"
}

held_paused() {
  curl -fsS "http://127.0.0.1:$mailgrid_http/api/queues/held.bench?limit=1" 2>/dev/null | grep -q '"paused":true'
}

admin() { curl -fsS -X POST "http://127.0.0.1:$mailgrid_http/api/queues/$1" >/dev/null; }

db_bytes() { du -cb "$data"/mailgrid.db* 2>/dev/null | tail -n 1 | cut -f1; }

# Until smtp-sink has counted TARGET messages and relay.bench's queue is empty; prints the seconds or "timeout".
wait_relayed() {
  local target="$1" start deadline
  start="$(now)"
  deadline=$(($(date +%s) + drain_timeout))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(sink_count)" -ge "$target" ] && [ "$(domain_depth relay.bench)" = 0 ]; then
      elapsed_since "$start"
      return 0
    fi
    sleep 0.05
  done
  echo timeout
}

smtp_source() {
  smtp-source -d -s "$2" -m "$3" -l 4096 -M source.bench -f sender@source.bench -t user@relay.bench "127.0.0.1:$1"
}

# start_server NAME
start_server() {
  local started
  use_server "$1"
  started="$(now)"
  mailgrid_start "${srv_dir[$1]}" "$mailgrid_port" "$mailgrid_http" "$sink_port"
  startup_seconds="$(elapsed_since "$started")"
  save_server "$1"
}

stop_server() { use_server "$1"; mailgrid_stop; save_server "$1"; }

warm_up() {
  local target=$(($(sink_count) + 200))
  smtp_source "$mailgrid_port" 10 200 >/dev/null 2>&1
  wait_relayed "$target" >/dev/null
}

# measure_load DEPTH ROUND METRIC_PREFIX (on the server selected with use_server)
measure_load() {
  local depth="$1" round="$2" p="$3" target cpu_before start accepted wait cpu_after
  target=$(($(sink_count) + messages))
  cpu_before="$(cpu_ticks "$mailgrid_pid")"
  reset_peak_rss "$mailgrid_pid"
  start="$(now)"
  if ! smtp_source "$mailgrid_port" "$sessions" "$messages" >"$work/source.log" 2>&1; then
    echo "  smtp-source failed: $(tail -n 3 "$work/source.log")" >&2
    record "$depth" "$round" "${p}failed" 1
  fi
  accepted="$(elapsed_since "$start")"
  record "$depth" "$round" "${p}accepted_per_s" "$(per_second "$messages" "$accepted")"
  wait="$(wait_relayed "$target")"
  if [ "$wait" = timeout ]; then
    record "$depth" "$round" "${p}relay_timeout" 1
  else
    record "$depth" "$round" "${p}e2e_per_s" "$(per_second "$messages" "$(elapsed_since "$start")")"
  fi
  cpu_after="$(cpu_ticks "$mailgrid_pid")"
  record "$depth" "$round" "${p}cpu_s_per_1000" "$(awk -v d=$((cpu_after - cpu_before)) -v hz="$clock_ticks" -v n="$messages" 'BEGIN { printf "%.2f", d / hz / n * 1000 }')"
  record "$depth" "$round" "${p}peak_rss_mb" "$(mib "$(peak_rss_kb "$mailgrid_pid")")"
  echo "  round $round ${p:-deep }: $messages accepted in ${accepted}s, relayed after ${wait}s more"
}

# measure_drain DEPTH: resume held.bench until DRAIN_COUNT of its messages reached smtp-sink, then pause it again.
measure_drain() {
  local depth="$1" target start deadline seconds="timeout"
  target=$(($(sink_count) + drain_count))
  start="$(now)"
  admin held.bench/resume
  deadline=$(($(date +%s) + drain_timeout))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(sink_count)" -ge "$target" ]; then
      seconds="$(elapsed_since "$start")"
      break
    fi
    sleep 0.05
  done
  admin held.bench/pause
  if [ "$seconds" = timeout ]; then
    record "$depth" 1 drain_timeout 1
  else
    record "$depth" 1 drain_per_s "$(per_second "$drain_count" "$seconds")"
  fi
  # The pass in flight when the pause landed finishes its batch: let the sink and the queue settle.
  local last=-1 count
  for _ in $(seq 1 100); do
    count="$(sink_count)"
    [ "$count" = "$last" ] && break
    last="$count"
    sleep 0.5
  done
  echo "  drain: $drain_count of held.bench's messages reached smtp-sink in ${seconds}s"
}

wants_drain() {
  local depth="$1"
  [ "$depth" -ge "$drain_count" ] || return 1
  case "$drain_mode" in
    0) return 1 ;;
    1) return 0 ;;
    *) [ "$depth" = "${depths[${#depths[@]} - 1]}" ] ;;
  esac
}

sink_port="$(free_port)"
for name in deep ref; do
  srv_port[$name]="$(free_port)"
  srv_http[$name]="$(free_port)"
  srv_dir[$name]="$work/$name"
done
data="$work/deep/data"
mailgrid_extra_env=("MailGrid__Routing__Routes__held.bench=127.0.0.1:$sink_port")

echo "Starting smtp-sink :$sink_port, MailGrid :${srv_port[deep]} (deep) and :${srv_port[ref]} (reference) (work folder $work)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
sink_start "$work/sink.out" "$sink_port"
start_server deep
# Paused before it holds anything: the grain state persists across the restarts below.
admin held.bench/pause
held_paused || { echo "held.bench did not report paused" >&2; exit 1; }

started="$(date +%s)"
for depth in "${depths[@]}"; do
  use_server deep
  current="$(domain_depth held.bench)"
  # Both servers start afresh at every depth, so each is measured as a new process after the same warm-up.
  for name in $(servers); do stop_server "$name"; done
  if [ "$depth" -gt "$current" ]; then
    echo "Depth $depth: loading $((depth - current)) messages into held.bench (servers stopped)"
    out="$(dotnet "$loader_dll" --data "$data" --count $((depth - current)) --domain held.bench 2>"$work/loader.err")"
    echo "  $out"
    record "$depth" 1 load_per_s "$(sed -n 's/.*per_s=\([0-9]*\).*/\1/p' <<<"$out")"
  else
    echo "Depth $depth"
  fi
  [ "$reference" = 1 ] && start_server ref && warm_up
  start_server deep
  held_paused || { echo "held.bench is not paused after the restart" >&2; exit 1; }
  current="$(domain_depth held.bench)"
  record "$depth" 1 held_depth "$current"
  record "$depth" 1 startup_s "$startup_seconds"
  # The recovery scan runs at start-up; give it a moment, then the memory of a server holding the backlog.
  sleep 3
  record "$depth" 1 start_rss_mb "$(mib "$(rss_kb "$mailgrid_pid")")"
  echo "  held.bench holds $current, server up in ${startup_seconds}s, RSS $(mib "$(rss_kb "$mailgrid_pid")") MiB"
  warm_up
  for round in $(seq 1 "$rounds"); do
    # Odd rounds start with the deep server, even rounds with the reference: neither always runs on a warmer machine.
    order="$(servers)"
    [ $((round % 2)) -eq 0 ] && order="$(tr ' ' '\n' <<<"$order" | tac | tr '\n' ' ')"
    for name in $order; do
      use_server "$name"
      if [ "$name" = ref ]; then measure_load "$depth" "$round" ref_; else measure_load "$depth" "$round" ""; fi
    done
  done
  use_server deep
  record "$depth" 1 end_rss_mb "$(mib "$(rss_kb "$mailgrid_pid")")"
  record "$depth" 1 db_mb "$(awk -v b="$(db_bytes)" 'BEGIN { printf "%.0f", b / 1048576 }')"
  if wants_drain "$depth"; then
    measure_drain "$depth"
    record "$depth" 1 drain_rss_mb "$(mib "$(rss_kb "$mailgrid_pid")")"
  fi
done
elapsed=$(($(date +%s) - started))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

stamp="$(date -u +%Y-%m-%d-%H%M)"
result_file="${RESULT_FILE:-$bench_dir/results/$stamp-queue-depth.md}"
mkdir -p "$(dirname "$result_file")"
python3 "$bench_dir/queue_depth_report.py" "$raw" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --nproc "$(nproc)" \
  --cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
  --memory "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
  --disk "$(df -h --output=source,fstype,size "$work" | tail -n 1 | tr -s ' ')" \
  --kernel "$(uname -r)" \
  --dotnet "$(dotnet --version)" \
  --commit "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --load "$load_before → $load_after" \
  --command "DEPTHS=\"${depths[*]}\" ROUNDS=$rounds MESSAGES=$messages SESSIONS=$sessions DRAIN=$drain_mode DRAIN_COUNT=$drain_count bash bench/queue-depth.sh" \
  --messages "$messages" --sessions "$sessions" --drain-count "$drain_count" --elapsed "$elapsed" \
  >"$result_file"
cat "$result_file"
echo
echo "Written to ${result_file#"$repo_root"/}"
