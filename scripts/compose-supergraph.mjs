#!/usr/bin/env node
// Composes the subgraphs' SDL (subgraphs/<name>/schema.graphql, written by each subgraph's
// print-sdl) into schema/supergraph.graphql with @apollo/composition.
//   node scripts/compose-supergraph.mjs           write the supergraph
//   node scripts/compose-supergraph.mjs --check   fail when composition errs or the file is stale
// Any other subgraph list (a foreign graph; no description check, it is not ours):
//   node scripts/compose-supergraph.mjs --subgraph name=url=sdlfile [--subgraph …] --out supergraph.graphql
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingDescriptions } from './lib/check-descriptions.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Subgraph name → default URL on the embedded runtime; the gateway overrides them from config. */
const PORTS = {
  products: 4001,
  dealers: 4002,
  pricing: 4003,
  inventory: 4004,
  orders: 4005,
  finance: 4006,
  traceability: 4007,
};

/** The `--subgraph name=url=sdlfile` arguments: name before the first `=`, the SDL file after the last. */
function listedSubgraphs(args) {
  const listed = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--subgraph') continue;
    const spec = args[++i] ?? '';
    const first = spec.indexOf('=');
    const last = spec.lastIndexOf('=');
    if (first <= 0 || last <= first + 1 || last === spec.length - 1) {
      console.error(`--subgraph needs name=url=sdlfile, got "${spec}"`);
      process.exit(2);
    }
    const file = spec.slice(last + 1);
    if (!existsSync(file)) {
      console.error(`--subgraph ${spec.slice(0, first)}: no SDL file ${file}`);
      process.exit(2);
    }
    listed.push({
      name: spec.slice(0, first),
      url: spec.slice(first + 1, last),
      typeDefs: parse(readFileSync(file, 'utf8')),
    });
  }
  return listed;
}

const args = process.argv.slice(2);
const foreign = listedSubgraphs(args);
const outArg = args.indexOf('--out');
if (foreign.length > 0 && outArg < 0) {
  console.error("--subgraph needs --out FILE (schema/supergraph.graphql is the platform's own)");
  process.exit(2);
}
const services = foreign;
if (foreign.length === 0) {
  for (const name of readdirSync(join(root, 'subgraphs')).sort()) {
    const file = join(root, 'subgraphs', name, 'schema.graphql');
    if (!existsSync(file)) continue;
    if (!PORTS[name]) throw new Error(`No default port for subgraph "${name}" in compose-supergraph.mjs`);
    services.push({
      name,
      url: `http://127.0.0.1:${PORTS[name]}/graphql`,
      typeDefs: parse(readFileSync(file, 'utf8')),
    });
  }
}
const result = composeServices(services);
if (result.errors?.length) {
  console.error(`Composition failed with ${result.errors.length} error(s):`);
  for (const e of result.errors) console.error(`- ${e.extensions?.code ?? ''} ${e.message}`);
  process.exit(1);
}
for (const h of result.hints ?? [])
  if (process.env.COMPOSE_HINTS) console.warn(`hint: ${h.definition?.code ?? ''} ${h.message}`);
const undocumented = foreign.length ? [] : missingDescriptions(result.supergraphSdl);
if (undocumented.length) {
  console.error(
    'Every type, field, argument and enum value needs a description; missing on:\n' +
      undocumented.map((m) => `- ${m}`).join('\n'),
  );
  process.exit(1);
}
const out = outArg >= 0 ? args[outArg + 1] : join(root, 'schema', 'supergraph.graphql');
const text = result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${out} is stale: run \`pnpm compose\` (after \`pnpm build\` and print-sdl) and commit it.`);
    process.exit(1);
  }
  console.log(`supergraph is up to date (${services.map((s) => s.name).join(', ')})`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`composed ${services.length} subgraphs into ${out}`);
}
