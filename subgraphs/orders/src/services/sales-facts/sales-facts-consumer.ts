import {
  EventType,
  isEventOfType,
  rewritePathPrefix,
  upsertIfNewer,
  type DomainEvent,
  type EventConsumer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { SalesFactSource, SalesProduct, type SalesFactSourceType } from '../../entities/sales-fact.entity.js';
import { returnFacts, shipmentFacts, type SalesFactDelta } from './sales-fact-sources.js';
import { addSalesFacts, SALES_FACT_TABLES } from './sales-fact.writer.js';

/** The events the sales aggregates follow. */
export const SALES_FACT_EVENTS: EventType[] = [
  EventType.SHIPMENT_STATUS_CHANGED,
  EventType.RETURN_STATUS_CHANGED,
  EventType.PRODUCT_CHANGED,
  EventType.CATEGORY_CHANGED,
];

/**
 * `orders:sales-facts` (docs/design/rebates-reports.md §9): adds a shipment to the sales aggregates
 * when it ships and a return (negative) when it is credited, valued from orders' own rows; keeps the
 * product copy (`sales_product`) the facts take their category and brand from. Each event is applied
 * once, and each source is counted once (`sales_fact_source`), so a replay changes nothing.
 */
export function salesFactsConsumer(timeZone: () => string): EventConsumer {
  return {
    name: 'orders:sales-facts',
    types: SALES_FACT_EVENTS,
    delivery: 'once',
    handle: (tx, event) => applySalesFactEvent(tx, event, timeZone()),
  };
}

/** Applies one event to the sales aggregates or the product copy. */
export async function applySalesFactEvent(tx: EntityManager, event: DomainEvent, timeZone: string): Promise<void> {
  if (isEventOfType(event, EventType.SHIPMENT_STATUS_CHANGED)) {
    if (event.payload.toStatus !== 'SHIPPED') return;
    await countSources(tx, 'SHIPMENT', [event.payload.shipmentId], timeZone, shipmentFacts);
  } else if (isEventOfType(event, EventType.RETURN_STATUS_CHANGED)) {
    if (event.payload.toStatus !== 'CREDITED') return;
    await countSources(tx, 'RETURN', [event.payload.returnId], timeZone, returnFacts);
  } else if (isEventOfType(event, EventType.PRODUCT_CHANGED)) {
    const p = event.payload;
    const facts = { brandId: p.brandId, categoryPath: p.categoryPath, updatedAt: new Date() };
    if (await upsertIfNewer(tx, SalesProduct, { productId: p.productId }, p.version, facts)) {
      await fillUnknownProduct(tx, p.productId, p.categoryPath, p.brandId);
    }
  } else if (isEventOfType(event, EventType.CATEGORY_CHANGED)) {
    const p = event.payload;
    if (p.change !== 'MOVED' || !p.previousPath) return;
    for (const table of ['sales_product', ...SALES_FACT_TABLES.map((t) => t.table)]) {
      await rewritePathPrefix(tx, table, 'category_path', p.previousPath, p.path);
    }
  }
}

/**
 * Counts sources into the aggregates, each unless it was counted already; answers how many it
 * counted. The new source rows go in with one plain insert: a concurrent count of the same source
 * fails its transaction on the key instead of counting twice.
 */
export async function countSources(
  tx: EntityManager,
  type: SalesFactSourceType,
  ids: readonly string[],
  timeZone: string,
  facts: (em: EntityManager, ids: readonly string[]) => Promise<SalesFactDelta[]>,
): Promise<number> {
  const keyOf = (id: string) => `${type}:${id}`;
  const counted = await tx.find(SalesFactSource, { sourceKey: { $in: ids.map(keyOf) } }, { fields: ['sourceKey'] });
  const seen = new Set(counted.map((c) => c.sourceKey));
  const fresh = [...new Set(ids)].filter((id) => !seen.has(keyOf(id)));
  if (!fresh.length) return 0;
  const countedAt = new Date();
  await tx.insertMany(
    SalesFactSource,
    fresh.map((id) => ({ sourceKey: keyOf(id), countedAt })),
  );
  await addSalesFacts(tx, await facts(tx, fresh), timeZone);
  return fresh.length;
}

/** Facts written before the product was known get its category and brand when it first arrives. */
async function fillUnknownProduct(tx: EntityManager, productId: string, categoryPath: string, brandId: string) {
  for (const { table } of SALES_FACT_TABLES) {
    await tx
      .getConnection()
      .execute(
        `update ${table} set category_path = ?, brand_id = ? where product_id = ? and category_path = ''`,
        [categoryPath, brandId, productId],
        'run',
        tx.getTransactionContext(),
      );
  }
}
