#!/usr/bin/env bash
# `npm test` leaves a checkout as it found it: installing, building and testing change no
# tracked file, so a fresh clone stays clean. Run from inside the work tree:
#   scripts/tree-check.sh snapshot FILE      records the tracked files already changed (your edits)
#   scripts/tree-check.sh check FILE WHEN    fails naming the tracked files changed since then
# Outside a git work tree both do nothing; BERTH_TREE_CHECK=0 turns the check off (e.g. while
# someone else edits the same work tree during the run).
set -euo pipefail

changed() {
  # Paths only: a file already edited before the run stays "yours" whatever its status becomes.
  git diff --name-only HEAD -- | LC_ALL=C sort -u
}
active() { [ "${BERTH_TREE_CHECK:-1}" != 0 ] && git rev-parse --verify -q HEAD >/dev/null 2>&1; }

case "${1:-}" in
  snapshot)
    [ -n "${2:-}" ] || { echo "usage: tree-check.sh snapshot FILE" >&2; exit 2; }
    if active; then changed >"$2"; else : >"$2"; fi
    ;;
  check)
    [ -n "${2:-}" ] && [ -n "${3:-}" ] || { echo "usage: tree-check.sh check FILE WHEN" >&2; exit 2; }
    active || exit 0
    [ -f "$2" ] || { echo "tree-check: no snapshot $2" >&2; exit 2; }
    new="$(changed | LC_ALL=C comm -13 "$2" -)"
    [ -z "$new" ] && exit 0
    echo "tree-check: tracked files changed $3 (a run must leave the checkout as it was):" >&2
    sed 's/^/  /' <<<"$new" >&2
    exit 1
    ;;
  *) echo "usage: tree-check.sh snapshot FILE | check FILE WHEN" >&2; exit 2 ;;
esac
