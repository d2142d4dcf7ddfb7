# Sourced by bench/run.sh: the measured phases. Every figure goes to $raw as "round scenario server metric value".

now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }'; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$raw"; }
scaled() { awk -v n="$1" -v f="$scale" -v s="$2" 'BEGIN { m = int(n * f / s) * s; print (m < s ? s : m) }'; }

server_port() {
  case "$1" in
    mailgrid) echo "$mailgrid_port" ;;
    postfix) echo "$postfix_port" ;;
    sink) echo "$sink_port" ;;
  esac
}

server_cpu_ticks() {
  case "$1" in
    mailgrid) cpu_ticks "$mailgrid_pid" ;;
    postfix) postfix_cpu_ticks "$postfix_master" ;;
    sink) cpu_ticks "$sink_pid" ;;
  esac
}

queue_size() {
  case "$1" in
    mailgrid) mailgrid_queue_size "$mailgrid_http" ;;
    postfix) postfix_queue_size "$postfix_dir" ;;
    *) echo 0 ;;
  esac
}

# wait_delivered SERVER SINK_TARGET: until smtp-sink has counted SINK_TARGET messages and SERVER's queue is
# empty. Prints the seconds waited, or "timeout".
wait_delivered() {
  local server="$1" target="$2" start deadline
  start="$(now)"
  deadline=$(($(date +%s) + drain_timeout))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(sink_count)" -ge "$target" ] && [ "$(queue_size "$server")" = 0 ]; then
      elapsed_since "$start"
      return 0
    fi
    sleep 0.05
  done
  echo timeout
}

# wait_mailbox TARGET: until Postfix's Maildir holds TARGET messages.
wait_mailbox() {
  local target="$1" deadline
  deadline=$(($(date +%s) + drain_timeout))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(postfix_mailbox_count "$postfix_dir")" -ge "$target" ] && return 0
    sleep 0.05
  done
  return 1
}

# smtp_source PORT SESSIONS SIZE RECIPIENTS MESSAGES TO [reused|per-message]: with -d every session keeps its
# connection for all its messages; without it (smtp-source's default, and how many applications send) every message
# opens, greets, EHLOs and QUITs a connection of its own.
smtp_source() {
  local port="$1" sessions="$2" size="$3" rcpts="$4" messages="$5" to="$6" connections="${7:-reused}" reuse=(-d)
  [ "$connections" = per-message ] && reuse=()
  smtp-source ${reuse[@]+"${reuse[@]}"} -s "$sessions" -m "$messages" -l "$size" -r "$rcpts" \
    -M source.bench -f sender@source.bench -t "$to" "127.0.0.1:$port"
}

warm_up() {
  local server port
  # Long enough for the JIT's tiered compilation to settle (MailGrid runs for days in production; a cold first
  # round measured the compiler, not the server) and for Postfix to have its daemons running: ~10 s per server.
  local relay=$(( ${WARMUP_MESSAGES:-4000} )) local_count=$(( ${WARMUP_MESSAGES:-4000} / 4 ))
  echo "Warm-up ($relay relayed + $local_count local + 100 KB and 10-recipient messages per server)"
  for server in mailgrid postfix; do
    port="$(server_port "$server")"
    local target=$(($(sink_count) + relay + local_count / 4 + 100 + local_count / 2))
    smtp_source "$port" 20 4096 1 "$relay" user@relay.bench
    smtp_source "$port" 20 4096 1 "$local_count" user@local.bench
    smtp_source "$port" 20 102400 1 $((local_count / 4)) user@relay.bench
    smtp_source "$port" 20 4096 10 100 user@relay.bench
    smtp_source "$port" 20 4096 1 $((local_count / 2)) user@relay.bench per-message
    dotnet "$bench_dll" latency --port "$port" --sessions 10 --messages 100 --size 4096 --to user@relay.bench >/dev/null
    wait_delivered "$server" "$target" >/dev/null
  done
}

# scenario_selected ID: true when SCENARIOS (default: all) names ID.
scenario_selected() { [[ " ${SCENARIOS:-a b c d e f idle} " == *" $1 "* ]]; }

# run_scenario ROUND ID SESSIONS SIZE RECIPIENTS MESSAGES relay|local "SERVERS" [reused|per-message]
run_scenario() {
  local round="$1" id="$2" sessions="$3" size="$4" rcpts="$5" messages kind="$7" servers="$8" connections="${9:-reused}"
  scenario_selected "$id" || return 0
  messages="$(scaled "$6" "$sessions")"
  local to="user@relay.bench"
  [ "$kind" = local ] && to="user@local.bench"
  local server
  for server in $servers; do
    measure_ingest "$round" "$id" "$server" "$sessions" "$size" "$rcpts" "$messages" "$kind" "$to" "$connections"
    measure_latency "$round" "$id" "$server" "$sessions" "$size" "$rcpts" "$(scaled $((messages / 4)) "$sessions")" "$kind" "$to" "$connections"
  done
}

