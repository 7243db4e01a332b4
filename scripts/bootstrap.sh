#!/usr/bin/env bash
# Sourced by ./run and .ci/run. Puts a Node >= 22 on PATH (downloading the official binary from
# the npm registry package node-linux-<arch> when the machine's Node is older) and installs the
# workspace from package-lock.json when node_modules is missing or older than the lockfile.

RELAYPOST_NODE_VERSION="${RELAYPOST_NODE_VERSION:-24.21.0}"
RELAYPOST_MIN_NODE_MAJOR=22

relaypost_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

relaypost_ensure_node() {
  local root="$1"
  if [ "$(relaypost_node_major)" -ge "$RELAYPOST_MIN_NODE_MAJOR" ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || { echo "bootstrap: npm is needed to fetch Node $RELAYPOST_NODE_VERSION" >&2; return 1; }
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "bootstrap: no Node package for $(uname -m); install Node >= 22 yourself" >&2; return 1 ;;
  esac
  local dir="$root/.cache/node-v$RELAYPOST_NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    echo "bootstrap: fetching Node $RELAYPOST_NODE_VERSION (node-linux-$arch) from the npm registry" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$RELAYPOST_NODE_VERSION" >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # Native modules (better-sqlite3) must compile against this Node's headers, not the system's.
  export npm_config_nodedir="$dir"
  hash -r
}

relaypost_ensure_deps() {
  local root="$1"
  local stamp="$root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
    echo "bootstrap: installing dependencies from package-lock.json" >&2
    # Not `npm ci`: registry mirrors that serve only this machine's platform packages make npm
    # leave other platforms' optional binaries out of the lockfile, and `npm ci` then refuses it.
    # `npm install` takes the locked versions all the same.
    (cd "$root" && npm install --no-audit --no-fund)
  fi
}

relaypost_bootstrap() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export TURBO_TELEMETRY_DISABLED=1
  export DO_NOT_TRACK=1
  relaypost_ensure_node "$root"
  relaypost_ensure_deps "$root"
  export PATH="$root/node_modules/.bin:$PATH"
}
