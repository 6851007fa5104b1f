#!/usr/bin/env bash
# The test command (`npm test`): provisions Node 24 and pnpm when missing, installs the system
# servers the tests start (MariaDB, Redis, Chromium), builds, checks the schema, the module
# boundaries, formatting, lint and copy-paste, then runs every test tier (unit specs, then e2e
# against real processes).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
source scripts/lib/system-deps.sh
ensure_system_deps
ensure_toolchain
_log "building"
pnpm run -s build
_log "type-checking the specs and e2e suites"
pnpm run -s typecheck:specs
_log "checking the schema is composed and committed"
node scripts/schema.mjs --check
_log "checking the apps' generated documents are current"
pnpm exec graphql-codegen --config codegen.yml --check
pnpm --filter @dnp/storefront-dealer --filter @dnp/console-hq run -s typecheck
pnpm run -s build:apps
_log "checking module boundaries"
node scripts/check-boundaries.mjs
_log "checking formatting (Prettier)"
pnpm exec prettier --check --log-level warn .
_log "linting (ESLint, no warnings allowed)"
pnpm run -s lint:eslint
# The duplicated share of hand-written code may not rise above .jscpd.json's threshold; the clones
# are listed in test-results/jscpd/jscpd-report.json (or run `pnpm lint:cpd -r console`).
_log "checking copy-paste (jscpd)"
pnpm run -s lint:cpd
mkdir -p test-results
rm -f test-results/vitest-*.json
status=0
if [ $# -gt 0 ]; then
  _log "running tests: $*"
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest-args.json "$@" || status=$?
else
  # The tiers run one after the other: on 2 cores the unit specs would otherwise compete with
  # the e2e suites' seven-process platforms and their load storms.
  _log "running unit tests"
  node_modules/.bin/vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/vitest-unit.json || status=$?
  _log "running end-to-end tests"
  node_modules/.bin/vitest run --project e2e --reporter=default --reporter=json --outputFile.json=test-results/vitest-e2e.json || status=$?
fi
# One plain closing line for CI: "N passed, N failed, N skipped".
node scripts/lib/test-summary.mjs test-results/vitest-*.json || true
exit "$status"
