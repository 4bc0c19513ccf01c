#!/usr/bin/env bash
# Start/stop a throw-away Kubernetes control plane (etcd + kube-apiserver +
# kube-controller-manager, no nodes) on 127.0.0.1 for tests, CI and demos.
#
#   launch.sh start  <name> [--port N] [--kwok]   start (or re-print env of) an instance
#   launch.sh stop   <name>                       kill its processes, remove its state dir
#   launch.sh status <name>                       exit 0 when running and ready
#   launch.sh env    <name>                       print the export lines again
#
# State: ${BERTH_RUN_DIR:-/tmp/berth-run}/kube-<name>/ (certs, data, logs, pids, env).
# Binaries: built/cached by build.sh, or taken from $BERTH_KUBE_BIN_DIR. Berth's RBAC comes
# from the Helm chart's rule files (helm/berth/files/).
# On success "start" prints shell export lines (also written to <state>/env):
#   KUBE_<NAME>_SERVER, KUBE_<NAME>_ADMIN_KUBECONFIG, KUBE_<NAME>_BERTH_KUBECONFIG,
#   KUBE_<NAME>_CA_FILE   (NAME upper-cased, '-' -> '_')
# Everything except the export lines goes to stderr, so
#   eval "$(scripts/kube-testenv/launch.sh start demo)"
# works.
# Trusting Berth's issuer: with BERTH_KUBE_OIDC_ISSUER_URL set (optional
# BERTH_KUBE_OIDC_CA_FILE, BERTH_KUBE_OIDC_AUDIENCES=a,b default cluster-<name>)
# kube-apiserver gets --authentication-config <state>/authentication-config.yaml.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_ROOT="${BERTH_RUN_DIR:-/tmp/berth-run}"
START_TIMEOUT="${BERTH_KUBE_START_TIMEOUT:-180}"
KUBECTL="${KUBECTL:-kubectl}"
SERVICE_CIDR="10.0.0.0/24"
SERVICE_IP="10.0.0.1"

log() { echo "kube-testenv[$NAME]: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%02d' $((d / 1000)) $(((d % 1000) / 10)); }

CMD="${1:-}"; NAME="${2:-}"
[[ -n "$CMD" && -n "$NAME" ]] || usage
shift 2
[[ "$NAME" =~ ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$ ]] || { NAME=?; die "name must match [a-z0-9-] (max 32 chars)"; }
VAR="KUBE_$(echo "$NAME" | tr 'a-z-' 'A-Z_')"
STATE="$RUN_ROOT/kube-$NAME"

API_PORT=""; WANT_KWOK=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) API_PORT="${2:-}"; [[ "$API_PORT" =~ ^[0-9]+$ ]] || die "--port needs a number"; shift 2 ;;
    --port=*) API_PORT="${1#--port=}"; shift ;;
    --kwok) WANT_KWOK=1; shift ;;
    *) usage ;;
  esac
done

# ---------------------------------------------------------------- processes
COMPONENTS=(kwok kube-scheduler kube-controller-manager kube-apiserver etcd)   # stop order

# pid of a component if it is alive AND is the process we started (its command
# line mentions our state dir), so a recycled pid is never killed.
live_pid() {
  local f="$STATE/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$STATE/" || return 1
  echo "$pid"
}

stop_all() {
  local c pid pids=() i
  for c in "${COMPONENTS[@]}"; do
    if pid="$(live_pid "$c")"; then kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); fi
  done
  for i in $(seq 1 100); do                        # up to 10s for a clean exit
    local alive=0
    for pid in "${pids[@]}"; do [[ -e /proc/$pid ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do [[ -e /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null || true; done
  return 0
}

# start_bg <component> <binary> args...  (own session, survives this script)
start_bg() {
  local c="$1"; shift
  setsid "$@" >"$STATE/logs/$c.log" 2>&1 </dev/null 8>&- &
  echo $! >"$STATE/$c.pid"
}

free_ports() {  # free_ports N -> N distinct free TCP ports on 127.0.0.1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
  else
    node -e '
const net = require("net"); const n = +process.argv[1]; const ports = []; const srvs = [];
(function next() { if (ports.length === n) { srvs.forEach(s => s.close()); console.log(ports.join(" ")); return; }
  const s = net.createServer(); srvs.push(s); s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); next(); }); })();' "$1"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_env() {
  [[ -f "$STATE/env" ]] || die "no env file in $STATE (not running?)"
  cat "$STATE/env"
}

