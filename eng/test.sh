#!/usr/bin/env bash
# Builds MailGrid and runs every test project; the last line printed is "N passed, N failed[, N skipped]".
# Works on a fresh Debian 12 that has only the .NET SDK: installs what the tests drive if it is missing
# (redis-server; swaks and python3 as independent SMTP clients; postfix as a real SMTP peer).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

configuration="${CONFIGURATION:-Release}"
solution="${SOLUTION:-MailGrid.sln}"
results_dir="$repo_root/artifacts/test-results"

# shellcheck source=lib/apt.sh
source "$repo_root/eng/lib/apt.sh"

ensure_apt_packages() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/swaks ] || missing+=(swaks)
  [ -x /usr/bin/python3 ] || missing+=(python3)
  [ -x /usr/sbin/postfix ] || missing+=(postfix)
  apt_install "${missing[@]}"
}

# Azurite (npm) for the Azure Blob Storage tests; AzuriteServer finds it in artifacts/tools or on PATH.
ensure_azurite() {
  local tools="$repo_root/artifacts/tools"
  [ -x "$tools/node_modules/.bin/azurite-blob" ] && return 0
  command -v azurite-blob >/dev/null 2>&1 && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing npm with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "Installing azurite@3.37.0 with npm into artifacts/tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error azurite@3.37.0 >/dev/null
}

# Sums the counters of all TRX files: prints "passed failed skipped".
sum_trx_counters() {
  local passed=0 failed=0 skipped=0 file counters
  for file in "$results_dir"/*.trx; do
    [ -e "$file" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$file" | head -n 1)"
    passed=$((passed + $(counter passed "$counters")))
    failed=$((failed + $(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters")))
    # xunit's skipped tests are counted in "total" but not in "executed" (notExecuted stays 0).
    skipped=$((skipped + $(counter total "$counters") - $(counter executed "$counters")))
  done
  echo "$passed $failed $skipped"
}

counter() {
  local value
  value="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"
  echo "${value:-0}"
}

ensure_apt_packages
ensure_azurite

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
rm -rf "$results_dir"

if ! dotnet build "$solution" -c "$configuration"; then
  echo "Build failed."
  echo "build: 0 passed, 1 failed"
  exit 1
fi

test_exit=0
dotnet test "$solution" -c "$configuration" --no-build \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results_dir" \
  --blame-hang-timeout 10m || test_exit=$?

read -r passed failed skipped < <(sum_trx_counters)
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failed test in the TRX files (crash, hang dump): count it as one failure.
  failed=1
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
