# Sourced by bench/run.sh: starting and watching MailGrid.Server and smtp-sink.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Waits (up to 60 s) until PORT on 127.0.0.1 answers with a 220 greeting.
wait_for_greeting() {
  local port="$1" i line
  for i in $(seq 1 600); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      line="$(timeout 5 head -c 4 <&3 || true)"
      exec 3<&- 3>&-
      [ "$line" = "220 " ] && return 0
    fi
    sleep 0.1
  done
  echo "No 220 greeting on 127.0.0.1:$port" >&2
  return 1
}

# mailgrid_start DIR SMTP_PORT HTTP_PORT SINK_PORT: the all-in-one server in Release on its embedded default
# (SQLite + files under DIR/data), with a catch-all local domain and a static route for relay.bench. Extra NAME=VALUE
# settings in the array mailgrid_extra_env are added (names may hold dots, which `export` cannot take).
mailgrid_start() {
  local dir="$1" smtp="$2" http="$3" sink="$4"
  mkdir -p "$dir"
  (
    # The content root is the working folder: from the build output, appsettings.json (log levels) applies as it
    # does under `dotnet run`.
    cd "$(dirname "$server_dll")"
    exec env \
      DOTNET_ENVIRONMENT=Production \
      MailGrid__DataPath="$dir/data" \
      MailGrid__Smtp__Listeners__0__Name=mx \
      MailGrid__Smtp__Listeners__0__Address=127.0.0.1 \
      MailGrid__Smtp__Listeners__0__Port="$smtp" \
      MailGrid__Smtp__MaxConnections=5000 \
      MailGrid__Smtp__MaxConnectionsPerClient=5000 \
      MailGrid__Http__Port="$http" \
      MailGrid__Cluster__SiloPort="$(free_port)" \
      MailGrid__Cluster__GatewayPort="$(free_port)" \
      MailGrid__Directory__LocalDomains__0__Name=local.bench \
      MailGrid__Directory__LocalDomains__0__CatchAll=true \
      MailGrid__Directory__LocalDomains__0__CatchAllMailbox=bench@local.bench \
      MailGrid__Directory__Accounts__0__Address=bench@local.bench \
      "MailGrid__Routing__Routes__relay.bench=127.0.0.1:$sink" \
      MailGrid__Delivery__Dns__Enabled=false \
      ${mailgrid_extra_env[@]+"${mailgrid_extra_env[@]}"} \
      dotnet "$server_dll" >"$dir/server.log" 2>&1
  ) &
  mailgrid_pid=$!
  wait_for_greeting "$smtp"
}

mailgrid_stop() {
  [ -n "${mailgrid_pid:-}" ] || return 0
  kill -TERM "$mailgrid_pid" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    kill -0 "$mailgrid_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$mailgrid_pid" 2>/dev/null || true
  mailgrid_pid=""
}

# Messages still queued for remote delivery (GET /api/queues → {"total":N,...}).
mailgrid_queue_size() {
  curl -fsS "http://127.0.0.1:$1/api/queues" 2>/dev/null | sed -n 's/.*"total":\([0-9]*\).*/\1/p' | head -n 1
}

# sink_start FILE PORT [OPTION...]: smtp-sink with running counters ("sess=N quit=N mesg=N" lines ending in CR) in
# FILE; further smtp-sink options (e.g. -d to dump messages) follow PORT.
sink_start() {
  smtp-sink -c -u nobody -m 2000 "${@:3}" "127.0.0.1:$2" 1024 >"$1" 2>&1 &
  sink_pid=$!
  sink_file="$1"
  wait_for_greeting "$2"
}

sink_count() { tr '\r' '\n' <"$sink_file" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1 | grep . || echo 0; }
