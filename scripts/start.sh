#!/usr/bin/env bash
# The start command (`npm start`): provisions Node 24 and pnpm when missing, installs, builds,
# then starts every subgraph and the gateway on the embedded default (SQLite + in-process bus)
# with demo data, and prints where to open it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
ensure_toolchain
_log "building"
pnpm run -s build
pnpm run -s build:apps
exec node scripts/start-platform.mjs "$@"
