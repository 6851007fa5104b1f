import { findPlain, TtlCache } from '@dnp/subgraph-kit';
import type { EntityManager, EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import type { PriceEntry } from './price-resolution.service.js';
import { readThroughProducts } from './product-attribute-source.js';

/** Entity types whose change clears the cache. */
const REFERENCE_TYPES: readonly (abstract new (...args: never[]) => object)[] = [
  PriceList,
  PriceListEntry,
  ProductAttribute,
];

/** Products whose entries or attributes one cache keeps. */
const MAX_PRODUCTS = 20_000;

/**
 * The reference data every quote and catalogue price reads — the switched-on price lists, each
 * product's price entries (all lists) and product attributes — kept per process for `ttlMs`
 * (`PRICING_REFERENCE_CACHE_MS`), so a placement's quote reads only what changes per order
 * (promotions with their budgets, the dealer's promotion usage). Any flush of this process that
 * changes a price list, an entry or an attribute clears it at once; another pricing instance's
 * change shows here within `ttlMs`. Ranking (grade, region, validity window at the request's
 * instant) is applied per request to the cached lists, so a window opening or closing is exact.
 */
export class PricingReferenceCache {
  private readonly lists: TtlCache<Promise<PriceList[]>>;
  private readonly entries: TtlCache<PriceEntry[]>;
  private readonly attributes: TtlCache<ProductAttribute | null>;
  /** Bumped by every clear, so a read that started before it does not refill old data. */
  private generation = 0;

  constructor(ttlMs: number) {
    this.lists = new TtlCache(ttlMs, 1);
    this.entries = new TtlCache(ttlMs, MAX_PRODUCTS);
    this.attributes = new TtlCache(ttlMs, MAX_PRODUCTS);
  }

  /** Every switched-on price list (any subject, any window); rank them with `rankPriceLists`. */
  activeLists(em: EntityManager): Promise<PriceList[]> {
    const hit = this.lists.get('active');
    if (hit) return hit;
    const generation = this.generation;
    const rows = em.fork().find(PriceList, { active: true });
    this.lists.set('active', rows);
    // A failed read is not kept.
    rows.catch(() => {
      if (generation === this.generation) this.lists.delete('active');
    });
    return rows;
  }

  /** The entries of `productIds` in every list (one query for those not cached). */
  async entriesOf(em: EntityManager, productIds: readonly string[]): Promise<PriceEntry[]> {
    const byProduct = await this.perProduct(this.entries, productIds, async (missing) => {
      const found = new Map<string, PriceEntry[]>(missing.map((id) => [id, []]));
      for (const row of await findPlain(em, PriceListEntry, { productId: { $in: missing } })) {
        found.get(row.productId)?.push({
          priceListId: row.priceListId,
          productId: row.productId,
          minQuantity: row.minQuantity,
          unitPriceMinor: row.unitPriceMinor,
        });
      }
      return found;
    });
    return [...new Set(productIds)].flatMap((id) => byProduct.get(id)!);
  }

  /**
   * Category path and brand of each of `productIds` (null when unknown), in order; products the read
   * model misses are read through from the products subgraph (and stored).
   */
  async attributesOf(em: EntityManager, productIds: readonly string[]): Promise<(ProductAttribute | null)[]> {
    const byProduct = await this.perProduct(this.attributes, productIds, async (missing) => {
      const found = new Map<string, ProductAttribute | null>(missing.map((id) => [id, null]));
      for (const row of await em.fork().find(ProductAttribute, { productId: { $in: missing } }))
        found.set(row.productId, row);
      const unknown = missing.filter((id) => !found.get(id));
      if (unknown.length)
        for (const row of await readThroughProducts(em.fork(), unknown)) found.set(row.productId, row);
      return found;
    });
    return productIds.map((id) => byProduct.get(id)!);
  }

  /**
   * The value of each of `productIds`: from `cache`, the missing ones by one `load` (which
   * answers for every id it is given), stored unless the cache was cleared meanwhile.
   */
  private async perProduct<V>(
    cache: TtlCache<V>,
    productIds: readonly string[],
    load: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, V>> {
    const out = new Map<string, V>();
    const missing: string[] = [];
    for (const id of new Set(productIds)) {
      const hit = cache.get(id);
      if (hit === undefined) missing.push(id);
      else out.set(id, hit);
    }
    if (!missing.length) return out;
    const generation = this.generation;
    for (const [id, value] of await load(missing)) {
      if (generation === this.generation) cache.set(id, value);
      out.set(id, value);
    }
    return out;
  }

  /** Forgets everything (after a change to price lists, entries or attributes). */
  clear(): void {
    this.generation++;
    this.lists.clear();
    this.entries.clear();
    this.attributes.clear();
  }
}

const caches = new WeakMap<object, PricingReferenceCache>();

/**
 * The cache of the database behind `em` (one per ORM, shared by its forks), created on first
 * use with a subscriber that clears it after any flush touching price lists, entries or
 * attributes.
 */
export function pricingReferenceOf(em: EntityManager, ttlMs: number): PricingReferenceCache {
  const events = em.getEventManager();
  let cache = caches.get(events);
  if (!cache) {
    const created = new PricingReferenceCache(ttlMs);
    let pendingCommit = false;
    const subscriber: EventSubscriber = {
      afterFlush({ em: flushed, uow }: FlushEventArgs) {
        if (!uow.getChangeSets().some((cs) => REFERENCE_TYPES.some((type) => cs.entity instanceof type))) return;
        created.clear();
        // Inside a transaction, a read before the commit would cache the old rows again.
        if (flushed.isInTransaction()) pendingCommit = true;
      },
      afterTransactionCommit(_args: TransactionEventArgs) {
        if (!pendingCommit) return;
        pendingCommit = false;
        created.clear();
      },
    };
    events.registerSubscriber(subscriber);
    caches.set(events, (cache = created));
  }
  return cache;
}
