#!/usr/bin/env bash
# Build kube-apiserver, kube-controller-manager and etcd from Go modules
# (versions pinned by ./KUBE_VERSION -> tools/go.mod) and cache them outside
# the repository:
#   ${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/kube/<kube-version>/
# Idempotent: does nothing when the binaries already exist.
# helm is built by build-helm.sh (scripts/test.sh runs it in the background, after this build, whose
# k8s.io packages it then finds in GOCACHE).
# Prints the directory holding the binaries on stdout (last line).
#
# Usage: scripts/kube-testenv/build.sh [--force] [--kwok] [--check]
#   --force  rebuild even if cached
#   --check  exit 0 when cached, 1 when a build is needed (builds nothing)
#   --kwok   also build kube-scheduler (same Kubernetes release) and kwok
#            (tools-kwok/go.mod) + kwok-stages.yaml into the same directory
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$HERE/tools"
TOOLS_KWOK="$HERE/tools-kwok"
source "$HERE/go-env.sh"

log() { echo "kube-testenv/build: $*" >&2; }

FORCE=0; KWOK=0; CHECK=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --kwok) KWOK=1 ;;
    --check) CHECK=1 ;;  # exit 0 when cached, 1 when a build is needed; builds nothing
    *) log "usage: build.sh [--force] [--kwok] [--check]"; exit 2 ;;
  esac
done

KUBE_VERSION="$(tr -d '[:space:]' < "$HERE/KUBE_VERSION")"
[[ "$KUBE_VERSION" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { log "bad KUBE_VERSION '$KUBE_VERSION'"; exit 1; }
KUBE_MINOR="${BASH_REMATCH[1]}"
CACHE_ROOT="${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}"
OUT="$CACHE_ROOT/kube/$KUBE_VERSION"
BINS=(kube-apiserver kube-controller-manager etcd)
# kwok version = the one pinned in tools-kwok/go.mod
KWOK_VERSION="$(awk '$1=="require" && $2=="sigs.k8s.io/kwok"{print $3} $1=="sigs.k8s.io/kwok"{print $2}' "$TOOLS_KWOK/go.mod" | head -1)"

have_core() { local b; for b in "${BINS[@]}"; do [[ -x "$OUT/$b" ]] || return 1; done; }
have_kwok() {
  [[ -x "$OUT/kube-scheduler" && -x "$OUT/kwok" && -s "$OUT/kwok-stages.yaml" ]] &&
    [[ "$(cat "$OUT/kwok.version" 2>/dev/null)" == "$KWOK_VERSION" ]]
}
have_all() { have_core && { [[ $KWOK == 0 ]] || have_kwok; }; }

if [[ $CHECK == 1 ]]; then have_all; exit $?; fi
if [[ $FORCE == 0 ]] && have_all; then
  log "cached: $OUT (use --force to rebuild)"
  echo "$OUT"; exit 0
fi

command -v go >/dev/null || { log "go not found (expected in PATH or /usr/local/go/bin)"; exit 1; }
mkdir -p "$OUT"

# One build at a time per version (parallel test runners may all call us).
exec 9>"$OUT/.build.lock"
if ! flock -n 9; then
  log "another build of $KUBE_VERSION is running; waiting for it..."
  flock 9
fi
if [[ $FORCE == 0 ]] && have_all; then log "cached: $OUT"; echo "$OUT"; exit 0; fi

TMP="$(mktemp -d "$OUT/.tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
START=$(date +%s)
log "go $(go env GOVERSION), GOCACHE=$(go env GOCACHE), GOMODCACHE=$(go env GOMODCACHE)"

# The version bump is one line in KUBE_VERSION; regenerate go.mod if needed.
if ! grep -qE "^[[:space:]]*(require[[:space:]]+)?k8s\.io/kubernetes[[:space:]]+$KUBE_VERSION([[:space:]]|\$)" "$TOOLS/go.mod" 2>/dev/null; then
  log "tools/go.mod does not match KUBE_VERSION=$KUBE_VERSION; running gen-gomod.sh"
  "$HERE/gen-gomod.sh"
fi

BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDFLAGS+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$KUBE_MINOR"
  LDFLAGS+=" -X $pkg.buildDate=$BUILD_DATE -X $pkg.gitTreeState=clean"
done

if [[ $FORCE == 1 ]] || ! have_core; then
  log "building Kubernetes $KUBE_VERSION into $OUT (this takes a long time on a cold cache)"
  cd "$TOOLS"
  go mod download

  # etcd version must be the one the Kubernetes release pins.
  KDIR="$(go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
  ETCD_PINNED="v$(awk '/name: "etcd"/{f=1;next} f&&/version:/{print $2; exit}' "$KDIR/build/dependencies.yaml")"
  ETCD_SELECTED="$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
  if [[ "$ETCD_PINNED" != "$ETCD_SELECTED" ]]; then
    log "WARNING: Kubernetes $KUBE_VERSION pins etcd $ETCD_PINNED (build/dependencies.yaml) but go.mod selects $ETCD_SELECTED"
  fi
  log "etcd: go.etcd.io/etcd/server/v3 $ETCD_SELECTED (Kubernetes pins $ETCD_PINNED)"

  t0=$(date +%s)
  go build -trimpath -ldflags="$LDFLAGS" -o "$TMP/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager
  log "kube-apiserver + kube-controller-manager built in $(( $(date +%s) - t0 ))s"
  t0=$(date +%s)
  go build -trimpath -ldflags="-s -w" -o "$TMP/etcd" go.etcd.io/etcd/server/v3
  log "etcd built in $(( $(date +%s) - t0 ))s"

  for b in "${BINS[@]}"; do mv -f "$TMP/$b" "$OUT/$b"; done
  {
    echo "kubernetes=$KUBE_VERSION"
    echo "etcd=$ETCD_SELECTED"
    echo "go=$(go env GOVERSION)"
    echo "built=$BUILD_DATE"
    echo "seconds=$(( $(date +%s) - START ))"
  } > "$OUT/BUILD_INFO"
  "$OUT/kube-apiserver" --version >&2
  "$OUT/etcd" --version | head -1 >&2
fi

if [[ $KWOK == 1 ]] && { [[ $FORCE == 1 ]] || ! have_kwok; }; then
  t0=$(date +%s)
  (cd "$TOOLS" && go build -trimpath -ldflags="$LDFLAGS" -o "$TMP/kube-scheduler" k8s.io/kubernetes/cmd/kube-scheduler)
  log "kube-scheduler built in $(( $(date +%s) - t0 ))s"
  t0=$(date +%s)
  cd "$TOOLS_KWOK"
  go mod download
  KWOK_DIR="$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  go build -trimpath -ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" -o "$TMP/kwok" sigs.k8s.io/kwok/cmd/kwok
  log "kwok $KWOK_VERSION built in $(( $(date +%s) - t0 ))s"
  # Default "fast" stages (what kwokctl uses): nodes become Ready with a
  # lease heartbeat; pods become Running/Ready, complete, and get deleted.
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    echo "---"; cat "$KWOK_DIR/kustomize/stage/$f"
  done > "$TMP/kwok-stages.yaml"
  mv -f "$TMP/kube-scheduler" "$TMP/kwok" "$TMP/kwok-stages.yaml" "$OUT/"
  echo "$KWOK_VERSION" > "$OUT/kwok.version"
fi

log "done in $(( $(date +%s) - START ))s -> $OUT"
echo "$OUT"
