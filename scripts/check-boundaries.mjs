#!/usr/bin/env node
// Module boundary lint (DEVELOPERS.md "Style"): fails when
//  - a subgraph imports another subgraph's code (by path or package name),
//  - packages/ imports a subgraph, the gateway or an app,
//  - an app imports anything under subgraphs/, gateway/ or packages/ except generated documents,
//  - code outside a `config.ts` reads process.env (tooling packages runner/testing excepted),
//  - an event type is written as a string literal outside the event catalog
//    (packages/event-bus/src/catalog.ts): producers, consumers, the gateway and tests use `EventType`.
// A plain scan rather than a lint plugin: the rules are about folders of this repo and read
// better as the few lines below than as a plugin configuration.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const subgraphs = readdirSync(join(root, 'subgraphs'));
const problems = [];

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    if (['node_modules', 'dist', '.vite', 'generated'].includes(entry)) continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|vue)$/.test(entry) && !entry.endsWith('.d.ts')) yield p;
  }
}
const importsOf = (text) => [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);

function scan(dir, owner) {
  let exists = true;
  try { statSync(dir); } catch { exists = false; }
  if (!exists) return;
  for (const file of files(dir)) {
    const rel = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const spec of importsOf(text)) {
      if (owner.kind === 'subgraph') {
        for (const other of subgraphs) {
          if (other === owner.name) continue;
          if (spec === `@dnp/${other}` || spec.startsWith(`@dnp/${other}/`) || spec.includes(`subgraphs/${other}/`) || spec.includes(`../${other}/`)) {
            problems.push(`${rel}: imports "${spec}" from the ${other} subgraph; subgraphs meet only through the graph, service calls and events`);
          }
        }
      }
      if (owner.kind === 'package' && (/subgraphs\//.test(spec) || /^@dnp\/(gateway|storefront|console)/.test(spec) || subgraphs.some((s) => spec === `@dnp/${s}`))) {
        problems.push(`${rel}: packages/ must not import a subgraph, the gateway or an app ("${spec}")`);
      }
      if (owner.kind === 'app' && (/^@dnp\//.test(spec) || /(subgraphs|gateway|packages)\//.test(spec))) {
        problems.push(`${rel}: apps import only their own code and generated documents ("${spec}")`);
      }
    }
    const toolingPackage = owner.kind === 'package' && ['runner', 'testing'].includes(owner.name);
    const testFile = /\.(spec|e2e)\.ts$/.test(file);
    if (owner.kind !== 'app' && !toolingPackage && !testFile && !file.endsWith(`${sep}config.ts`) && /process\.env\b/.test(text)) {
      problems.push(`${rel}: reads process.env; only config.ts may read the environment`);
    }
  }
}

for (const name of subgraphs) scan(join(root, 'subgraphs', name, 'src'), { kind: 'subgraph', name });
for (const name of readdirSync(join(root, 'packages'))) scan(join(root, 'packages', name, 'src'), { kind: 'package', name });
scan(join(root, 'gateway', 'src'), { kind: 'gateway', name: 'gateway' });
for (const app of ['storefront-dealer', 'console-hq']) scan(join(root, app, 'src'), { kind: 'app', name: app });

// Event types: the catalog's own strings anywhere else, or an event-type-shaped literal
// (`<subgraph>.<snake_name>`, or any `<a>.<b>` in an event-type position such as `type:`,
// `type ===` or a `types`/`eventTypes` list). `test.*` types belong to transport tests of the bus.
const catalogFile = join(root, 'packages', 'event-bus', 'src', 'catalog.ts');
const catalogText = readFileSync(catalogFile, 'utf8');
const eventTypeBlock = catalogText.slice(catalogText.indexOf('export const EventType'), catalogText.indexOf('} as const'));
const catalogTypes = new Set([...eventTypeBlock.matchAll(/:\s*'([a-z]+\.[a-z_]+)'/g)].map((m) => m[1]));
if (!catalogTypes.size) problems.push('packages/event-bus/src/catalog.ts: no EventType entries found');
const subgraphPrefix = new RegExp(`^(${subgraphs.join('|')})\\.[a-z]+_[a-z_]+$`);
const eventPosition = /(?:\btype\s*(?::|===|!==)|\b(?:types|eventTypes)\s*:\s*\[[^\]]*?)\s*$/;
function checkEventTypes(dir) {
  let exists = true;
  try { statSync(dir); } catch { exists = false; }
  if (!exists) return;
  for (const file of files(dir)) {
    if (file === catalogFile || file.includes(`${sep}migrations${sep}`)) continue;
    const rel = relative(root, file).split(sep).join('/');
    // Comments may name events (documentation); blanked, keeping line numbers.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
      .replace(/(^|\s)\/\/.*$/gm, '$1');
    for (const m of text.matchAll(/(['"`])([a-z]+\.[a-z][a-z_-]*)\1/g)) {
      const value = m[2];
      const before = text.slice(Math.max(0, m.index - 200), m.index);
      const line = text.slice(0, m.index).split('\n').length;
      if (catalogTypes.has(value)) {
        problems.push(`${rel}:${line}: event type "${value}" as a string; use EventType from @dnp/event-bus`);
      } else if (!value.startsWith('test.') && (subgraphPrefix.test(value) || eventPosition.test(before))) {
        problems.push(`${rel}:${line}: "${value}" looks like an event type but is not in the catalog (packages/event-bus/src/catalog.ts)`);
      }
    }
  }
}
for (const name of subgraphs) checkEventTypes(join(root, 'subgraphs', name, 'src'));
for (const name of readdirSync(join(root, 'packages'))) checkEventTypes(join(root, 'packages', name, 'src'));
for (const dir of ['gateway/src', 'e2e', 'storefront-dealer/src', 'console-hq/src']) checkEventTypes(join(root, dir));

if (problems.length) {
  console.error(`Module boundary check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('module boundaries ok');