status_ok() {
  local c ok=0
  for c in etcd kube-apiserver kube-controller-manager; do
    if live_pid "$c" >/dev/null; then log "$c: running (pid $(cat "$STATE/$c.pid"))"; else log "$c: NOT running"; ok=1; fi
  done
  for c in kube-scheduler kwok; do
    [[ -f "$STATE/$c.pid" ]] || continue
    if live_pid "$c" >/dev/null; then log "$c: running (pid $(cat "$STATE/$c.pid"))"; else log "$c: NOT running"; ok=1; fi
  done
  if [[ $ok == 0 ]]; then
    local server; server="$(sed -n "s/^export ${VAR}_SERVER=//p" "$STATE/env" 2>/dev/null)"
    if curl -fsS --max-time 5 --cacert "$STATE/pki/ca.crt" --cert "$STATE/pki/admin.crt" --key "$STATE/pki/admin.key" \
         "$server/readyz" >/dev/null 2>&1; then log "readyz: ok ($server)"; else log "readyz: FAILING ($server)"; ok=1; fi
  fi
  return $ok
}

# ---------------------------------------------------------------- pki
pki() {
  local P="$STATE/pki"
  mkdir -p "$P"; chmod 700 "$P"
  # mkca <basename> <CN>: self-signed EC P-256 CA
  mkca() {
    ( umask 077; openssl ecparam -name prime256v1 -genkey -noout -out "$P/$1.key" 2>/dev/null )
    openssl req -x509 -new -key "$P/$1.key" -sha256 -days 3650 -subj "/CN=$2" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$P/$1.crt" 2>/dev/null
    [[ -s "$P/$1.crt" ]] || die "openssl failed to create $1.crt"
  }
  # leaf <basename> <subject> <extendedKeyUsage> [subjectAltName] [ca-basename]
  leaf() {
    local f="$1" subj="$2" eku="$3" san="${4:-}" ca="${5:-ca}" ext
    ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$eku"
    [[ -n "$san" ]] && ext+=$'\n'"subjectAltName=$san"
    ( umask 077; openssl ecparam -name prime256v1 -genkey -noout -out "$P/$f.key" 2>/dev/null )
    openssl req -new -key "$P/$f.key" -subj "$subj" 2>/dev/null |
      openssl x509 -req -CA "$P/$ca.crt" -CAkey "$P/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
        -days 365 -sha256 -extfile <(echo "$ext") -out "$P/$f.crt" 2>/dev/null
    [[ -s "$P/$f.crt" ]] || die "openssl failed to issue $f.crt"
  }
  # cluster CA: serving cert, client certs, --client-ca-file, CSR signing
  mkca ca "berth-test-ca-$NAME"
  # front-proxy CA: requestheader authn for aggregated APIs (and for the
  # delegated authn of kube-controller-manager's own secure port)
  mkca front-proxy-ca "berth-test-front-proxy-ca-$NAME"
  # service-account token signing key pair
  ( umask 077
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/sa.key" 2>/dev/null
    openssl pkey -in "$P/sa.key" -pubout -out "$P/sa.pub" 2>/dev/null )
  [[ -s "$P/sa.pub" ]] || die "openssl failed to create the service-account key pair"

  leaf apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,DNS:localhost,IP:$SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  leaf front-proxy-client "/CN=front-proxy-client" clientAuth "" front-proxy-ca
  leaf admin "/O=system:masters/CN=berth-test-admin" clientAuth
  leaf berth "/O=berth:controllers/CN=berth" clientAuth
  leaf kube-controller-manager "/CN=system:kube-controller-manager" clientAuth
  if [[ $WANT_KWOK == 1 ]]; then
    leaf kube-scheduler "/CN=system:kube-scheduler" clientAuth
    # kwok updates node/pod status and node leases for every fake node
    leaf kwok "/O=system:masters/CN=kwok-controller" clientAuth
    leaf kwok-serving "/CN=kwok-node" serverAuth "IP:127.0.0.1,DNS:localhost"
  fi
}

b64() { base64 -w0 < "$1"; }

