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
    echo "berth: installing npm packages (npm ci)" >&2
    # Exactly the committed lock file, which npm ci never rewrites: every checkout, CI run and
    # the container image get the same packages, and a fresh clone stays clean. The lock lists
    # every platform's optional builds (e.g. @next/swc-darwin-arm64), so npm ci accepts it on
    # any platform. Install scripts are skipped everywhere alike: none is needed (the Prisma client
    # is generated below, esbuild finds its platform package without its own).
    if ! npm ci --ignore-scripts --no-audit --no-fund >&2; then
      echo "berth: npm ci failed (see above). If you changed package.json, run \`npm install\` and commit package-lock.json with it." >&2
      exit 1
    fi
    touch "$stamp"
  fi
  if [ ! -f lib/db/generated/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/client.ts ]; then
    prisma_generate
  fi
}
