#!/usr/bin/env bash
# Entry point of every npm script: picks the right Node, installs what is missing, then runs
# the task. Usage: scripts/run.sh <demo|test|generate|bench NAME|tsx FILE…|exec CMD…>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/node-env.sh
export NEXT_TELEMETRY_DISABLED=1
# Next.js rewrites package-lock.json when its compiler fails to load and the lock lacks some
# platform's @next/swc-* entry; the committed lock is complete, and no run edits it.
export NEXT_IGNORE_INCORRECT_LOCKFILE=1
task="${1:-}"; shift || true
if [ "$task" = test ]; then
  # What was already changed before the install, so scripts/test.sh can tell what the run changed.
  export BERTH_TREE_SNAPSHOT="${TMPDIR:-/tmp}/berth-tree.$$"
  bash scripts/tree-check.sh snapshot "$BERTH_TREE_SNAPSHOT"
fi
source scripts/deps.sh
ensure_deps

case "$task" in
  demo) exec node --import tsx scripts/demo.ts "$@" ;;
  test) exec bash scripts/test.sh "$@" ;;
  generate) prisma_generate ;;
  bench) name="$1"; shift; exec node --import tsx "scripts/bench/$name.ts" "$@" ;;
  tsx) exec node --conditions=react-server --import tsx "$@" ;;
  exec) export PATH="$root/node_modules/.bin:$PATH"; exec "$@" ;;
  *) echo "usage: scripts/run.sh <demo|test|generate|bench NAME|tsx FILE|exec CMD>" >&2; exit 2 ;;
esac
