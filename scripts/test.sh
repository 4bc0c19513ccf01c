#!/usr/bin/env bash
# The whole suite: starts the real services (PostgreSQL, slapd), makes a throwaway
# database, runs unit + integration tests (Vitest) and end-to-end tests (Playwright in
# Debian's Chromium), stops everything, and ends with one line "N passed, N failed".
# Called by `npm test` through scripts/run.sh (Node and npm packages are ready).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# Its own state folder and ports, so a developer's running services are left alone.
export BERTH_RUN_DIR="${BERTH_RUN_DIR:-/tmp/berth-test-run}"
export BERTH_PG_PORT="${BERTH_PG_PORT:-55442}" BERTH_LDAP_PORT="${BERTH_LDAP_PORT:-3399}"
results="$BERTH_RUN_DIR/results"
rm -rf "$results"; mkdir -p "$results"
started=$(date +%s)

# The run leaves the checkout as it found it: no tracked file changed by the install step
# (scripts/run.sh took the snapshot before it) or by anything after (scripts/tree-check.sh).
tree_before="$results/tree-before"
if [ -n "${BERTH_TREE_SNAPSHOT:-}" ] && [ -f "$BERTH_TREE_SNAPSHOT" ]; then mv "$BERTH_TREE_SNAPSHOT" "$tree_before"; else bash scripts/tree-check.sh snapshot "$tree_before"; fi
bash scripts/tree-check.sh check "$tree_before" "by the install step" || exit 1

cleanup() {
  if [ -n "${BERTH_TEST_DB:-}" ] && [ -n "${BERTH_TEST_PG_ADMIN_URL:-}" ]; then
    psql "$BERTH_TEST_PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$BERTH_TEST_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ "${BERTH_KEEP_SERVICES:-0}" = 1 ] && return
  bash scripts/kube-testenv/launch.sh stop test >/dev/null 2>&1 || true
  bash scripts/services/issuer.sh stop >/dev/null 2>&1 || true
  bash scripts/services/slapd.sh stop >/dev/null 2>&1 || true
  bash scripts/services/postgres.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "services"
bash scripts/services/postgres.sh start || exit 1
bash scripts/services/slapd.sh start || exit 1
source "$BERTH_RUN_DIR/postgres/env"
source "$BERTH_RUN_DIR/slapd/env"
bash scripts/services/chromium.sh || exit 1

step "database"
export BERTH_TEST_DB="berth_test_$(date +%s)_$$"
psql "$BERTH_TEST_PG_ADMIN_URL" -qc "CREATE DATABASE \"$BERTH_TEST_DB\"" || exit 1
export DATABASE_URL="${BERTH_TEST_PG_ADMIN_URL%/*}/$BERTH_TEST_DB"
node --conditions=react-server --import tsx scripts/db/migrate.ts || exit 1

export AUTH_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')"
export BERTH_ENCRYPTION_KEY="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
export BERTH_PLATFORM_ADMIN_GROUPS=berth-platform-admins
export LDAP_GROUP_MODE=memberOf
export NODE_ENV=test

step "issuer (Berth's OpenID provider, https)"
bash scripts/services/issuer.sh start || exit 1
source "$BERTH_RUN_DIR/issuer/env"

step "kubernetes control plane (etcd, kube-apiserver, kube-controller-manager)"
bash scripts/kube-testenv/build.sh || exit 1
# The control plane trusts Berth's issuer for the clusters the tests register as "test" and "e2e".
BERTH_KUBE_OIDC_ISSUER_URL="$BERTH_ISSUER_URL" BERTH_KUBE_OIDC_CA_FILE="$BERTH_ISSUER_CA_FILE" BERTH_KUBE_OIDC_AUDIENCES=cluster-test,cluster-e2e \
  bash scripts/kube-testenv/launch.sh start test >/dev/null || exit 1
source "$BERTH_RUN_DIR/kube-test/env"

# helm, for the chart tests at the end: built from its Go module in the background (niced, after
# the Kubernetes build, whose k8s.io packages it finds in GOCACHE) while the suite runs.
nice -n 19 bash scripts/kube-testenv/build-helm.sh > "$results/helm-build.log" 2>&1 &
helm_pid=$!

step "unit and integration tests (vitest)"
node_modules/.bin/vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
vitest_rc=$?

step "build (next build)"
build_start=$(date +%s)
NODE_ENV=production node_modules/.bin/next build > "$results/next-build.log" 2>&1
build_rc=$?
echo "next build: exit $build_rc in $(( $(date +%s) - build_start ))s"
[ $build_rc -eq 0 ] || tail -40 "$results/next-build.log"

step "end-to-end tests (playwright)"
pw_rc=1
if [ $build_rc -eq 0 ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" node_modules/.bin/playwright test --reporter=list,json
  pw_rc=$?
fi

step "Helm chart (helm lint, template, schema; server-side dry run on the control plane)"
chart_rc=1
if wait "$helm_pid"; then
  node_modules/.bin/vitest run --project chart --reporter=default --reporter=json --outputFile.json="$results/vitest-chart.json"
  chart_rc=$?
else
  tail -30 "$results/helm-build.log"
fi

bash scripts/tree-check.sh check "$tree_before" "by the test run"
tree_rc=$?

echo "total time: $(( $(date +%s) - started ))s"
node scripts/test-summary.mjs "$results/vitest.json" "$results/vitest-chart.json" "$results/playwright.json" "build:$build_rc" "tree:$tree_rc"
summary_rc=$?
[ $vitest_rc -eq 0 ] && [ $chart_rc -eq 0 ] && [ $pw_rc -eq 0 ] && [ $build_rc -eq 0 ] && [ $summary_rc -eq 0 ] && [ $tree_rc -eq 0 ]
