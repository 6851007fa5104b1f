#!/usr/bin/env node
// Generates the next migration of one subgraph for SQLite and MySQL/MariaDB.
// Usage: node scripts/make-migration.mjs <subgraph> <name>   (after `pnpm build`)
// Starts a throw-away MariaDB (system package) for the MySQL dialect, then removes it.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [subgraph, name] = process.argv.slice(2);
if (!subgraph || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name ?? '')) {
  console.error('usage: node scripts/make-migration.mjs <subgraph> <Name>');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
await import('reflect-metadata').catch(() => {});
const { startMariaDb } = await import(pathToFileURL(join(root, 'packages/testing/dist/index.js')).href);
// The migration tool is the kit's `@dnp/subgraph-kit/migrations` subpath, not part of its main entry.
const { makeMigrations } = await import(pathToFileURL(join(root, 'packages/subgraph-kit/dist/migration-tool.js')).href);
const mod = await import(pathToFileURL(join(root, `subgraphs/${subgraph}/dist/subgraph.js`)).href);
const def = Object.values(mod).find((v) => v && typeof v === 'object' && 'buildSchema' in v && 'migrations' in v);
const db = await startMariaDb({ logDir: join(tmpdir(), 'dnp-make-migration') });
try {
  const written = await makeMigrations(def, {
    srcMigrationsDir: join(root, `subgraphs/${subgraph}/src/migrations`),
    mysqlServerUrl: db.url('mysql'),
    name,
  });
  console.log(written.length ? `wrote ${written.join(', ')}` : 'no schema changes');
} finally {
  await db.stop();
}
