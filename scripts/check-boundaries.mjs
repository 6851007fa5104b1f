#!/usr/bin/env node
// Module boundary lint (docs/architecture.md, "The house"): fails when
//  - a subgraph imports another subgraph's code (by path or package name),
//  - packages/ imports a subgraph, the gateway or an app,
//  - an app imports anything under subgraphs/, gateway/ or packages/ except generated documents
//    and the browser kit @dnp/web-kit,
//  - packages/web-kit (browser code) imports another workspace package (they are server code),
//  - code outside a `config.ts` reads process.env (tooling packages runner/testing excepted),
//  - an event type is written as a string literal outside the event catalog
//    (packages/event-bus/src/catalog.ts): producers, consumers, the gateway and tests use `EventType`.
//  - inside a subgraph, a file other than a resolver or the composition root imports `resolvers/`
//    (layers run one way: resolvers -> services -> entities; see `checkResolverLayer`),
//  - hand-written TypeScript files import each other in a cycle (see `checkImportCycles`).
// A plain scan rather than a lint plugin: the rules are about folders of this repo and read
// better as the few lines below than as a plugin configuration.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
const importsOf = (text) =>
  [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );

function scan(dir, owner) {
  let exists = true;
  try {
    statSync(dir);
  } catch {
    exists = false;
  }
  if (!exists) return;
  for (const file of files(dir)) {
    const rel = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const spec of importsOf(text)) {
      if (owner.kind === 'subgraph') {
        for (const other of subgraphs) {
          if (other === owner.name) continue;
          if (
            spec === `@dnp/${other}` ||
            spec.startsWith(`@dnp/${other}/`) ||
            spec.includes(`subgraphs/${other}/`) ||
            spec.includes(`../${other}/`)
          ) {
            problems.push(
              `${rel}: imports "${spec}" from the ${other} subgraph; subgraphs meet only through the graph, ` +
                `service calls and events`,
            );
          }
        }
      }
      if (
        owner.kind === 'package' &&
        (/subgraphs\//.test(spec) ||
          /^@dnp\/(gateway|storefront|console)/.test(spec) ||
          subgraphs.some((s) => spec === `@dnp/${s}`))
      ) {
        problems.push(`${rel}: packages/ must not import a subgraph, the gateway or an app ("${spec}")`);
      }
      if (
        owner.kind === 'app' &&
        spec !== WEB_KIT &&
        !spec.startsWith(`${WEB_KIT}/`) && // its subpath exports (the .vue components) too
        (/^@dnp\//.test(spec) || /(subgraphs|gateway|packages)\//.test(spec))
      ) {
        problems.push(`${rel}: apps import only their own code, generated documents and ${WEB_KIT} ("${spec}")`);
      }
      if (owner.kind === 'package' && owner.name === 'web-kit' && (/^@dnp\//.test(spec) || /\.\.\/\.\.\//.test(spec))) {
        problems.push(`${rel}: ${WEB_KIT} runs in the browser and imports no other workspace package ("${spec}")`);
      }
    }
    const toolingPackage = owner.kind === 'package' && ['runner', 'testing'].includes(owner.name);
    const testFile = /\.(spec|e2e)\.ts$/.test(file);
    if (
      owner.kind !== 'app' &&
      !toolingPackage &&
      !testFile &&
      !file.endsWith(`${sep}config.ts`) &&
      /process\.env\b/.test(text)
    ) {
      problems.push(`${rel}: reads process.env; only config.ts may read the environment`);
    }
  }
}

/**
 * Known violations of the layer and cycle rules, by repo-relative file path: printed as "known, to be
 * removed" instead of failing, so the rules can be enforced while the remaining subgraphs are reworked.
 * Remove an entry as soon as its file is fixed; an entry that no longer violates fails the check, so the
 * list only shrinks. For a cycle, the entry is the cycle's first file in sorted order.
 */
const KNOWN_LAYER_VIOLATIONS = new Set([]);
const KNOWN_CYCLES = new Set([]);

/** Repo-relative path with forward slashes. */
const repoPath = (file) => relative(root, file).split(sep).join('/');
const existsFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
/** Relative specifiers of every import, re-export, dynamic import and side-effect import in `text`. */
const relativeImportsOf = (text) =>
  [...importsOf(text), ...[...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1])].filter((spec) =>
    spec.startsWith('.'),
  );

/**
 * Layer rule: within a subgraph only resolver files (src/resolvers/) and the composition root
 * (src/subgraph.ts, which registers the resolvers) may import from resolvers/. Services, loaders,
 * schema classes, seeds and their specs take data from src/schema/ and answer domain results.
 */
function checkResolverLayer() {
  const seen = new Map();
  for (const name of subgraphs) {
    const src = join(root, 'subgraphs', name, 'src');
    if (!existsFile(join(src, 'subgraph.ts')) && !existsFile(join(src, 'main.ts'))) continue;
    for (const file of files(src)) {
      const rel = repoPath(file);
      if (rel.includes('/src/resolvers/') || rel.endsWith('/src/subgraph.ts')) continue;
      const bad = relativeImportsOf(readFileSync(file, 'utf8')).filter((spec) =>
        repoPath(resolve(dirname(file), spec)).startsWith(`subgraphs/${name}/src/resolvers/`),
      );
      if (!bad.length) continue;
      if (KNOWN_LAYER_VIOLATIONS.has(rel)) {
        seen.set(rel, [`imports ${bad.join(', ')}`]);
        continue;
      }
      problems.push(
        `${rel}: imports ${bad.map((b) => `"${b}"`).join(', ')}; only resolvers and subgraph.ts ` +
          'may import resolvers/ (move GraphQL classes to src/schema/, return domain results from services)',
      );
    }
  }
  reportKnown('layer', KNOWN_LAYER_VIOLATIONS, seen);
}

