#!/usr/bin/env bash
# Smoke check for the test control plane: starts two instances side by side,
# proves the namespace controller (kube-controller-manager) works, that the
# Berth identity has exactly the intended RBAC, then stops both.
# Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAUNCH="$HERE/launch.sh"
KUBECTL="${KUBECTL:-kubectl}"
A="smoke-$$-a"; B="smoke-$$-b"
VA="KUBE_$(echo "$A" | tr 'a-z-' 'A-Z_')"; VB="KUBE_$(echo "$B" | tr 'a-z-' 'A-Z_')"
FAILS=0
KWOK_ARG=()
case "${1:-}" in
  "") ;;
  --kwok) KWOK_ARG=(--kwok) ;;   # also check that a StatefulSet reaches Running (kwok)
  *) echo "usage: smoke.sh [--kwok]" >&2; exit 2 ;;
esac

say()  { echo "smoke: $*"; }
pass() { echo "smoke: PASS $*"; }
fail() { echo "smoke: FAIL $*" >&2; FAILS=$((FAILS + 1)); }
cleanup() { "$LAUNCH" stop "$B" >/dev/null 2>&1 || true; "$LAUNCH" stop "$A" >/dev/null 2>&1 || true; }
trap cleanup EXIT

T0=$(date +%s)
say "starting instance $A"
envA="$("$LAUNCH" start "$A" "${KWOK_ARG[@]}")" || { fail "launch.sh start $A"; exit 1; }
eval "$envA"
ADMIN="${VA}_ADMIN_KUBECONFIG"; ADMIN="${!ADMIN}"
BERTH="${VA}_BERTH_KUBECONFIG"; BERTH="${!BERTH}"
SERVER="${VA}_SERVER"; SERVER="${!SERVER}"
CA="${VA}_CA_FILE"; CA="${!CA}"
for v in "$ADMIN" "$BERTH" "$CA"; do [[ -f "$v" ]] || { fail "missing $v"; exit 1; }; done
pass "instance $A up at $SERVER"

ka() { "$KUBECTL" --kubeconfig "$ADMIN" "$@"; }
kb() { "$KUBECTL" --kubeconfig "$BERTH" "$@"; }

# /version reports the pinned release
want="$(tr -d '[:space:]' < "$HERE/KUBE_VERSION")"
got="$(curl -fsS --cacert "$CA" "$SERVER/version" | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p')"
[[ "$got" == "$want" ]] && pass "/version gitVersion=$got" || fail "/version gitVersion='$got', want $want"

# server certificate is valid for 127.0.0.1 and localhost
curl -fsS --cacert "$CA" "${SERVER/127.0.0.1/localhost}/readyz" >/dev/null && pass "TLS ok for localhost and 127.0.0.1" || fail "TLS for localhost"

# namespace create + delete, waiting until it is really gone (namespace controller)
NS="berth-smoke-$$"
ka create namespace "$NS" >/dev/null
ka -n "$NS" create configmap c1 --from-literal=k=v >/dev/null
ka delete namespace "$NS" --wait=false >/dev/null
t=$(date +%s); gone=0
while (( $(date +%s) - t < 90 )); do
  if ! out="$(ka get namespace "$NS" -o name 2>&1)"; then
    [[ "$out" == *NotFound* || "$out" == *"not found"* ]] && { gone=1; break; }
  fi
  sleep 0.5
done
[[ $gone == 1 ]] && pass "namespace $NS created, deleted and gone after $(( $(date +%s) - t ))s (namespace controller works)" \
                 || fail "namespace $NS still present after 90s: $(ka get ns "$NS" -o jsonpath='{.status}' 2>&1)"

# CSR signing by kube-controller-manager with the cluster CA
TMPD="$(mktemp -d)"
openssl ecparam -name prime256v1 -genkey -noout -out "$TMPD/u.key" 2>/dev/null
openssl req -new -key "$TMPD/u.key" -subj "/CN=smoke-user" -out "$TMPD/u.csr" 2>/dev/null
cat >"$TMPD/csr.yaml" <<EOF
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: berth-smoke-$$}
spec:
  request: $(base64 -w0 < "$TMPD/u.csr")
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
EOF
ka apply -f "$TMPD/csr.yaml" >/dev/null && ka certificate approve "berth-smoke-$$" >/dev/null
t=$(date +%s); crt=""
while (( $(date +%s) - t < 30 )); do
  crt="$(ka get csr "berth-smoke-$$" -o jsonpath='{.status.certificate}' 2>/dev/null || true)"
  [[ -n "$crt" ]] && break; sleep 0.5
done
if [[ -n "$crt" ]] && echo "$crt" | base64 -d > "$TMPD/u.crt" && openssl verify -CAfile "$CA" "$TMPD/u.crt" >/dev/null 2>&1; then
  pass "CSR approved and signed with the cluster CA (csrsigning controller works)"
else
  fail "CSR not signed within 30s"
fi
rm -rf "$TMPD"

