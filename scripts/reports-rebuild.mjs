#!/usr/bin/env node
// Rebuilds one report's aggregate tables from its owner's source tables (docs/design/rebates-reports.md §9).
// Usage: pnpm reports:rebuild <report>   (after `pnpm build`; the owner's environment: DB_CLIENT, DB_URL / DB_PATH …)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Each report's rebuild script, built into its owner subgraph's dist. */
const REBUILDS = {
  sales: 'subgraphs/orders/dist/scripts/rebuild-sales-facts.js',
};

const report = process.argv[2];
const script = REBUILDS[report];
if (!script) {
  console.error(`usage: pnpm reports:rebuild <${Object.keys(REBUILDS).join('|')}>`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync(process.execPath, [join(root, script), ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
