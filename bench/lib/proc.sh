# Sourced by bench/run.sh: CPU and memory of a process (or of Postfix's master and its children) from /proc.

clock_ticks="$(getconf CLK_TCK)"

# Fields of /proc/PID/stat after the command name (which may hold spaces): $1 = state, $12 = utime, $13 = stime,
# $14 = cutime, $15 = cstime.
stat_fields() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null || true; }

# CPU time of one process in ticks (its own, not its children's).
cpu_ticks() { stat_fields "$1" | awk '{ print $12 + $13 }'; }

# Postfix: the master, the daemons it runs now, and (cutime/cstime) the daemons it has already reaped.
postfix_pids() { echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }

postfix_cpu_ticks() {
  local master="$1" total pid
  total="$(stat_fields "$master" | awk '{ print $12 + $13 + $14 + $15 }')"
  for pid in $(ps -o pid= --ppid "$master" 2>/dev/null); do
    total=$((total + $(cpu_ticks "$pid" || echo 0)))
  done
  echo "$total"
}

ticks_to_seconds() { awk -v t="$1" -v hz="$clock_ticks" 'BEGIN { printf "%.2f", t / hz }'; }

# Resident set now and its peak since the last reset, in KiB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
# Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0), so each phase has its own peak.
reset_peak_rss() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }

# Proportional set size summed over Postfix's processes, in KiB: RSS would count the shared libraries and
# pages of every daemon once per process.
postfix_pss_kb() {
  local files=() pid
  for pid in $(postfix_pids "$1"); do files+=("/proc/$pid/smaps_rollup"); done
  awk '/^Pss:/ { s += $2 } END { print s + 0 }' "${files[@]}" 2>/dev/null || echo 0
}

# Runs in the background until killed: keeps the largest value COMMAND prints, in FILE, every 0.25 s.
peak_sampler() {
  local file="$1" max=0 value
  shift
  echo 0 >"$file"
  while true; do
    value="$("$@" 2>/dev/null || echo 0)"
    if [ "${value:-0}" -gt "$max" ]; then
      max="$value"
      echo "$max" >"$file"
    fi
    sleep 0.25
  done
}