/**
 * Cycle rule: no import cycle among hand-written TypeScript (subgraphs/*\/src, packages/*\/src,
 * gateway/src; specs, generated files and dist skipped). Type-only imports count too: a cycle of types
 * still means two modules each need the other. A depth-first search over relative imports.
 */
function checkImportCycles() {
  const roots = [
    ...subgraphs.map((s) => join(root, 'subgraphs', s, 'src')),
    ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'src')),
    join(root, 'gateway', 'src'),
  ].filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
  const graph = new Map();
  for (const dir of roots) {
    for (const file of files(dir)) {
      if (!/\.m?ts$/.test(file) || /\.(spec|e2e)\.ts$/.test(file)) continue;
      const targets = [];
      for (const spec of relativeImportsOf(readFileSync(file, 'utf8'))) {
        const base = resolve(dirname(file), spec).replace(/\.m?js$/, '');
        const hit = [`${base}.ts`, `${base}.mts`, join(base, 'index.ts')].find(existsFile);
        if (hit && !/\.(spec|e2e)\.ts$/.test(hit)) targets.push(repoPath(hit));
      }
      graph.set(repoPath(file), targets);
    }
  }
  // Colour DFS: a back edge to a file on the stack closes a cycle; each cycle is reported once,
  // keyed by its sorted member list.
  const state = new Map();
  const stack = [];
  const cycles = new Map();
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join('|');
        if (!cycles.has(key)) cycles.set(key, [...cycle, next]);
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  const seen = new Map();
  for (const [key, path] of cycles) {
    const first = key.split('|')[0];
    if (KNOWN_CYCLES.has(first)) {
      seen.set(first, [...(seen.get(first) ?? []), path.join(' -> ')]);
      continue;
    }
    problems.push(`import cycle: ${path.join(' -> ')}`);
  }
  reportKnown('cycle', KNOWN_CYCLES, seen);
}

/**
 * Prints the allow-listed violations still present (file -> what it does) and fails on entries that
 * no longer violate, so the lists only shrink.
 */
function reportKnown(kind, known, seen) {
  for (const file of [...known].sort()) {
    if (seen.has(file)) console.log(`known ${kind} violation, to be removed: ${file} (${seen.get(file).join('; ')})`);
    else problems.push(`${file}: listed as a known ${kind} violation but no longer violates; remove it from the list`);
  }
}

for (const name of subgraphs) scan(join(root, 'subgraphs', name, 'src'), { kind: 'subgraph', name });
for (const name of readdirSync(join(root, 'packages')))
  scan(join(root, 'packages', name, 'src'), { kind: 'package', name });
scan(join(root, 'gateway', 'src'), { kind: 'gateway', name: 'gateway' });
for (const app of ['storefront-dealer', 'console-hq']) scan(join(root, app, 'src'), { kind: 'app', name: app });

// Event types: the catalog's own strings anywhere else, or an event-type-shaped literal
// (`<subgraph>.<snake_name>`, or any `<a>.<b>` in an event-type position such as `type:`,
// `type ===` or a `types`/`eventTypes` list). `test.*` types belong to transport tests of the bus.
const catalogFile = join(root, 'packages', 'event-bus', 'src', 'catalog.ts');
const catalogText = readFileSync(catalogFile, 'utf8');
const eventTypeBlock = catalogText.slice(
  catalogText.indexOf('export const EventType'),
  catalogText.indexOf('} as const'),
);
const catalogTypes = new Set([...eventTypeBlock.matchAll(/:\s*'([a-z]+\.[a-z_]+)'/g)].map((m) => m[1]));
if (!catalogTypes.size) problems.push('packages/event-bus/src/catalog.ts: no EventType entries found');
const subgraphPrefix = new RegExp(`^(${subgraphs.join('|')})\\.[a-z]+_[a-z_]+$`);
const eventPosition = /(?:\btype\s*(?::|===|!==)|\b(?:types|eventTypes)\s*:\s*\[[^\]]*?)\s*$/;
function checkEventTypes(dir) {
  let exists = true;
  try {
    statSync(dir);
  } catch {
    exists = false;
  }
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
        problems.push(
          `${rel}:${line}: "${value}" looks like an event type but is not in the catalog ` +
            `(packages/event-bus/src/catalog.ts)`,
        );
      }
    }
  }
}
for (const name of subgraphs) checkEventTypes(join(root, 'subgraphs', name, 'src'));
for (const name of readdirSync(join(root, 'packages'))) checkEventTypes(join(root, 'packages', name, 'src'));
for (const dir of ['gateway/src', 'e2e', 'storefront-dealer/src', 'console-hq/src']) checkEventTypes(join(root, dir));
checkResolverLayer();
checkImportCycles();

if (problems.length) {
  console.error(`Module boundary check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('module boundaries ok');
