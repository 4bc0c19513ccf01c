#!/usr/bin/env bash
# Lays out in OUTDIR exactly what the container image holds in /app; the Dockerfile copies
# OUTDIR and nothing else, and the tests run the same layout, so they prove what ships.
# Usage: scripts/image/assemble.sh OUTDIR   (after `next build`; needs node_modules from npm ci)
#
#   server.js, .next/, node_modules/  Next.js standalone output: the web server and the files
#                                     it traced; .next/static beside it (the build leaves it out)
#   lib/worker/main.mjs, lib/issuer/main.mjs, scripts/db/migrate.mjs
#                                     the other entry points, compiled (scripts/image/build-server.mjs)
#   node_modules/                     plus the packages those import, from the lock file
#                                     (scripts/image/runtime-modules.mjs); no dev dependency,
#                                     even one the trace picked up (scripts/image/prune-dev.mjs)
#   prisma/migrations/, templates/    read at run time
#   scripts/image/start.mjs           the entry point: start.mjs web|worker|issuer|migrate
#   .next/cache/                      empty: the one place under /app the web server writes
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
die() { echo "assemble.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: scripts/image/assemble.sh OUTDIR"
standalone=.next/standalone
[ -f "$standalone/server.js" ] || die "$standalone/server.js is missing: run \`next build\` first (next.config.js sets output: 'standalone')"
[ -f .next/BUILD_ID ] && [ "$(cat .next/BUILD_ID)" = "$(cat "$standalone/.next/BUILD_ID" 2>/dev/null)" ] || die "$standalone is not from the last build: run \`next build\` again"

rm -rf "$1"
mkdir -p "$1"
out="$(cd "$1" && pwd)"

cp -a "$standalone/." "$out/"
cp -a .next/static "$out/.next/static"
[ ! -d public ] || cp -a public "$out/public"

packages="$(node scripts/image/build-server.mjs "$out")"
# shellcheck disable=SC2086 # one package name a word
for module in $(node scripts/image/runtime-modules.mjs $packages); do
  mkdir -p "$out/$(dirname "$module")"
  # Over any part of the package the web server's trace already copied: the whole package.
  cp -a "$module" "$out/$(dirname "$module")/"
done
node scripts/image/prune-dev.mjs "$out"

mkdir -p "$out/prisma" "$out/scripts/image" "$out/.next/cache"
cp -a prisma/migrations "$out/prisma/migrations"
cp -a templates "$out/templates"
cp -a scripts/image/start.mjs "$out/scripts/image/start.mjs"
echo "assemble.sh: $out ($(du -sh "$out" | cut -f1))"
