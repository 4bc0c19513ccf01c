#!/usr/bin/env bash
# Sourced by scripts/run.sh: installs node_modules when missing or stale and generates the
# Prisma client. Prisma's schema engine cannot be downloaded offline; Berth never needs it
# (migrations are applied by scripts/db/migrate.ts), so a placeholder stands in unless the
# machine already has the real engine.
prisma_engine_env() {
  if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ] && ! ls node_modules/@prisma/engines/schema-engine-* >/dev/null 2>&1; then
    export PRISMA_SCHEMA_ENGINE_BINARY="$root/scripts/db/schema-engine-placeholder"
  fi
  export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
}

prisma_generate() {
  prisma_engine_env
  node node_modules/prisma/build/index.js generate >/dev/null
}

ensure_deps() {
  prisma_engine_env
  local stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    echo "berth: installing npm packages" >&2
    # npm ci refuses a lock file whose other-platform optional packages (e.g. macOS builds of
    # native modules) the registry in use does not serve; npm install then resolves the same
    # locked versions for this platform.
    if [ ! -f package-lock.json ] || ! npm ci --no-audit --no-fund >&2 2>"${TMPDIR:-/tmp}/berth-npm-ci.log"; then
      [ -f package-lock.json ] && echo "berth: npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' "${TMPDIR:-/tmp}/berth-npm-ci.log" || echo 'see npm log')); using npm install" >&2
      npm install --no-audit --no-fund >&2
    fi
    touch "$stamp"
  fi
  if [ ! -f lib/db/generated/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/client.ts ]; then
    prisma_generate
  fi
}
