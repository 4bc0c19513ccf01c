#!/usr/bin/env bash
# Build helm from its Go module (version pinned in tools-helm/go.mod) and cache it outside the
# repository, like the control-plane binaries:
#   ${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/helm/<helm-version>/helm
# The chart tests use it, and launch.sh renders the chart's worker ClusterRole with it, so the
# test control plane grants Berth exactly what the chart does.
# Idempotent; prints the path of the helm binary on stdout (last line).
#
# Usage: scripts/kube-testenv/build-helm.sh [--force] [--check]
#   --force  rebuild even if cached
#   --check  exit 0 when cached (and print its path), 1 when a build is needed (builds nothing)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$HERE/tools-helm"
source "$HERE/go-env.sh"

log() { echo "kube-testenv/build-helm: $*" >&2; }

FORCE=0; CHECK=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --check) CHECK=1 ;;
    *) log "usage: build-helm.sh [--force] [--check]"; exit 2 ;;
  esac
done

HELM_VERSION="$(awk '$1=="helm.sh/helm/v4"{print $2; exit}' "$TOOLS/go.mod")"
[[ "$HELM_VERSION" =~ ^v4\.[0-9]+\.[0-9]+$ ]] || { log "no helm.sh/helm/v4 version in $TOOLS/go.mod"; exit 1; }
OUT="${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/helm/$HELM_VERSION"
BIN="$OUT/helm"

if [[ $CHECK == 1 ]]; then [[ -x "$BIN" ]] && echo "$BIN"; exit $?; fi
if [[ $FORCE == 0 && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

command -v go >/dev/null || { log "go not found (expected in PATH or /usr/local/go/bin)"; exit 1; }
mkdir -p "$OUT"
exec 9>"$OUT/.build.lock"
if ! flock -n 9; then log "another build of helm $HELM_VERSION is running; waiting for it..."; flock 9; fi
if [[ $FORCE == 0 && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

START=$(date +%s)
log "building helm $HELM_VERSION into $OUT (go $(go env GOVERSION))"
# The version variables upstream's Makefile sets; helm's Kubernetes version (.Capabilities) comes
# from the client-go module in the build info, so it needs no flag.
cd "$TOOLS"
go build -trimpath -o "$OUT/.helm.tmp" \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.metadata= -X helm.sh/helm/v4/internal/version.gitTreeState=clean" \
  helm.sh/helm/v4/cmd/helm
mv -f "$OUT/.helm.tmp" "$BIN"
log "helm $("$BIN" version --short) built in $(( $(date +%s) - START ))s"
echo "$BIN"
