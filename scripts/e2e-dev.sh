#!/usr/bin/env bash
# For developers: keeps the test services running and re-runs only the end-to-end tests
# against a fresh build. Usage: bash scripts/e2e-dev.sh [playwright args…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"; cd "$root"
source scripts/node-env.sh
export BERTH_RUN_DIR=/tmp/berth-e2e-dev BERTH_PG_PORT=55452 BERTH_LDAP_PORT=3409
bash scripts/services/postgres.sh start >/dev/null
bash scripts/services/slapd.sh start >/dev/null
source "$BERTH_RUN_DIR/postgres/env"; source "$BERTH_RUN_DIR/slapd/env"
psql "$BERTH_TEST_PG_ADMIN_URL" -qc 'DROP DATABASE IF EXISTS berth_e2e_dev WITH (FORCE)' -c 'CREATE DATABASE berth_e2e_dev'
export DATABASE_URL="${BERTH_TEST_PG_ADMIN_URL%/*}/berth_e2e_dev" AUTH_SECRET=e2e-dev-secret-0123456789abcdef0123456789 BERTH_PLATFORM_ADMIN_GROUPS=berth-platform-admins BERTH_ENCRYPTION_KEY=$(openssl rand -base64 32)
node --conditions=react-server --import tsx scripts/db/migrate.ts >/dev/null
# As scripts/test.sh: Berth's issuer on https, and a control plane that trusts it.
bash scripts/services/issuer.sh start >/dev/null
source "$BERTH_RUN_DIR/issuer/env"
bash scripts/kube-testenv/launch.sh stop test >/dev/null 2>&1 || true
BERTH_KUBE_OIDC_ISSUER_URL="$BERTH_ISSUER_URL" BERTH_KUBE_OIDC_CA_FILE="$BERTH_ISSUER_CA_FILE" BERTH_KUBE_OIDC_AUDIENCES=cluster-test,cluster-e2e \
  bash scripts/kube-testenv/launch.sh start test >/dev/null
source "$BERTH_RUN_DIR/kube-test/env"
mkdir -p "$BERTH_RUN_DIR/results"
NODE_ENV=production node_modules/.bin/next build > "$BERTH_RUN_DIR/results/next-build.log" 2>&1 || { tail -30 "$BERTH_RUN_DIR/results/next-build.log"; exit 1; }
node_modules/.bin/playwright test "$@"
