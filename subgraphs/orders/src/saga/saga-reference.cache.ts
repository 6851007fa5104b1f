import { TtlCache } from '@dnp/subgraph-kit';

/** What the `orders:caches` consumer drops when dealers or products report a change. */
export interface SagaReferenceDrops {
  /** Forgets the dealer read last: its next placement asks dealers again (status, block, grade). */
  dropDealer(dealerId: string): void;
  /** Forgets the product by id and by SKU (the one given and the one cached, upper-case). */
  dropProduct(productId: string, sku?: string | null): void;
}

/**
 * The products (by `id:` and `sku:`) and dealers the placement saga read lately, for
 * `SAGA_REFERENCE_CACHE_MS`: every placement needs them and they rarely change. `orders:caches`
 * drops an entry when its row changes, so the time bound no longer delays a block, a lifting, a
 * grade or a retirement. Generic over the values so it imports nothing of the saga.
 */
export class SagaReferenceCache<P extends { id: string; sku: string }, D> implements SagaReferenceDrops {
  private readonly products: TtlCache<P>;
  private readonly dealers: TtlCache<D>;

  /** `ttlMs`: how long reads are reused (0 = always ask). */
  constructor(ttlMs: number) {
    this.products = new TtlCache(ttlMs);
    this.dealers = new TtlCache(ttlMs);
  }

  /** A product read lately, by id. */
  productById(id: string): P | undefined {
    return this.products.get(`id:${id}`);
  }

  /** A product read lately, by SKU (any case). */
  productBySku(sku: string): P | undefined {
    return this.products.get(`sku:${sku.toUpperCase()}`);
  }

  /** Remembers a product under its id and its SKU. */
  rememberProduct(product: P): void {
    this.products.set(`id:${product.id}`, product);
    this.products.set(`sku:${product.sku.toUpperCase()}`, product);
  }

  /** A dealer read lately. */
  dealer(id: string): D | undefined {
    return this.dealers.get(id);
  }

  /** Remembers a dealer. */
  rememberDealer(id: string, dealer: D): void {
    this.dealers.set(id, dealer);
  }

  dropDealer(dealerId: string): void {
    this.dealers.delete(dealerId);
  }

  dropProduct(productId: string, sku?: string | null): void {
    const cached = this.products.get(`id:${productId}`);
    this.products.delete(`id:${productId}`);
    for (const s of [sku, cached?.sku]) if (s) this.products.delete(`sku:${s.toUpperCase()}`);
  }
}
