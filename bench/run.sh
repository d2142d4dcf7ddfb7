#!/usr/bin/env bash
# Side-by-side benchmark of MailGrid against Postfix (issue 6), in one run, alternating the servers.
#
#   bash bench/run.sh            # as root (a private Postfix instance needs it) on Debian 12 with the .NET SDK
#
# Installs postfix (smtp-source, smtp-sink, the peer), curl and python3 with apt when missing; builds MailGrid.Server
# and bench/MailGrid.Benchmarks in Release; starts smtp-sink (the limit: stores nothing), MailGrid.Server on its
# embedded default and a private Postfix on loopback (durable queue, relaying to smtp-sink); measures ingest,
# DATA-end-to-250 latency, end-to-end relay, local delivery, CPU and memory, and idle sessions; prints the table
# and writes it to bench/results/YYYY-MM-DD-HHMM.md.
#
# Knobs (environment): ROUNDS (2), SCALE (1.0: multiplies message counts), SCENARIOS ("a b c d e f idle": the
# lettered scenarios and the idle-session phase to run, e.g. SCENARIOS="a f" to iterate), IDLE_SESSIONS (2000),
# DRAIN_TIMEOUT (120 s), SKIP_BUILD (0), RESULT_FILE (bench/results/<date>.md), KEEP_WORK (0: delete
# artifacts/bench.* with the server logs at the end), DOTNET_PerfMapEnabled=1 (for perf, inherited by MailGrid),
# NICE (unset: e.g. -10 runs the harness, both servers and the load generators at that niceness, so that other work
# on a shared machine disturbs the rounds less; it applies to MailGrid and Postfix alike).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"
cd "$repo_root"

rounds="${ROUNDS:-2}"
scale="${SCALE:-1.0}"
idle_sessions="${IDLE_SESSIONS:-2000}"
drain_timeout="${DRAIN_TIMEOUT:-120}"
server_dll="$repo_root/src/MailGrid.Server/bin/Release/net10.0/MailGrid.Server.dll"
bench_dll="$repo_root/bench/MailGrid.Benchmarks/bin/Release/net10.0/MailGrid.Benchmarks.dll"

# shellcheck source=lib/proc.sh
source "$bench_dir/lib/proc.sh"
# shellcheck source=lib/postfix.sh
source "$bench_dir/lib/postfix.sh"
# shellcheck source=lib/servers.sh
source "$bench_dir/lib/servers.sh"
# shellcheck source=lib/phases.sh
source "$bench_dir/lib/phases.sh"
# shellcheck source=lib/setup.sh
source "$bench_dir/lib/setup.sh"

bench_prepare "Postfix's master starts as root and drops to the postfix user."
# Everything started from here on (build, servers, Postfix's master and daemons, clients) inherits the niceness.
[ -n "${NICE:-}" ] && renice -n "$NICE" -p $$ >/dev/null

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "Building MailGrid.Server and MailGrid.Benchmarks (Release)"
  dotnet build src/MailGrid.Server/MailGrid.Server.csproj -c Release -v quiet -nologo >/dev/null
  dotnet build bench/MailGrid.Benchmarks/MailGrid.Benchmarks.csproj -c Release -v quiet -nologo >/dev/null
fi

mkdir -p "$repo_root/artifacts"
work="$(mktemp -d "$repo_root/artifacts/bench.XXXXXX")"
chmod 755 "$work"
raw="$work/raw.tsv"
: >"$raw"
mailgrid_pid=""
sink_pid=""
postfix_dir="$work/postfix"

cleanup() {
  mailgrid_stop
  postfix_stop "$postfix_dir"
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  # The work folder (server logs, queues, bodies) stays only when asked for.
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

sink_port="$(free_port)"
mailgrid_port="$(free_port)"
mailgrid_http="$(free_port)"
postfix_port="$(free_port)"

echo "Starting smtp-sink :$sink_port, MailGrid :$mailgrid_port, Postfix :$postfix_port (work folder $work)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
sink_start "$work/sink.out" "$sink_port"
mailgrid_start "$work/mailgrid" "$mailgrid_port" "$mailgrid_http" "$sink_port"
postfix_write_config "$postfix_dir" "$postfix_port" "$sink_port"
postfix_start "$postfix_dir"
wait_for_greeting "$postfix_port"
postfix_master="$(postfix_master_pid "$postfix_dir")"

# MailGrid's idle sessions first, on a fresh process: after the loads its heap has room to spare, and new sessions
# would hide in it. Postfix's at the end: its 2,000 smtpd processes stay around (max_idle) and would sit in the figures.
run_idle mailgrid

# A warm-up so that JIT, grain activation and Postfix's daemon start-up are not in the first figures.
warm_up

started="$(date +%s)"
for round in $(seq 1 "$rounds"); do
  # Odd rounds start with MailGrid, even rounds with Postfix: neither always runs on a warmer (or noisier) machine.
  if [ $((round % 2)) -eq 1 ]; then order="mailgrid postfix sink"; else order="postfix mailgrid sink"; fi
  echo "Round $round of $rounds ($order)"
  run_scenario "$round" a 20 4096 1 2000 relay "$order"
  run_scenario "$round" b 200 4096 1 2000 relay "$order"
  run_scenario "$round" c 20 102400 1 500 relay "$order"
  run_scenario "$round" d 20 4096 10 1000 relay "$order"
  run_scenario "$round" e 20 4096 1 1000 local "${order/ sink/}"
  # As (a), but smtp-source without -d: every message opens, greets, EHLOs and QUITs its own connection.
  run_scenario "$round" f 20 4096 1 4000 relay "$order" per-message
done
run_idle postfix
elapsed=$(($(date +%s) - started))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

stamp="$(date -u +%Y-%m-%d-%H%M)"
result_file="${RESULT_FILE:-$bench_dir/results/$stamp.md}"
mkdir -p "$(dirname "$result_file")"
python3 "$bench_dir/report.py" "$raw" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --nproc "$(nproc)" \
  --cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
  --memory "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
  --kernel "$(uname -r)" \
  --dotnet "$(dotnet --version)" \
  --postfix "$(/usr/sbin/postconf -c "$postfix_dir/conf" -h mail_version)" \
  --commit "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --load "$load_before → $load_after" \
  --rounds "$rounds" --scale "$scale" --elapsed "$elapsed" --scenarios "${SCENARIOS:-a b c d e f idle}" --nice "${NICE:-}" \
  >"$result_file"
cat "$result_file"
echo
echo "Written to ${result_file#"$repo_root"/}"
