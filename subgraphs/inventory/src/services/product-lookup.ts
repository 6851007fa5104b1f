import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { loadConfig } from '../config.js';

/** What inventory asks of products (specs install a fake). */
export interface ProductLookup {
  /** The ids among `productIds` that products knows. */
  known(productIds: readonly string[]): Promise<Set<string>>;
  /** Product ids by SKU, for the SKUs products knows (the import's resolution). */
  idsBySku(skus: readonly string[]): Promise<Map<string, string>>;
}

/** Representations per `_entities` call. */
const CHUNK = 500;
const BY_ID = 'query InventoryProductsById($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id } } }';
const BY_SKU =
  'query InventoryProductsBySku($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id sku } } }';

/** The products subgraph over HTTP, as the SERVICE identity: one `_entities` call per 500 keys. */
class RemoteProductLookup implements ProductLookup {
  private client: ServiceClient | undefined;

  private products(): ServiceClient {
    const config = loadConfig();
    return (this.client ??= new ServiceClient({
      caller: 'inventory',
      target: 'products',
      url: serviceUrls(config.SUBGRAPH_URLS).products!,
      secret: config.INTERNAL_JWT_SECRET,
    }));
  }

  async known(productIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < productIds.length; i += CHUNK) {
      const r = productIds.slice(i, i + CHUNK).map((id) => ({ __typename: 'Product', id }));
      const data = await this.products().request<{ _entities: ({ id: string } | null)[] }>(BY_ID, { r });
      for (const p of data._entities) if (p) out.add(p.id);
    }
    return out;
  }

  async idsBySku(skus: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < skus.length; i += CHUNK) {
      const r = skus.slice(i, i + CHUNK).map((sku) => ({ __typename: 'Product', sku }));
      const data = await this.products().request<{ _entities: ({ id: string; sku: string } | null)[] }>(BY_SKU, {
        r,
      });
      for (const p of data._entities) if (p) out.set(p.sku, p.id);
    }
    return out;
  }
}

let current: ProductLookup | undefined;

/** The process's link to products: built on first use, or the one a spec installed. */
export function productLookup(): ProductLookup {
  current ??= new RemoteProductLookup();
  return current;
}

/** Installs `next` (a spec's fake; undefined: back to the remote one); answers the previous one. */
export function useProductLookup(next: ProductLookup | undefined): ProductLookup | undefined {
  const previous = current;
  current = next;
  return previous;
}
