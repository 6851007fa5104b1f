import { findPlain, TtlCache } from '@dnp/subgraph-kit';
import type { EntityManager, EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import type { PriceEntry } from './price-resolution.service.js';

/** Entity types whose change clears the cache. */
const REFERENCE_TYPES: readonly (abstract new (...args: never[]) => object)[] = [PriceList, PriceListEntry, ProductAttribute];

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
  private lists?: { rows: Promise<PriceList[]>; expires: number };
  private readonly entries: TtlCache<PriceEntry[]>;
  private readonly attributes: TtlCache<ProductAttribute | null>;
  /** Bumped by every clear, so a read that started before it does not refill old data. */
  private generation = 0;

  constructor(private readonly ttlMs: number) {
    this.entries = new TtlCache(ttlMs, MAX_PRODUCTS);
    this.attributes = new TtlCache(ttlMs, MAX_PRODUCTS);
  }

  /** Every switched-on price list (any subject, any window); rank them with `rankPriceLists`. */
  activeLists(em: EntityManager): Promise<PriceList[]> {
    const now = Date.now();
    if (this.lists && this.lists.expires > now) return this.lists.rows;
    const rows = em.fork().find(PriceList, { active: true });
    if (this.ttlMs > 0) {
      const generation = this.generation;
      this.lists = { rows, expires: now + this.ttlMs };
      // A failed read is not kept.
      rows.catch(() => generation === this.generation && (this.lists = undefined));
    }
    return rows;
  }

  /** The entries of `productIds` in every list (one query for those not cached). */
  async entriesOf(em: EntityManager, productIds: readonly string[]): Promise<PriceEntry[]> {
    const out: PriceEntry[] = [];
    const missing: string[] = [];
    for (const id of productIds) {
      const hit = this.entries.get(id);
      if (hit) out.push(...hit);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const generation = this.generation;
    const rows = await findPlain(em, PriceListEntry, { productId: { $in: missing } });
    const byProduct = new Map<string, PriceEntry[]>(missing.map((id) => [id, []]));
    for (const row of rows) byProduct.get(row.productId)?.push({ priceListId: row.priceListId, productId: row.productId, minQuantity: row.minQuantity, unitPriceMinor: row.unitPriceMinor });
    for (const [id, list] of byProduct) {
      if (generation === this.generation) this.entries.set(id, list);
      out.push(...list);
    }
    return out;
  }

  /** Category path and brand of each of `productIds` (null when unknown), in order. */
  async attributesOf(em: EntityManager, productIds: readonly string[]): Promise<(ProductAttribute | null)[]> {
    const missing = [...new Set(productIds.filter((id) => this.attributes.get(id) === undefined))];
    const loaded = new Map<string, ProductAttribute | null>();
    if (missing.length) {
      const generation = this.generation;
      const rows = await em.fork().find(ProductAttribute, { productId: { $in: missing } });
      for (const id of missing) loaded.set(id, null);
      for (const row of rows) loaded.set(row.productId, row);
      if (generation === this.generation) for (const [id, row] of loaded) this.attributes.set(id, row);
    }
    return productIds.map((id) => (loaded.has(id) ? loaded.get(id)! : (this.attributes.get(id) ?? null)));
  }

  /** Forgets everything (after a change to price lists, entries or attributes). */
  clear(): void {
    this.generation++;
    this.lists = undefined;
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
