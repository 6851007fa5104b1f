import type { EntityManager } from '@mikro-orm/core';
import type { SalesFactSourceType } from '../../entities/sales-fact.entity.js';
import { returnFacts, shipmentFacts, type SalesFactDelta } from './sales-fact-sources.js';
import { SALES_FACT_TABLES } from './sales-fact.writer.js';
import { countSources } from './sales-facts-consumer.js';

/** What a rebuild counted. */
export interface SalesRebuildResult {
  shipments: number;
  returns: number;
}

/** Sources per transaction: memory stays bounded by one chunk's lines, not by the history. */
export const REBUILD_CHUNK = 500;

const SOURCES: {
  type: SalesFactSourceType;
  table: string;
  done: string;
  facts: (em: EntityManager, ids: readonly string[]) => Promise<SalesFactDelta[]>;
}[] = [
  { type: 'SHIPMENT', table: 'shipment', done: 'shipped_at', facts: shipmentFacts },
  { type: 'RETURN', table: 'return_request', done: 'credited_at', facts: returnFacts },
];

/**
 * Rebuilds `sales_fact_day` and `sales_fact_month` from the source tables (`pnpm reports:rebuild
 * sales`): empties both and the counted sources, then counts every shipped shipment and credited
 * return in chunks of `chunk` by id, each chunk in its own transaction through the consumer's own
 * path (`countSources`), so the rebuilt tables equal the consumer-built ones. Run it with the consumer idle (a
 * migration, a benchmark's generated history): an event handled meanwhile may be counted twice.
 */
export async function rebuildSalesFacts(
  em: EntityManager,
  timeZone: string,
  chunk = REBUILD_CHUNK,
  progress: (done: SalesRebuildResult) => void = () => {},
): Promise<SalesRebuildResult> {
  await em.fork().transactional(async (tx) => {
    for (const table of [...SALES_FACT_TABLES.map((t) => t.table), 'sales_fact_source']) {
      await tx.getConnection().execute(`delete from ${table}`, [], 'run', tx.getTransactionContext());
    }
  });
  const result: SalesRebuildResult = { shipments: 0, returns: 0 };
  for (const source of SOURCES) {
    let after = '';
    for (;;) {
      const ids = (
        await em
          .fork()
          .getConnection()
          .execute(
            `select id from ${source.table} where ${source.done} is not null and id > ? order by id limit ?`,
            [after, chunk],
            'all',
          )
      ).map((r: { id: unknown }) => String(r.id));
      if (!ids.length) break;
      await em.fork().transactional((tx) => countSources(tx, source.type, ids, timeZone, source.facts));
      after = ids.at(-1)!;
      if (source.type === 'SHIPMENT') result.shipments += ids.length;
      else result.returns += ids.length;
      progress(result);
    }
  }
  return result;
}
