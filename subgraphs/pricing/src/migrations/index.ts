import type { MigrationSet } from '@dnp/subgraph-kit';

export const migrations: MigrationSet = { sqlite: [], mysql: [] };
