import { insertOnce, ServiceCallError, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { ProductAttribute } from '../entities/product-attribute.entity.js';

/** What pricing copies of a product (the products subgraph owns it). */
export interface ProductFacts {
  productId: string;
  sku: string;
  status: string;
  categoryPath: string;
  brandId: string;
  version: number;
}

/** Reads the facts of the given product ids from their owner; ids it does not know are left out. */
export type ProductAttributeSource = (productIds: readonly string[]) => Promise<ProductFacts[]>;

interface EntitiesAnswer {
  _entities: ({
    id: string;
    sku: string;
    status: string;
    version: number;
    categoryPath: string;
    brand: { id: string } | null;
  } | null)[];
}

const QUERY =
  'query PricingProductFacts($r: [_Any!]!) { _entities(representations: $r) { ... on Product { ' +
  'id sku status version categoryPath brand { id } } } }';
/** Most ids one read-through asks for (a price list edit names at most 1000). */
const MAX_IDS_PER_CALL = 500;

let client: ServiceClient | undefined;

/** The products subgraph, asked by id through `_entities` as the pricing service identity. */
export const productsSubgraphSource: ProductAttributeSource = async (productIds) => {
  client ??= new ServiceClient({
    caller: 'pricing',
    target: 'products',
    url: serviceUrls(config.SUBGRAPH_URLS).products!,
    secret: config.INTERNAL_JWT_SECRET,
    connections: 4,
  });
  const out: ProductFacts[] = [];
  for (let i = 0; i < productIds.length; i += MAX_IDS_PER_CALL) {
    const r = productIds.slice(i, i + MAX_IDS_PER_CALL).map((id) => ({ __typename: 'Product', id }));
    const data = await client.request<EntitiesAnswer>(QUERY, { r });
    for (const p of data._entities) {
      if (!p?.brand) continue;
      const { id, sku, status, version, categoryPath } = p;
      out.push({ productId: id, sku, status, version, categoryPath, brandId: p.brand.id });
    }
  }
  return out;
};

let source: ProductAttributeSource = productsSubgraphSource;

/**
 * Replaces where product facts are read from (specs stand in for the products subgraph); returns
 * the previous source, to put back.
 */
export function useProductAttributeSource(next: ProductAttributeSource): ProductAttributeSource {
  const previous = source;
  source = next;
  return previous;
}

/** Only product ids as the products subgraph issues them are worth a call. */
const PRODUCT_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Reads the products among `productIds` that the read model misses from the products subgraph and
 * inserts their rows once (a concurrent insert or the catalogue consumer may have written one
 * meanwhile: that row stays). Returns the facts read, as rows; unknown ids are left out. When the products subgraph
 * cannot be reached, nothing is read through: the callers treat the ids as unknown, as before the
 * read-through existed (a price edit is refused with UNKNOWN_PRODUCT, a quote applies no category
 * promotion), rather than failing.
 */
export async function readThroughProducts(
  em: EntityManager,
  productIds: readonly string[],
): Promise<ProductAttribute[]> {
  const ids = [...new Set(productIds)].filter((id) => PRODUCT_ID.test(id));
  if (!ids.length) return [];
  let facts: ProductFacts[];
  try {
    facts = await source(ids);
  } catch (err) {
    if (err instanceof ServiceCallError) return [];
    throw err;
  }
  const now = new Date();
  const rows: ProductAttribute[] = [];
  for (const f of facts) {
    const row = Object.assign(new ProductAttribute(), {
      ...{ productId: f.productId, categoryPath: f.categoryPath, brandId: f.brandId, sku: f.sku },
      ...{ status: f.status, sourceVersion: f.version, updatedAt: now },
    });
    await insertOnce(em, ProductAttribute, { ...row }, 'productId');
    rows.push(row);
  }
  return rows;
}
