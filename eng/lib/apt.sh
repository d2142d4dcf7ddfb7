# shellcheck shell=bash
# Sourced by eng/test.sh and bench/lib/setup.sh: installing what a fresh Debian machine lacks.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: installs the packages with apt-get; nothing to do without arguments. Postfix is preseeded
# as "No configuration": only its binaries are wanted (private instances), no system mail set-up, no prompt.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if printf '%s\n' "$@" | grep -qx postfix; then
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  fi
  echo "Installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
