// The kit's own migrations (the event tables every subgraph has), applied before each
// subgraph's own. Never edit one; add a new file to both lists (or to one, when only that
// dialect needs the change: SQLite already keeps event times to the millisecond).
import type { MigrationSet } from '../migration-set.js';
import { KitEvents20261122021215_EventTables as Sqlite0 } from './sqlite/KitEvents20261122021215_EventTables.js';
import { KitEvents20261122021215_EventTables as Mysql0 } from './mysql/KitEvents20261122021215_EventTables.js';
import { KitEvents20261122023929_RelayState as Sqlite1 } from './sqlite/KitEvents20261122023929_RelayState.js';
import { KitEvents20261122023929_RelayState as Mysql1 } from './mysql/KitEvents20261122023929_RelayState.js';
import { KitEvents20261206031000_EventTimePrecision as Mysql2 } from './mysql/KitEvents20261206031000_EventTimePrecision.js';
import { KitEvents20261207120000_ConsumerTables as Sqlite3 } from './sqlite/KitEvents20261207120000_ConsumerTables.js';
import { KitEvents20261207120000_ConsumerTables as Mysql3 } from './mysql/KitEvents20261207120000_ConsumerTables.js';
// The `upload` staging table (uploadRoute); every subgraph has it, products and dealers fill it.
import { KitEvents20261207124500_Uploads as SqliteUploads } from './sqlite/KitEvents20261207124500_Uploads.js';
import { KitEvents20261207124500_Uploads as MysqlUploads } from './mysql/KitEvents20261207124500_Uploads.js';
// The `export_job` table (export-job.ts); every subgraph has it, the owners of exportable reports fill it.
import { KitEvents20261207230000_ExportJobs as SqliteExports } from './sqlite/KitEvents20261207230000_ExportJobs.js';
import { KitEvents20261207230000_ExportJobs as MysqlExports } from './mysql/KitEvents20261207230000_ExportJobs.js';

export const eventMigrations: MigrationSet = {
  sqlite: [
    { name: 'KitEvents20261122021215_EventTables', class: Sqlite0 },
    { name: 'KitEvents20261122023929_RelayState', class: Sqlite1 },
    { name: 'KitEvents20261207120000_ConsumerTables', class: Sqlite3 },
    { name: 'KitEvents20261207124500_Uploads', class: SqliteUploads },
    { name: 'KitEvents20261207230000_ExportJobs', class: SqliteExports },
  ],
  mysql: [
    { name: 'KitEvents20261122021215_EventTables', class: Mysql0 },
    { name: 'KitEvents20261122023929_RelayState', class: Mysql1 },
    { name: 'KitEvents20261206031000_EventTimePrecision', class: Mysql2 },
    { name: 'KitEvents20261207120000_ConsumerTables', class: Mysql3 },
    { name: 'KitEvents20261207124500_Uploads', class: MysqlUploads },
    { name: 'KitEvents20261207230000_ExportJobs', class: MysqlExports },
  ],
};
