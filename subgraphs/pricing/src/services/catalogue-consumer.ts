import { isSqlite, type CategoryChangedPayload, type ProductChangedPayload } from '@dnp/event-bus';
import { EventType, forUpdate, isEventOfType, type DomainEvent, type EventConsumer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';

/**
 * `pricing:catalogue` (docs/design/network-administration.md §12.2): keeps the product read model
 * current from the products subgraph's events, each applied once (the kit's consumer protocol runs
 * `handle` inside `handleOnce`). A product event upserts its row unless the row already reflects
 * that version or a later one (events may arrive after a read-through stored a newer copy); a
 * category move rewrites the copied category paths under the old prefix.
 * Started by the subgraph's background hook (`startEventConsumers`).
 */
export const catalogueConsumer: EventConsumer = {
  name: 'pricing:catalogue',
  types: [EventType.PRODUCT_CHANGED, EventType.CATEGORY_CHANGED],
  delivery: 'once',
  async handle(tx: EntityManager, event: DomainEvent): Promise<void> {
    if (isEventOfType(event, EventType.PRODUCT_CHANGED)) await applyProductChanged(tx, event.payload);
    else if (isEventOfType(event, EventType.CATEGORY_CHANGED)) await applyCategoryChanged(tx, event.payload);
  },
};

/**
 * Upserts the product's row through the unit of work, so the flush clears this process's pricing
 * reference cache (`pricingReferenceOf`'s subscriber); an older or equal version changes nothing.
 */
async function applyProductChanged(tx: EntityManager, p: ProductChangedPayload): Promise<void> {
  const row = await tx.findOne(ProductAttribute, { productId: p.productId }, forUpdate(tx));
  if (row && row.sourceVersion >= p.version) return;
  const facts = {
    ...{ categoryPath: p.categoryPath, brandId: p.brandId, sku: p.sku, status: p.status },
    ...{ sourceVersion: p.version, updatedAt: new Date() },
  };
  if (row) tx.assign(row, facts);
  else tx.create(ProductAttribute, { productId: p.productId, ...facts });
  await tx.flush();
}

/**
 * A move rewrites every copied path under the previous prefix (one native update: the unit of work
 * does not see it, so the cache is cleared here). Creations and renames change no copied path.
 */
async function applyCategoryChanged(tx: EntityManager, p: CategoryChangedPayload): Promise<void> {
  if (p.change !== 'MOVED' || !p.previousPath || p.previousPath === p.path) return;
  const join = isSqlite(tx) ? '? || substr(category_path, ?)' : 'concat(?, substr(category_path, ?))';
  await tx
    .getConnection()
    .execute(
      `update product_attributes set category_path = ${join} ` +
        'where category_path like ? and substr(category_path, 1, ?) = ?',
      [p.path, p.previousPath.length + 1, `${p.previousPath}%`, p.previousPath.length, p.previousPath],
      'run',
      tx.getTransactionContext(),
    );
  pricingReferenceOf(tx, config.PRICING_REFERENCE_CACHE_MS).clear();
}
