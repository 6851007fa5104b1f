import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { BootGroupSequencer } from './e2e/support/boot-group-sequencer.js';

// graphql 16 has no exports map: Node loads its CommonJS build, Vite would pick its ESM build,
// and two copies of graphql refuse each other's schemas. Pin the one Node uses.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

// Two tiers: unit specs next to the code (in-memory SQLite; a dialect-sensitive kit spec such as the
// gapless counter also starts its own MariaDB) and e2e suites that start real processes, MariaDB and
// Redis through the harness in e2e/.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    // Two workers on 2 cores: Vitest's default in run mode is one fewer than the cores (one worker here),
    // and a unit spec file's import, seeding and tests are CPU work a second worker overlaps (the unit
    // tier took 350 s on one worker for about 440 s of CPU). The pool is shared by the projects; the e2e
    // project runs its files one after the other in one fork whatever this says.
    maxWorkers: 2,
    minWorkers: 1,
    // The e2e files sharing a boot run one after another, so their platform stops once they are done.
    sequence: { sequencer: BootGroupSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Seeding demo data into a fresh in-memory database takes seconds on a busy 2-core box.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          include: [
            'packages/*/src/**/*.spec.ts',
            'subgraphs/*/src/**/*.spec.ts',
            'gateway/src/**/*.spec.ts',
            'scripts/**/*.spec.mjs',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // One process runs the files one after the other and keeps its modules (isolation off: the
          // project-level `isolate` is not read for forks), so files asking for the same platform share
          // one boot (e2e/support/platform.ts `bootSharedPlatform`).
          poolOptions: { forks: { isolate: false, singleFork: true } },
        },
      },
    ],
  },
});