measure_ingest() {
  local round="$1" id="$2" server="$3" sessions="$4" size="$5" rcpts="$6" messages="$7" kind="$8" to="$9" connections="${10}"
  local port sink_target mailbox_target cpu_before start accepted_seconds wait sampler="" peak_file="$work/peak"
  port="$(server_port "$server")"
  sink_target=$(($(sink_count) + messages))
  mailbox_target=$(($(postfix_mailbox_count "$postfix_dir") + messages))
  cpu_before="$(server_cpu_ticks "$server")"
  case "$server" in
    mailgrid) reset_peak_rss "$mailgrid_pid" ;;
    postfix) peak_sampler "$peak_file" postfix_pss_kb "$postfix_master" & sampler=$! ;;
  esac

  start="$(now)"
  if ! smtp_source "$port" "$sessions" "$size" "$rcpts" "$messages" "$to" "$connections" >"$work/source.log" 2>&1; then
    echo "  $id $server: smtp-source failed: $(tail -n 3 "$work/source.log")" >&2
    record "$round" "$id" "$server" failed 1
  fi
  accepted_seconds="$(elapsed_since "$start")"
  record "$round" "$id" "$server" accepted_per_s "$(per_second "$messages" "$accepted_seconds")"

  if [ "$kind" = relay ] && [ "$server" != sink ]; then
    wait="$(wait_delivered "$server" "$sink_target")"
    if [ "$wait" = timeout ]; then
      record "$round" "$id" "$server" relay_timeout 1
    else
      record "$round" "$id" "$server" relay_per_s "$(per_second "$messages" "$(elapsed_since "$start")")"
    fi
  elif [ "$kind" = local ] && [ "$server" = postfix ]; then
    if wait_mailbox "$mailbox_target"; then
      record "$round" "$id" "$server" mailbox_per_s "$(per_second "$messages" "$(elapsed_since "$start")")"
    else
      record "$round" "$id" "$server" mailbox_timeout 1
    fi
  elif [ "$kind" = local ] && [ "$server" = mailgrid ]; then
    # MailGrid appends to the mailbox before its 250: accepted is delivered.
    record "$round" "$id" "$server" mailbox_per_s "$(per_second "$messages" "$accepted_seconds")"
  fi

  local cpu_after
  cpu_after="$(server_cpu_ticks "$server")"
  record "$round" "$id" "$server" cpu_s_per_1000 "$(awk -v d=$((cpu_after - cpu_before)) -v hz="$clock_ticks" -v n="$messages" 'BEGIN { printf "%.2f", d / hz / n * 1000 }')"
  case "$server" in
    mailgrid) record "$round" "$id" "$server" peak_mem_mb "$(awk -v k="$(peak_rss_kb "$mailgrid_pid")" 'BEGIN { printf "%.0f", k / 1024 }')" ;;
    postfix)
      kill "$sampler" 2>/dev/null || true
      wait "$sampler" 2>/dev/null || true
      record "$round" "$id" "$server" peak_mem_mb "$(awk -v k="$(cat "$peak_file")" 'BEGIN { printf "%.0f", k / 1024 }')"
      ;;
  esac
  echo "  $id $server: $messages messages accepted in ${accepted_seconds}s${wait:+, delivered after ${wait}s more}"
}

measure_latency() {
  local round="$1" id="$2" server="$3" sessions="$4" size="$5" rcpts="$6" messages="$7" kind="$8" to="$9" connections="${10}"
  local port sink_target out
  port="$(server_port "$server")"
  sink_target=$(($(sink_count) + messages))
  if ! out="$(dotnet "$bench_dll" latency --port "$port" --sessions "$sessions" --messages "$messages" --size "$size" --recipients "$rcpts" \
    --to "$to" --connections "$connections" 2>"$work/latency.err")"; then
    echo "  $id $server: latency client failed: $out $(tail -n 3 "$work/latency.err")" >&2
    record "$round" "$id" "$server" latency_failed 1
  fi
  record "$round" "$id" "$server" p50_ms "$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
  record "$round" "$id" "$server" p99_ms "$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
  if [ "$connections" = per-message ]; then
    # Connect → 221 of QUIT: what a client that opens a connection per message waits for each one.
    record "$round" "$id" "$server" session_p50_ms "$(sed -n 's/.*session_p50_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
    record "$round" "$id" "$server" session_p99_ms "$(sed -n 's/.*session_p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
  fi
  # The next measurement starts on an empty queue.
  if [ "$kind" = relay ] && [ "$server" != sink ]; then
    wait_delivered "$server" "$sink_target" >/dev/null
  fi
}

# run_idle SERVER: memory with IDLE_SESSIONS sessions open, greeted and idle after EHLO.
run_idle() {
  local server="$1" port before during out="$work/idle-$1.out" client i
  scenario_selected idle || return 0
  port="$(server_port "$server")"
  idle_memory_kb() { if [ "$1" = mailgrid ]; then rss_kb "$mailgrid_pid"; else postfix_pss_kb "$postfix_master"; fi; }
  before="$(idle_memory_kb "$server")"
  dotnet "$bench_dll" idle --port "$port" --count "$idle_sessions" --hold-seconds 6 >"$out" 2>&1 &
  client=$!
  for i in $(seq 1 1500); do
    grep -q '^open=' "$out" && break
    sleep 0.1
  done
  sleep 2
  during="$(idle_memory_kb "$server")"
  wait "$client" || true
  local greeted
  greeted="$(sed -n 's/.*greeted=\([0-9]*\).*/\1/p' "$out")"
  greeted="${greeted:-0}"
  record 1 idle "$server" idle_sessions "$greeted"
  record 1 idle "$server" idle_mem_mb "$(awk -v k="$during" 'BEGIN { printf "%.0f", k / 1024 }')"
  record 1 idle "$server" idle_kb_per_session "$(awk -v d=$((during - before)) -v n="$greeted" 'BEGIN { printf "%.1f", (n > 0 ? d / n : 0) }')"
  echo "  idle $server: $(cat "$out"), memory $((before / 1024)) → $((during / 1024)) MiB"
}
