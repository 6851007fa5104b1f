#!/usr/bin/env node
// Module boundary lint (DEVELOPERS.md "Style"): fails when
//  - a subgraph imports another subgraph's code (by path or package name),
//  - packages/ imports a subgraph, the gateway or an app,
//  - an app imports anything under subgraphs/, gateway/ or packages/ except generated documents
//    and the browser kit @dnp/web-kit,
//  - packages/web-kit (browser code) imports another workspace package (they are server code),
//  - code outside a `config.ts` reads process.env (tooling packages runner/testing excepted).
// A plain scan rather than a lint plugin: the rules are about folders of this repo and read
// better as the few lines below than as a plugin configuration.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const subgraphs = readdirSync(join(root, 'subgraphs'));
const problems = [];
/** The one workspace package the apps may import: browser code shared by both. */
const WEB_KIT = '@dnp/web-kit';

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
      if (owner.kind === 'app' && spec !== WEB_KIT && (/^@dnp\//.test(spec) || /(subgraphs|gateway|packages)\//.test(spec))) {
        problems.push(`${rel}: apps import only their own code, generated documents and ${WEB_KIT} ("${spec}")`);
      }
      if (owner.kind === 'package' && owner.name === 'web-kit' && (/^@dnp\//.test(spec) || /\.\.\/\.\.\//.test(spec))) {
        problems.push(`${rel}: ${WEB_KIT} runs in the browser and imports no other workspace package ("${spec}")`);
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

if (problems.length) {
  console.error(`Module boundary check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('module boundaries ok');
