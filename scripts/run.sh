#!/usr/bin/env bash
# Entry point of every npm script: picks the right Node, installs what is missing, then runs
# the task. Usage: scripts/run.sh <demo|test|generate|bench NAME|tsx FILE…|exec CMD…>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/node-env.sh
export NEXT_TELEMETRY_DISABLED=1
source scripts/deps.sh
ensure_deps

task="${1:-}"; shift || true
case "$task" in
  demo) exec node --import tsx scripts/demo.ts "$@" ;;
  test) exec bash scripts/test.sh "$@" ;;
  generate) prisma_generate ;;
  bench) name="$1"; shift; exec node --import tsx "scripts/bench/$name.ts" "$@" ;;
  tsx) exec node --conditions=react-server --import tsx "$@" ;;
  exec) export PATH="$root/node_modules/.bin:$PATH"; exec "$@" ;;
  *) echo "usage: scripts/run.sh <demo|test|generate|bench NAME|tsx FILE|exec CMD>" >&2; exit 2 ;;
esac
