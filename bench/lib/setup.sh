# shellcheck shell=bash
# Sourced by bench/run.sh and bench/queue-depth.sh: root check, apt packages, process limits.

# shellcheck source=../../eng/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../eng/lib/apt.sh"

# Installs curl, python3 and postfix (smtp-source, smtp-sink and the peer) with apt when missing.
ensure_apt_packages() {
  local missing=()
  [ -x /usr/bin/curl ] || missing+=(curl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/sbin/smtp-source ] || [ ! -x /usr/sbin/smtp-sink ]; then
    missing+=(postfix)
  fi
  apt_install "${missing[@]}"
}

# bench_prepare WHY: stops unless root (WHY says what needs it), installs packages, raises the open-file limit.
bench_prepare() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$(basename "$0") runs as root: $1" >&2
    exit 1
  fi

  ensure_apt_packages
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
}
