#!/usr/bin/env node
// Regenerates every subgraph's SDL (subgraphs/<name>/schema.graphql) from its built
// type-graphql classes and composes schema/supergraph.graphql.
//   node scripts/schema.mjs           regenerate both (after `pnpm build`)
//   node scripts/schema.mjs --check   fail when a committed SDL or the supergraph is stale
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const tmp = mkdtempSync(join(tmpdir(), 'dnp-sdl-'));
let stale = false;
for (const name of readdirSync(join(root, 'subgraphs')).sort()) {
  const script = join(root, 'subgraphs', name, 'dist', 'print-sdl.js');
  if (!existsSync(script)) continue;
  const committed = join(root, 'subgraphs', name, 'schema.graphql');
  const out = check ? join(tmp, `${name}.graphql`) : committed;
  execFileSync(process.execPath, [script, out], { stdio: 'inherit' });
  if (check && (!existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(out, 'utf8'))) {
    console.error(`subgraphs/${name}/schema.graphql is stale: run \`pnpm schema\` and commit the result.`);
    stale = true;
  }
}
if (stale) process.exit(1);
execFileSync(process.execPath, [join(root, 'scripts', 'compose-supergraph.mjs'), ...(check ? ['--check'] : [])], {
  stdio: 'inherit',
});
