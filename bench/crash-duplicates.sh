#!/usr/bin/env bash
# Duplicates after kill -9 during delivery (issue 10): MailGrid.Server and a private Postfix on the same test.
#
#   bash bench/crash-duplicates.sh       # as root (a private Postfix instance needs it) on Debian 12 with the .NET SDK
#
# For each server and each kill count: a fresh server and a fresh smtp-sink that dumps every message it accepts to a
# file. smtp-source sends MESSAGES × SIZE bytes over SESSIONS connections while delivery is held (MailGrid: the queue
# paused through the API; Postfix: HOLD at the end of DATA), so the kills land in delivery, not in the client's sessions.
# Delivery is released to smtp-sink, and the whole server is killed with SIGKILL at KILLS random moments (random
# counts of messages at the sink), restarted each time on the same data, and left to drain. smtp-source numbers its
# messages in their Message-Id header: the dump's Message-Ids give what was lost (never at the sink) and what arrived
# more than once. Prints a table and writes it to bench/results/YYYY-MM-DD-HHMM-crash-duplicates.md.
#
# Knobs (environment): MESSAGES (5000), SIZE (4096), SESSIONS (20), DELIVERY_CONNECTIONS (20: MailGrid's slots for
# the destination; Postfix's default_destination_concurrency_limit is 20), KILL_COUNTS ("1 3"), RUNS (1 per kill
# count), KILL_JITTER_MS (500: a kill comes a random time up to this long after its count of messages at the sink),
# SERVERS ("mailgrid postfix"), SEED (random kill moments; default from the clock), SERVER_DLL (the
# MailGrid.Server.dll to measure, e.g. another commit's build; default this tree's Release build), DRAIN_TIMEOUT
# (300 s), SKIP_BUILD (0), RESULT_FILE, KEEP_WORK (0: delete artifacts/crash.* with the logs and dumps at the end).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"
cd "$repo_root"

messages="${MESSAGES:-5000}"
size="${SIZE:-4096}"
sessions="${SESSIONS:-20}"
delivery_connections="${DELIVERY_CONNECTIONS:-20}"
kill_counts="${KILL_COUNTS:-1 3}"
runs="${RUNS:-1}"
servers="${SERVERS:-mailgrid postfix}"
seed="${SEED:-$(date +%s)}"
drain_timeout="${DRAIN_TIMEOUT:-300}"
kill_jitter_ms="${KILL_JITTER_MS:-500}"
server_dll="${SERVER_DLL:-$repo_root/src/MailGrid.Server/bin/Release/net10.0/MailGrid.Server.dll}"
RANDOM="$seed"

# shellcheck source=lib/postfix.sh
source "$bench_dir/lib/postfix.sh"
# shellcheck source=lib/servers.sh
source "$bench_dir/lib/servers.sh"
# shellcheck source=lib/setup.sh
source "$bench_dir/lib/setup.sh"

bench_prepare "Postfix's master starts as root and drops to the postfix user; smtp-sink drops to nobody."

if [ "${SKIP_BUILD:-0}" != 1 ] && [ -z "${SERVER_DLL:-}" ]; then
  echo "Building MailGrid.Server (Release)"
  dotnet build src/MailGrid.Server/MailGrid.Server.csproj -c Release -v quiet -nologo >/dev/null
fi

mkdir -p "$repo_root/artifacts"
work="$(mktemp -d "$repo_root/artifacts/crash.XXXXXX")"
chmod 755 "$work"
results="$work/results.tsv"
: >"$results"
mailgrid_pid=""
sink_pid=""
postfix_dir=""
mailgrid_extra_env=("MailGrid__Delivery__Limits__Default__MaxConnections=$delivery_connections")

cleanup() {
  mailgrid_stop
  [ -n "$postfix_dir" ] && postfix_stop "$postfix_dir"
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

dumped() { find "$1" -type f | wc -l; }

queue_size() {
  case "$1" in
    mailgrid) mailgrid_queue_size "$mailgrid_http" ;;
    postfix) postfix_queue_size "$postfix_dir" ;;
  esac
}