# ---------------------------------------------------------------- trust Berth's issuer
# Structured authentication configuration (apiserver.config.k8s.io/v1), the same shape the
# cluster page shows admins (lib/domain/cluster-trust.ts). Every username and group gets the
# "berth:" prefix, so a token can never claim a system: identity; the userValidationRules
# refuse one anyway, in case someone edits the prefix away. The API server fetches the
# issuer's discovery document and keys in the background and keeps retrying, so it starts and
# is ready before the issuer is up (Berth's issuer may start after the cluster).
# https://kubernetes.io/docs/reference/access-authn-authz/authentication/#using-authentication-configuration
OIDC_ISSUER="${BERTH_KUBE_OIDC_ISSUER_URL:-}"
OIDC_CA_FILE="${BERTH_KUBE_OIDC_CA_FILE:-}"
OIDC_AUDIENCES="${BERTH_KUBE_OIDC_AUDIENCES:-cluster-$NAME}"
AUTHN_CONFIG="$STATE/authentication-config.yaml"

yq_str() {  # a YAML double-quoted scalar: \ and " escaped, everything else literal
  local v="${1//\\/\\\\}"
  printf '"%s"' "${v//\"/\\\"}"
}

# authn_config: prints the AuthenticationConfiguration trusting $OIDC_ISSUER
authn_config() {
  [[ "$OIDC_ISSUER" =~ ^https://[^[:space:]?#]+$ && "$OIDC_ISSUER" != */ ]] ||
    die "BERTH_KUBE_OIDC_ISSUER_URL must be an https:// URL without query, fragment or trailing slash (API servers accept only https issuers); got: $OIDC_ISSUER"
  local auds=() parts a
  IFS=',' read -r -a parts <<<"$OIDC_AUDIENCES"
  for a in "${parts[@]}"; do
    a="${a#"${a%%[![:space:]]*}"}"; a="${a%"${a##*[![:space:]]}"}"
    if [[ -n "$a" ]]; then auds+=("$a"); fi
  done
  [[ ${#auds[@]} -gt 0 ]] || die "BERTH_KUBE_OIDC_AUDIENCES names no audience"
  if [[ -n "$OIDC_CA_FILE" ]]; then
    [[ -r "$OIDC_CA_FILE" ]] || die "BERTH_KUBE_OIDC_CA_FILE $OIDC_CA_FILE is not readable"
    grep -q -- '-----BEGIN CERTIFICATE-----' "$OIDC_CA_FILE" || die "BERTH_KUBE_OIDC_CA_FILE $OIDC_CA_FILE holds no PEM certificate"
  fi
  {
    echo "apiVersion: apiserver.config.k8s.io/v1"
    echo "kind: AuthenticationConfiguration"
    echo "jwt:"
    echo "  - issuer:"
    echo "      url: $(yq_str "$OIDC_ISSUER")"
    if [[ -n "$OIDC_CA_FILE" ]]; then
      # Inline PEM (the v1 field holds the content, not a path); blank lines and CRs dropped
      # so the literal block stays one indented block.
      echo "      certificateAuthority: |"
      sed -e 's/\r$//' -e '/^[[:space:]]*$/d' -e 's/^/        /' "$OIDC_CA_FILE"
    fi
    echo "      audiences:"
    for a in "${auds[@]}"; do echo "        - $(yq_str "$a")"; done
    # v1 refuses several audiences without a policy; MatchAny: the token's aud holds one of them.
    if [[ ${#auds[@]} -gt 1 ]]; then echo "      audienceMatchPolicy: MatchAny"; fi
    echo "    claimMappings:"
    echo "      username:"
    echo "        claim: preferred_username"
    echo "        prefix: \"berth:\""
    echo "      groups:"
    echo "        claim: groups"
    echo "        prefix: \"berth:\""
    echo "      uid:"
    echo "        claim: sub"
    echo "    userValidationRules:"
    echo "      - expression: \"!user.username.startsWith('system:')\""
    echo "        message: \"username may not use the reserved system: prefix\""
    echo "      - expression: \"user.groups.all(group, !group.startsWith('system:'))\""
    echo "        message: \"groups may not use the reserved system: prefix\""
  }
}

kubeconfig() {  # kubeconfig <out> <user> <cert-basename>
  local P="$STATE/pki"
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: berth-$NAME
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$P/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(b64 "$P/$3.crt")
    client-key-data: $(b64 "$P/$3.key")
contexts:
- name: $2@berth-$NAME
  context:
    cluster: berth-$NAME
    user: $2
current-context: $2@berth-$NAME
EOF
  chmod 600 "$1"
}

# ---------------------------------------------------------------- Berth's RBAC
# The Helm chart's worker ClusterRoles, from the rule files the chart's template includes
# verbatim (helm/berth/files/*-rules.yaml: there is no copy), bound to the test identity, user
# "berth" (group berth:controllers), instead of a release's ServiceAccount. No helm is needed
# here (the demo starts this too); tests/chart/ compares these roles on the running API server
# with `helm template` of the chart.
CHART="$HERE/../../helm/berth"
cluster_role() {  # cluster_role <name> <rules file under the chart's files/>
  [[ -s "$CHART/files/$2" ]] || die "the chart has no files/$2"
  printf 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: %s\n  labels:\n    app.kubernetes.io/part-of: berth\nrules:\n' "$1"
  sed 's/^/  /' "$CHART/files/$2"
  echo "---"
}
render_rbac() {
  cluster_role berth-provisioner provisioner-rules.yaml
  cluster_role berth-vcluster-kubeconfig-reader kubeconfig-reader-rules.yaml
  cat <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: berth-provisioner
  labels:
    app.kubernetes.io/part-of: berth
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: berth-provisioner
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: berth
EOF
}

# ---------------------------------------------------------------- kwok
# kube-scheduler + kwok (fake kubelets) + one fake node "kwok-node-0", so
# Pods/StatefulSets get scheduled and reach Running without real nodes.
start_kwok() {
  local BIN="$1" P="$STATE/pki"
  mkdir -p "$STATE/scheduler-certs"
  start_bg kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$STATE/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --cert-dir "$STATE/scheduler-certs" \
    --leader-elect=false
  start_bg kwok "$BIN/kwok" \
    --kubeconfig "$STATE/kwok.kubeconfig" \
    --config "$BIN/kwok-stages.yaml" \
    --manage-all-nodes=true \
    --node-ip 127.0.0.1 --node-name "kwok-$NAME" --node-port "$KWOK_PORT" \
    --server-address "127.0.0.1:$KWOK_PORT" \
    --tls-cert-file "$P/kwok-serving.crt" --tls-private-key-file "$P/kwok-serving.key" \
    --node-lease-duration-seconds 40 \
    --cidr 10.244.0.1/16
  "$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" apply -f - >/dev/null <<'NODE' || die "creating the kwok node failed"
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
NODE
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until [[ "$("$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" get node kwok-node-0 \
               -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]; do
    live_pid kwok >/dev/null || die "kwok exited"
    live_pid kube-scheduler >/dev/null || die "kube-scheduler exited"
    (( $(date +%s) < deadline )) || die "kwok node not Ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  log "kwok + kube-scheduler running; node kwok-node-0 Ready"
}

# ---------------------------------------------------------------- start
do_start() {
  if [[ -n "$OIDC_ISSUER" ]]; then authn_config >/dev/null; fi   # bad BERTH_KUBE_OIDC_* fail here, before anything starts
  if [[ -d "$STATE" ]]; then
    if status_ok 2>/dev/null; then
      if [[ $WANT_KWOK == 1 && ! -f "$STATE/kwok.pid" ]]; then die "already running without --kwok; stop it first"; fi
      # A running instance that trusts another issuer (or none) would fail sign-ins later, far from the cause.
      local want="" have=""
      if [[ -n "$OIDC_ISSUER" ]]; then want="$(authn_config)"; fi
      if [[ -f "$AUTHN_CONFIG" ]]; then have="$(cat "$AUTHN_CONFIG")"; fi
      [[ "$want" == "$have" ]] || die "already running with a different authentication config (BERTH_KUBE_OIDC_*); stop it first"
      log "already running (state: $STATE)"
      print_env; return 0
    fi
    log "stale state dir found; cleaning it up"
    stop_all; rm -rf "$STATE"
  fi

  local BIN="${BERTH_KUBE_BIN_DIR:-}"
  if [[ -z "$BIN" ]]; then
    if [[ $WANT_KWOK == 1 ]]; then BIN="$("$HERE/build.sh" --kwok | tail -1)"; else BIN="$("$HERE/build.sh" | tail -1)"; fi
  fi
  local b
  for b in etcd kube-apiserver kube-controller-manager; do
    [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (run scripts/kube-testenv/build.sh)"
  done
  if [[ $WANT_KWOK == 1 ]]; then
    for b in kube-scheduler kwok; do
      [[ -x "$BIN/$b" ]] || die "--kwok needs $BIN/$b (run scripts/kube-testenv/build.sh --kwok)"
    done
  fi
  command -v "$KUBECTL" >/dev/null || die "kubectl not found (set KUBECTL or PATH)"

  local T0; T0=$(now_ms)
  mkdir -p "$STATE"/{logs,etcd,kcm-certs}
  chmod 700 "$STATE" "$STATE/etcd"
  # Failure anywhere below: stop what we started, keep logs for inspection.
  trap 'rc=$?; if [[ $rc != 0 ]]; then log "start failed; last log lines:"; for f in "$STATE"/logs/*.log; do [[ -f "$f" ]] || continue; echo "--- $f" >&2; tail -n 15 "$f" >&2; done; stop_all; log "logs kept in $STATE/logs (launch.sh stop $NAME removes them)"; fi' EXIT

  local ports ETCD_PORT ETCD_PEER_PORT KCM_PORT SCHED_PORT KWOK_PORT
  ports=($(free_ports 6))
  ETCD_PORT=${ports[0]}; ETCD_PEER_PORT=${ports[1]}; KCM_PORT=${ports[2]}
  SCHED_PORT=${ports[4]}; KWOK_PORT=${ports[5]}
  if [[ -z "$API_PORT" ]]; then API_PORT=${ports[3]}
  elif port_in_use "$API_PORT"; then die "port $API_PORT is already in use"; fi
  SERVER="https://127.0.0.1:$API_PORT"

  pki
  local P="$STATE/pki"
  render_rbac >"$STATE/berth-rbac.yaml"
  local AUTHN_ARGS=()
  if [[ -n "$OIDC_ISSUER" ]]; then
    authn_config >"$AUTHN_CONFIG"
    AUTHN_ARGS=(--authentication-config "$AUTHN_CONFIG")
    log "kube-apiserver trusts the issuer $OIDC_ISSUER (audiences: $OIDC_AUDIENCES)"
  fi
  kubeconfig "$STATE/admin.kubeconfig" berth-test-admin admin
  kubeconfig "$STATE/berth.kubeconfig" berth berth
  kubeconfig "$STATE/kube-controller-manager.kubeconfig" system:kube-controller-manager kube-controller-manager
  if [[ $WANT_KWOK == 1 ]]; then
    kubeconfig "$STATE/kube-scheduler.kubeconfig" system:kube-scheduler kube-scheduler
    kubeconfig "$STATE/kwok.kubeconfig" kwok-controller kwok
  fi

  # --- etcd (plain http on loopback only; own data dir)
  start_bg etcd "$BIN/etcd" \
    --name "berth-$NAME" \
    --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "berth-$NAME=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state new \
    --unsafe-no-fsync \
    --log-level warn
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"'; do
    live_pid etcd >/dev/null || die "etcd exited"
    (( $(date +%s) < deadline )) || die "etcd not healthy after ${START_TIMEOUT}s"
    sleep 0.1
  done
  log "etcd healthy on 127.0.0.1:$ETCD_PORT after $(secs_since "$T0")s"

  # --- kube-apiserver
  start_bg kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --endpoint-reconciler-type none \
    --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" \
    --client-ca-file "$P/ca.crt" \
    --requestheader-client-ca-file "$P/front-proxy-ca.crt" \
    --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User \
    --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$P/front-proxy-client.crt" --proxy-client-key-file "$P/front-proxy-client.key" \
    --authorization-mode Node,RBAC \
    --service-account-issuer "$SERVER" \
    --service-account-key-file "$P/sa.pub" \
    --service-account-signing-key-file "$P/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --allow-privileged=true \
    --cert-dir "$STATE/apiserver-certs" \
    ${AUTHN_ARGS[@]+"${AUTHN_ARGS[@]}"} \
    --profiling=false
  until curl -fsS --max-time 2 --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" "$SERVER/readyz" >/dev/null 2>&1; do
    live_pid kube-apiserver >/dev/null || die "kube-apiserver exited"
    (( $(date +%s) < deadline )) || die "kube-apiserver not ready after ${START_TIMEOUT}s"
    sleep 0.2
  done
  local API_READY; API_READY="$(secs_since "$T0")"
  log "kube-apiserver /readyz ok at $SERVER after ${API_READY}s"

  # --- kube-controller-manager
  start_bg kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$STATE/kcm-certs" \
    --controllers '*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$P/sa.key" \
    --root-ca-file "$P/ca.crt" \
    --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --leader-elect=false \
    --concurrent-namespace-syncs=50 \
    --profiling=false

  # --- RBAC for the Berth identity (render_rbac)
  local out
  out="$("$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" apply --server-side --field-manager=berth-testenv -f "$STATE/berth-rbac.yaml" 2>&1)" || die "applying the chart's worker RBAC failed: $out"
  log "applied the chart's worker ClusterRoles, bound to user berth"

  # --- CustomResourceDefinitions for the tests (crds/*.yaml, e.g. the Cluster API kinds of
  # templates/vcluster.yaml), as admin; "start" returns once the API server serves them.
  if compgen -G "$HERE/crds/*.yaml" >/dev/null; then
    out="$("$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" apply -f "$HERE/crds/" 2>&1)" || die "applying crds/ failed: $out"
    local crd_wait=$(( deadline - $(date +%s) )); (( crd_wait > 0 )) || crd_wait=1
    out="$("$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" wait --for=condition=Established --timeout="${crd_wait}s" -f "$HERE/crds/" 2>&1)" ||
      die "CRDs in crds/ not Established: $out"
    log "applied crds/ ($(grep -c '^kind: CustomResourceDefinition' "$HERE"/crds/*.yaml | awk -F: '{n += $NF} END {print n}') CRDs, Established)"
  fi

  # --- wait for the controller manager to be healthy and actually working
  # (the service-account controller creates "default" in every namespace).
  until curl -fsSk --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz" >/dev/null 2>&1 &&
        "$KUBECTL" --kubeconfig "$STATE/admin.kubeconfig" -n default get serviceaccount default >/dev/null 2>&1; do
    live_pid kube-controller-manager >/dev/null || die "kube-controller-manager exited"
    (( $(date +%s) < deadline )) || die "kube-controller-manager not healthy after ${START_TIMEOUT}s"
    sleep 0.2
  done
  log "kube-controller-manager healthy (127.0.0.1:$KCM_PORT)"

  if [[ $WANT_KWOK == 1 ]]; then start_kwok "$BIN"; fi

  {
    echo "export ${VAR}_SERVER=$SERVER"
    echo "export ${VAR}_ADMIN_KUBECONFIG=$STATE/admin.kubeconfig"
    echo "export ${VAR}_BERTH_KUBECONFIG=$STATE/berth.kubeconfig"
    echo "export ${VAR}_CA_FILE=$STATE/pki/ca.crt"
    if [[ -n "$OIDC_ISSUER" ]]; then echo "export ${VAR}_AUTHENTICATION_CONFIG=$AUTHN_CONFIG"; fi
  } >"$STATE/env"
  trap - EXIT
  log "control plane ready in $(secs_since "$T0")s (apiserver ready after ${API_READY}s; state: $STATE)"
  cat "$STATE/env"
}

do_stop() {
  if [[ ! -d "$STATE" ]]; then log "not running (no $STATE)"; return 0; fi
  stop_all
  rm -rf "$STATE"
  log "stopped and removed $STATE"
}

# serialize start/stop of the same instance (fd 8 is closed for the daemons)
lock() { mkdir -p "$RUN_ROOT"; exec 8>"$RUN_ROOT/.kube-$NAME.lock"; flock 8; }

case "$CMD" in
  start)  lock; do_start ;;
  stop)   lock; do_stop ;;
  status) [[ -d "$STATE" ]] || { log "not running"; exit 1; }; status_ok ;;
  env)    print_env ;;
  *)      usage ;;
esac
