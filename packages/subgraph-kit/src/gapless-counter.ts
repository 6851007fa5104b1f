import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { isSqlite } from '@dnp/event-bus';

/**
 * Gap-free document numbers (invoices `INV-2027-00000001`, credit notes `CN-…`): one counter row
 * per (name, year), bumped inside the transaction that writes the document. The bump is a single
 * upsert (SQLite `ON CONFLICT … DO UPDATE`, MySQL/MariaDB `ON DUPLICATE KEY UPDATE`) that locks
 * the row until the caller's transaction ends, so concurrent takers queue on it and each reads
 * the value the one before it committed; a rolled-back transaction takes its bump with it, and
 * the next taker gets the same number. Numbers are therefore 1..N without a gap or a repeat, at
 * the price of serialising one counter's transactions (group commit amortises it: take a block
 * of numbers for a batch with `count`).
 *
 * A subgraph that issues numbered documents adds `GAPLESS_COUNTER_ENTITIES` to its `entities`
 * and creates the `document_counter` table in its own migrations (`node scripts/make-migration.mjs`
 * writes both dialects), as it does for the audit log. A transaction that takes numbers of
 * several counters takes them in one fixed order (by name), so two such transactions never wait
 * for each other crosswise.
 */
@Entity({ tableName: 'document_counter' })
export class DocumentCounter {
  /** The document kind, e.g. "INV" or "CN". */
  @PrimaryKey({ type: 'string', length: 20 })
  name!: string;

  /** The business year the numbers belong to (`businessYear`). */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  year!: number;

  /** The last number taken (committed) in this year; the next taker gets one more. */
  @Property({ type: 'integer' })
  lastNumber!: number;
}

/** Entities a subgraph registers to take gap-free document numbers (add to the subgraph's `entities`). */
export const GAPLESS_COUNTER_ENTITIES = [DocumentCounter];

/** Counter names: 1–20 capital letters, digits or `_`, starting with a letter ("INV", "CN"). */
const COUNTER_NAME = /^[A-Z][A-Z0-9_]{0,19}$/;

/**
 * Takes the next `count` numbers of counter `name` in `year`, inside `tx`'s transaction, and
 * answers the first of them (the block is `first … first + count − 1`; the first number of a
 * year is 1). Throws outside a transaction: a number taken there could never be given back.
 */
export async function takeDocumentNumbers(tx: EntityManager, name: string, year: number, count = 1): Promise<number> {
  if (!tx.isInTransaction()) throw new Error('takeDocumentNumbers must run inside the transaction that uses them');
  if (!COUNTER_NAME.test(name)) throw new RangeError(`"${name}" is not a counter name`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`${year} is not a year`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${count} is not a positive count`);
  const meta = tx.getMetadata().get(DocumentCounter);
  const q = (property: keyof DocumentCounter) =>
    tx.getPlatform().quoteIdentifier(meta.properties[property].fieldNames[0]!);
  const [table, nameColumn, yearColumn, last] = [
    tx.getPlatform().quoteIdentifier(meta.tableName),
    q('name'),
    q('year'),
    q('lastNumber'),
  ];
  const bump = isSqlite(tx)
    ? `on conflict (${nameColumn}, ${yearColumn}) do update set ${last} = ${last} + ?`
    : `on duplicate key update ${last} = ${last} + ?`;
  const connection = tx.getConnection();
  const context = tx.getTransactionContext();
  await connection.execute(
    `insert into ${table} (${nameColumn}, ${yearColumn}, ${last}) values (?, ?, ?) ${bump}`,
    [name, year, count, count],
    'run',
    context,
  );
  // The row is this transaction's until it ends, and a transaction reads its own change.
  const row = (await connection.execute(
    `select ${last} as n from ${table} where ${nameColumn} = ? and ${yearColumn} = ?`,
    [name, year],
    'get',
    context,
  )) as { n: number | string };
  return Number(row.n) - count + 1;
}

/** Takes the next number of counter `name` in `year` inside `tx`'s transaction (see `takeDocumentNumbers`). */
export function takeDocumentNumber(tx: EntityManager, name: string, year: number): Promise<number> {
  return takeDocumentNumbers(tx, name, year, 1);
}

/** A document number as printed: `<name>-<year>-<8 digits>`, e.g. `INV-2027-00000042`. */
export function formatDocumentNumber(name: string, year: number, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 99_999_999) throw new RangeError(`${n} does not fit 8 digits`);
  return `${name}-${year}-${String(n).padStart(8, '0')}`;
}
