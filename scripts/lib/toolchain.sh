#!/usr/bin/env bash
# Sourced by the top-level commands. Makes sure a Node.js >= 22 and the pinned pnpm are on
# PATH, provisioning them into the project-local .tools/ folder from the npm registry when the
# machine ships an older Node. Nothing here needs root, and nothing outside the repo changes.
# (no `set -e` here: this file is sourced, also into interactive shells)

DNP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DNP_NODE_VERSION="24.11.1"   # Node.js 24 LTS, from the registry's node-<os>-<arch> package
DNP_PNPM_VERSION="10.34.8"
DNP_TOOLS="$DNP_ROOT/.tools"

_log() { printf '\033[36m[toolchain]\033[0m %s\n' "$*" >&2; }

_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local local_node="$DNP_TOOLS/node/node_modules/node-linux-$(_arch)/bin"
  if [ -x "$local_node/node" ]; then
    export PATH="$local_node:$PATH"
  fi
  if [ "$(_node_major)" -ge 22 ]; then
    _export_nodedir
    return 0
  fi
  _log "Node $(node --version 2>/dev/null || echo none) is older than 22: provisioning Node $DNP_NODE_VERSION into .tools/node"
  _tool_dir "$DNP_TOOLS/node"
  (cd "$DNP_TOOLS/node" && npm install --no-save --no-package-lock --loglevel=error \
     "node-linux-$(_arch)@$DNP_NODE_VERSION" >/dev/null)
  export PATH="$local_node:$PATH"
  hash -r
  _export_nodedir
  _log "using node $(node --version) at $(command -v node)"
}

# npm installs into the nearest folder with a package.json, so give each tool folder its own.
_tool_dir() {
  mkdir -p "$1"
  [ -f "$1/package.json" ] || echo '{"name":"dnp-tool","private":true}' > "$1/package.json"
}

_arch() {
  case "$(uname -m)" in
    x86_64) echo x64 ;;
    aarch64|arm64) echo arm64 ;;
    *) echo "unsupported architecture $(uname -m)" >&2; return 1 ;;
  esac
}

# Native addons (better-sqlite3) compile against the headers of the Node that runs them; the
# registry's node package ships them, so point node-gyp there instead of the system Node's.
_export_nodedir() {
  local dir
  dir="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$dir/include/node/node.h" ]; then
    export npm_config_nodedir="$dir"
  fi
}

ensure_pnpm() {
  local local_pnpm="$DNP_TOOLS/pnpm/node_modules/.bin"
  if [ -x "$local_pnpm/pnpm" ] && [ "$("$local_pnpm/pnpm" --version 2>/dev/null)" = "$DNP_PNPM_VERSION" ]; then
    export PATH="$local_pnpm:$PATH"
    return 0
  fi
  _log "installing pnpm $DNP_PNPM_VERSION into .tools/pnpm"
  _tool_dir "$DNP_TOOLS/pnpm"
  (cd "$DNP_TOOLS/pnpm" && npm install --no-save --no-package-lock --loglevel=error "pnpm@$DNP_PNPM_VERSION" >/dev/null)
  export PATH="$local_pnpm:$PATH"
  hash -r
}

# Installs the workspace's dependencies from the committed lockfile (skipped when unchanged).
ensure_deps() {
  local stamp="$DNP_ROOT/node_modules/.dnp-lock-stamp"
  local want
  want="$(cat "$DNP_ROOT/pnpm-lock.yaml" "$DNP_ROOT/package.json" 2>/dev/null | sha1sum | cut -c1-40)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  _log "installing workspace dependencies (pnpm install --frozen-lockfile)"
  (cd "$DNP_ROOT" && pnpm install --frozen-lockfile --reporter=append-only)
  echo "$want" > "$stamp"
}

ensure_toolchain() {
  ensure_node
  ensure_pnpm
  ensure_deps
}
