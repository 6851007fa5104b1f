#!/usr/bin/env bash
# The test command (`npm test`): provisions Node 24 and pnpm when missing, installs the system
# servers the tests start (MariaDB, Redis, Chromium), builds, checks the schema and the module
# boundaries, then runs every test tier (unit specs, then e2e against real processes).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
source scripts/lib/system-deps.sh
ensure_system_deps
ensure_toolchain
_log "building"
pnpm run -s build
_log "checking the schema is composed and committed"
node scripts/schema.mjs --check
_log "checking the apps' generated documents are current"
pnpm exec graphql-codegen --config codegen.yml --check
pnpm --filter @dnp/storefront-dealer --filter @dnp/console-hq run -s typecheck
pnpm run -s build:apps
_log "checking module boundaries"
node scripts/check-boundaries.mjs
_log "running tests"
mkdir -p test-results
status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line for CI: "N passed, N failed, N skipped".
node scripts/lib/test-summary.mjs test-results/vitest.json || true
exit "$status"