# wait_for WHAT SECONDS COMMAND...: until COMMAND succeeds (checked every POLL seconds, default 0.05); fails saying
# what it waited for.
wait_for() {
  local what="$1" seconds="$2" deadline
  shift 2
  deadline=$(($(date +%s) + seconds))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "Waited $seconds s for $what" >&2
      return 1
    fi
    sleep "${POLL:-0.05}"
  done
}

queue_is() { [ "$(queue_size "$1")" = "$2" ]; }
dump_reaches() { [ "$(dumped "$1")" -ge "$2" ]; }

# kill_points KILLS: that many distinct random sink counts between 10 % and 90 % of the messages, ascending.
kill_points() {
  local span=$((messages * 8 / 10)) low=$((messages / 10)) i
  for i in $(seq 1 "$1"); do echo $((low + (RANDOM * 32768 + RANDOM) % span)); done | sort -n -u
}

start_server() {
  case "$1" in
    mailgrid) mailgrid_start "$2/mailgrid" "$mailgrid_port" "$mailgrid_http" "$sink_port" ;;
    postfix)
      postfix_start "$postfix_dir" >/dev/null
      wait_for_greeting "$postfix_port"
      ;;
  esac
}

# The crash: SIGKILL for the whole server at once (Postfix: the master and every daemon it runs, in one kill). Sets
# killed_at (Unix time) just before the signal, after the process look-ups, which take milliseconds.
crash_server() {
  case "$1" in
    mailgrid)
      killed_at="$(date +%s.%N)"
      kill -KILL "$mailgrid_pid"
      wait "$mailgrid_pid" 2>/dev/null || true
      mailgrid_pid=""
      ;;
    postfix)
      local master pids
      master="$(postfix_master_pid "$postfix_dir")"
      pids="$master $(ps -o pid= --ppid "$master" | tr '\n' ' ')"
      killed_at="$(date +%s.%N)"
      # shellcheck disable=SC2086 # one word per pid
      kill -KILL $pids 2>/dev/null || true
      wait_for "Postfix's master (pid $master) to die" 10 bash -c "! kill -0 $master 2>/dev/null"
      ;;
  esac
}

# Held, the whole load is queued before delivery starts (MailGrid: the queue paused; Postfix: every message put on
# hold at the end of DATA), and the kills hit delivery at full speed.
hold_delivery() {
  case "$1" in
    mailgrid) curl -fsS -X POST "http://127.0.0.1:$mailgrid_http/api/queues/relay.bench/pause" ;;
    postfix) /usr/sbin/postconf -c "$postfix_dir/conf" -e "smtpd_end_of_data_restrictions = check_client_access static:HOLD" ;;
  esac
}

release_delivery() {
  case "$1" in
    mailgrid) curl -fsS -X POST "http://127.0.0.1:$mailgrid_http/api/queues/relay.bench/resume" ;;
    postfix)
      /usr/sbin/postconf -c "$postfix_dir/conf" -e "smtpd_end_of_data_restrictions ="
      /usr/sbin/postsuper -c "$postfix_dir/conf" -H ALL 2>/dev/null
      /usr/sbin/postqueue -c "$postfix_dir/conf" -f
      ;;
  esac
}

