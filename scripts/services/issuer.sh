#!/usr/bin/env bash
# Berth's own OpenID issuer for the tests: a throwaway CA and an https certificate for
# 127.0.0.1/localhost (API servers accept only https issuers), then `lib/issuer/main.ts` in the
# background against DATABASE_URL. Usage: scripts/services/issuer.sh start|stop|certs
# (`certs` only makes the CA and certificate, for a process that must trust it from its start).
#   state: ${BERTH_RUN_DIR:-/tmp/berth-run}/issuer   (ca.crt, tls.*, issuer.log, pid, env)
#   port:  ${BERTH_ISSUER_PORT:-3443}
# `start` needs the app's environment (DATABASE_URL, AUTH_SECRET, BERTH_ENCRYPTION_KEY, …) and
# writes issuer/env with BERTH_ISSUER_URL, BERTH_ISSUER_CA_FILE and NODE_EXTRA_CA_CERTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${BERTH_RUN_DIR:-/tmp/berth-run}/issuer"
port="${BERTH_ISSUER_PORT:-3443}"
url="https://127.0.0.1:$port/oidc"

die() { echo "issuer.sh: $*" >&2; exit 1; }

certificates() {
  [ -f "$state/tls.crt" ] && return 0
  local run=(openssl)
  "${run[@]}" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj /CN=berth-issuer-test-ca -keyout "$state/ca.key" -out "$state/ca.crt" 2>/dev/null
  "${run[@]}" req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 -keyout "$state/tls.key" -out "$state/tls.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$state/ext.cnf"
  "${run[@]}" x509 -req -in "$state/tls.csr" -CA "$state/ca.crt" -CAkey "$state/ca.key" -CAcreateserial -days 7 -extfile "$state/ext.cnf" -out "$state/tls.crt" 2>/dev/null
  chmod 600 "$state/ca.key" "$state/tls.key"
}

case "${1:-}" in
  certs)
    mkdir -p "$state"
    certificates
    echo "$state/ca.crt"
    ;;
  start)
    [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
    mkdir -p "$state"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then "$0" stop; fi
    certificates
    cat >"$state/env" <<ENV
export BERTH_ISSUER_URL=$url
export BERTH_ISSUER_PORT=$port
export BERTH_ISSUER_CA_FILE=$state/ca.crt
export BERTH_ISSUER_TLS_CERT_FILE=$state/tls.crt
export BERTH_ISSUER_TLS_KEY_FILE=$state/tls.key
export NODE_EXTRA_CA_CERTS=$state/ca.crt
# Rotation tests wait for every issuer to serve a new key.
export BERTH_ISSUER_KEY_CHECK_SECONDS=1
ENV
    source "$state/env"
    cd "$root"
    # Its sign-in pages are the end-to-end tests' Berth (e2e/global-setup.ts).
    BERTH_URL="${BERTH_ISSUER_BERTH_URL:-http://127.0.0.1:3100}" setsid node ${BERTH_ISSUER_NODE_FLAGS:-} --conditions=react-server --import tsx lib/issuer/main.ts >"$state/issuer.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 150); do
      curl -fsS --max-time 2 --cacert "$state/ca.crt" "$url/.well-known/openid-configuration" >/dev/null 2>&1 && { echo "issuer: $url (env: $state/env)"; exit 0; }
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { tail -20 "$state/issuer.log" >&2; die "the issuer exited"; }
      sleep 0.2
    done
    tail -20 "$state/issuer.log" >&2; die "the issuer did not answer at $url within 30 s"
    ;;
  stop)
    if [ -f "$state/pid" ]; then
      pid="$(cat "$state/pid")"
      # Only our own process: the pid file could be stale after a reboot.
      if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'lib/issuer/main.ts'; then kill "$pid" 2>/dev/null || true; fi
      rm -f "$state/pid"
    fi
    ;;
  *) die "usage: issuer.sh start|stop|certs" ;;
esac
