import type { Constructor } from '@mikro-orm/core';
import type { Migration as MigrationBase } from '@mikro-orm/migrations';

/**
 * Migrations of one subgraph, one list per SQL dialect (their DDL differs). A types-only module so
 * the kit's own migration list and `database.ts` (which applies it) need not import each other.
 */
export interface MigrationSet {
  sqlite: { name: string; class: Constructor<MigrationBase> }[];
  mysql: { name: string; class: Constructor<MigrationBase> }[];
}