# run_once SERVER KILLS RUN: one measurement on a fresh server, sink and dump.
run_once() {
  local server="$1" kills="$2" run="$3" dir point started drained killed_at=""
  dir="$work/$server-k$kills-r$run"
  mkdir -p "$dir/dump"
  : >"$dir/kills"
  chmod 755 "$dir"
  chown nobody "$dir/dump"
  sink_port="$(free_port)"
  mailgrid_port="$(free_port)"
  mailgrid_http="$(free_port)"
  postfix_port="$(free_port)"
  sink_start "$dir/sink.out" "$sink_port" -d "$dir/dump/%H%M%S."
  if [ "$server" = postfix ]; then
    postfix_dir="$dir/postfix"
    postfix_write_config "$postfix_dir" "$postfix_port" "$sink_port"
    hold_delivery postfix
    start_server postfix "$dir"
  else
    start_server mailgrid "$dir"
    hold_delivery mailgrid
  fi

  local port="$mailgrid_port"
  [ "$server" = postfix ] && port="$postfix_port"
  smtp-source -d -s "$sessions" -m "$messages" -l "$size" -M source.bench -f sender@source.bench -t user@relay.bench "127.0.0.1:$port"
  wait_for "$messages messages queued at $server" 120 queue_is "$server" "$messages"

  started="$(date +%s.%N)"
  release_delivery "$server"
  for point in $(kill_points "$kills"); do
    # Each kill lands in running delivery: at least 2 % of the messages after the restart before it.
    point=$((point > $(dumped "$dir/dump") + messages / 50 ? point : $(dumped "$dir/dump") + messages / 50))
    # Polled without a pause: Postfix and MailGrid deliver a few messages per millisecond here.
    POLL=0 wait_for "$point messages at the sink" "$drain_timeout" dump_reaches "$dir/dump" "$point"
    # Then a random pause: a count just reached means the sink has just answered a burst, the one moment a crash is
    # sure to catch replies that are on their way. A crash does not wait for the receiver; the kill must not either.
    sleep "$(awk -v r="$RANDOM" -v j="$kill_jitter_ms" 'BEGIN { printf "%.3f", r % j / 1000 }')"
    crash_server "$server"
    echo "  $server: killed at $(date -d "@$killed_at" +%T.%3N), $(dumped "$dir/dump") messages at the sink (aimed at $point)"
    start_server "$server" "$dir"
    echo "$killed_at $(date +%s.%N)" >>"$dir/kills"
  done

  wait_for "$server's queue to drain" "$drain_timeout" queue_is "$server" 0
  drained="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  # Give a delivery whose 250 was the last thing recorded time to land in the dump.
  sleep 1
  local counted lost duplicates after_kill
  counted="$(python3 "$bench_dir/crash_duplicates_count.py" "$dir/dump" "$dir/kills" --messages "$messages")"
  lost="$(sed -n 's/.*lost=\([0-9-]*\).*/\1/p' <<<"$counted")"
  duplicates="$(sed -n 's/.*duplicates=\([0-9]*\).*/\1/p' <<<"$counted")"
  after_kill="$(sed -n 's/.*after_kill=\([0-9]*\).*/\1/p' <<<"$counted")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$kills" "$run" "$lost" "$duplicates" "$after_kill" "$drained" >>"$results"
  echo "  $server, $kills kill(s), run $run: lost $lost, duplicates $duplicates ($after_kill taken by the sink after the kill), drained in ${drained}s"

  case "$server" in
    mailgrid) mailgrid_stop ;;
    postfix) postfix_stop "$postfix_dir" && postfix_dir="" ;;
  esac
  kill "$sink_pid" 2>/dev/null || true
  wait "$sink_pid" 2>/dev/null || true
  sink_pid=""
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Seed $seed; $messages × $size bytes over $sessions sessions, $delivery_connections delivery connections (work folder $work)"
for kills in $kill_counts; do
  for run in $(seq 1 "$runs"); do
    for server in $servers; do
      run_once "$server" "$kills" "$run"
    done
  done
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
stamp="$(date -u +%Y-%m-%d-%H%M)"
result_file="${RESULT_FILE:-$bench_dir/results/$stamp-crash-duplicates.md}"
mkdir -p "$(dirname "$result_file")"
{
  echo "# Duplicates after kill -9 during delivery"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
    "MailGrid.Server ${server_dll#"$repo_root"/}, $(nproc) cores, load average $load_before → $load_after, seed $seed."
  echo "$messages × $size bytes from smtp-source over $sessions sessions, queued with delivery held, then relayed to" \
    "smtp-sink over up to $delivery_connections connections; SIGKILL of the whole server at random moments of the delivery."
  echo
  echo "\"After the kill\": duplicates whose first copy the sink took while the server was down (it had the whole message" \
    "but the server died before its 250 could arrive: RFC 1047's window, which no sender can close)."
  echo
  echo "| server | kills | run | lost | duplicates | of them after the kill | duplicates per kill | release → drained (s) |"
  echo "|--------|------:|----:|-----:|-----------:|-----------------------:|--------------------:|----------------------:|"
  awk -F'\t' '{ printf "| %s | %d | %d | %d | %d | %d | %s | %s |\n", $1, $2, $3, $4, $5, $6, ($2 > 0 ? sprintf("%.1f", $5 / $2) : "–"), $7 }' "$results"
} >"$result_file"
cat "$result_file"
echo
echo "Written to ${result_file#"$repo_root"/}"