# Berth identity: who am I, what may I do
who="$(kb auth whoami -o jsonpath='{.status.userInfo.username} {.status.userInfo.groups}' 2>&1 || true)"
[[ "$who" == berth* && "$who" == *berth:controllers* ]] && pass "berth identity: $who" || fail "berth whoami: $who"
r="$(kb auth can-i create namespaces 2>/dev/null || true)"
[[ "$r" == yes ]] && pass "berth can-i create namespaces = yes" || fail "berth can-i create namespaces = '$r'"
r="$(kb auth can-i impersonate users 2>/dev/null || true)"
[[ "$r" == no ]] && pass "berth can-i impersonate users = no" || fail "berth can-i impersonate users = '$r'"
r="$(kb auth can-i escalate clusterroles 2>/dev/null || true)"
[[ "$r" == no ]] && pass "berth can-i escalate clusterroles = no" || fail "berth can-i escalate clusterroles = '$r'"

if out="$(kb create clusterrolebinding berth-smoke-escalate --clusterrole=cluster-admin --user=berth 2>&1)"; then
  fail "berth created a ClusterRoleBinding to cluster-admin: $out"
else
  [[ "$out" == *Forbidden* || "$out" == *forbidden* ]] && pass "berth ClusterRoleBinding to cluster-admin is Forbidden" || fail "unexpected error: $out"
fi

# Berth can provision a tenant namespace and bind it to admin, but not to cluster-admin
TNS="berth-smoke-tenant-$$"
if kb create namespace "$TNS" >/dev/null 2>&1 && kb -n "$TNS" create rolebinding owners --clusterrole=admin --user=alice >/dev/null 2>&1; then
  pass "berth created namespace $TNS and a RoleBinding to ClusterRole admin"
else
  fail "berth could not create namespace/RoleBinding to admin"
fi
if out="$(kb -n "$TNS" create rolebinding sneaky --clusterrole=cluster-admin --user=berth 2>&1)"; then
  fail "berth bound cluster-admin inside $TNS: $out"
else
  [[ "$out" == *Forbidden* || "$out" == *forbidden* ]] && pass "berth RoleBinding to cluster-admin is Forbidden" || fail "unexpected error: $out"
fi
kb delete namespace "$TNS" --wait=false >/dev/null 2>&1 || fail "berth could not delete $TNS"

if [[ ${#KWOK_ARG[@]} -gt 0 ]]; then
  KNS="berth-smoke-kwok-$$"
  ka create namespace "$KNS" >/dev/null
  ka -n "$KNS" apply -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16}]
YAML
  if ka -n "$KNS" rollout status statefulset/db --timeout=90s >/dev/null 2>&1 &&
     [[ "$(ka -n "$KNS" get pods -o jsonpath='{range .items[*]}{.status.phase} {end}')" == "Running Running " ]]; then
    pass "kwok: StatefulSet db has 2 Running pods on $(ka -n "$KNS" get pods -o jsonpath='{.items[0].spec.nodeName}')"
  else
    fail "kwok: StatefulSet did not reach Running: $(ka -n "$KNS" get pods -o wide 2>&1)"
  fi
fi

# second instance side by side
say "starting instance $B beside $A"
envB="$("$LAUNCH" start "$B")" || { fail "launch.sh start $B"; exit 1; }
eval "$envB"
SB="${VB}_SERVER"; SB="${!SB}"; AB="${VB}_ADMIN_KUBECONFIG"; AB="${!AB}"
[[ "$SB" != "$SERVER" ]] && pass "second instance at $SB (first at $SERVER)" || fail "same server URL for both instances"
"$KUBECTL" --kubeconfig "$AB" get --raw /readyz >/dev/null && ka get --raw /readyz >/dev/null \
  && pass "both instances ready at the same time" || fail "an instance is not ready"
"$LAUNCH" status "$A" 2>/dev/null && "$LAUNCH" status "$B" 2>/dev/null && pass "launch.sh status ok for both" || fail "launch.sh status"

# stop both; state dirs and processes must be gone
RUN_ROOT="${BERTH_RUN_DIR:-/tmp/berth-run}"
pids="$(cat "$RUN_ROOT/kube-$A"/*.pid "$RUN_ROOT/kube-$B"/*.pid 2>/dev/null | tr '\n' ' ')"
"$LAUNCH" stop "$B" && "$LAUNCH" stop "$A"
left=""
for p in $pids; do [[ -e /proc/$p ]] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && left+="$p "; done
[[ -z "$left" && ! -e "$RUN_ROOT/kube-$A" && ! -e "$RUN_ROOT/kube-$B" ]] \
  && pass "both instances stopped, processes ($pids) gone, state dirs removed" || fail "left over: pids [$left]"
trap - EXIT

if [[ $FAILS -gt 0 ]]; then say "$FAILS check(s) FAILED"; exit 1; fi
say "all checks passed in $(( $(date +%s) - T0 ))s"
