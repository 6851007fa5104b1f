import { insertOnce, ServiceCallError, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../../config.js';
import { CreditAccount } from '../../entities/credit-account.entity.js';
import { DealerProfile, ProductProfile } from '../../entities/rebate-profile.entity.js';

/** What finance copies of a dealer for rebate eligibility. */
export interface DealerFacts {
  dealerId: string;
  grade: string;
  level: string;
  status: string;
  parentId: string | null;
  /** The home region's id; the path comes from finance's own account copy when it has one. */
  regionId: string;
}

/** What finance copies of a product for rebate scopes. */
export interface ProductFacts {
  productId: string;
  sku: string;
  brandId: string;
  categoryPath: string;
  version: number;
}

/** Where profiles missing from the read models are read from (the owners; specs stand in for them). */
export interface ProfileSources {
  dealers: (ids: readonly string[]) => Promise<DealerFacts[]>;
  products: (ids: readonly string[]) => Promise<ProductFacts[]>;
}

const clients = new Map<string, ServiceClient>();
function clientOf(target: 'dealers' | 'products'): ServiceClient | null {
  const url = serviceUrls(config.SUBGRAPH_URLS)[target];
  if (!url) return null;
  let client = clients.get(target);
  if (!client) {
    client = new ServiceClient({ caller: 'finance', target, url, secret: config.INTERNAL_JWT_SECRET });
    clients.set(target, client);
  }
  return client;
}

const DEALERS_QUERY =
  'query FinanceRebateDealers($r: [_Any!]!) { _entities(representations: $r) { ... on Dealer { ' +
  'id grade level status parent { id } region { id } } } }';
const PRODUCTS_QUERY =
  'query FinanceRebateProducts($r: [_Any!]!) { _entities(representations: $r) { ... on Product { ' +
  'id sku version categoryPath brand { id } } } }';

type DealerAnswer = { id: string; grade: string; level: string; status: string };
type DealerEntity = DealerAnswer & { parent: { id: string } | null; region: { id: string } | null };
type ProductEntity = { id: string; sku: string; version: number; categoryPath: string; brand: { id: string } | null };

/** The owners, asked by id through `_entities` as the finance service identity. */
export const ownerProfileSources: ProfileSources = {
  dealers: async (ids) => {
    const client = clientOf('dealers');
    if (!client) return [];
    const r = ids.map((id) => ({ __typename: 'Dealer', id }));
    const data = await client.request<{ _entities: (DealerEntity | null)[] }>(DEALERS_QUERY, { r });
    return data._entities
      .filter((d): d is DealerEntity => !!d?.region)
      .map((d) => ({ dealerId: d.id, grade: d.grade, level: d.level, status: d.status, ...parentAndRegion(d) }));
  },
  products: async (ids) => {
    const client = clientOf('products');
    if (!client) return [];
    const r = ids.map((id) => ({ __typename: 'Product', id }));
    const data = await client.request<{ _entities: (ProductEntity | null)[] }>(PRODUCTS_QUERY, { r });
    return data._entities
      .filter((p): p is ProductEntity => !!p?.brand)
      .map((p) => ({
        productId: p.id,
        sku: p.sku,
        version: p.version,
        categoryPath: p.categoryPath,
        brandId: p.brand!.id,
      }));
  },
};

function parentAndRegion(d: DealerEntity): { parentId: string | null; regionId: string } {
  return { parentId: d.parent?.id ?? null, regionId: d.region!.id };
}

let sources: ProfileSources = ownerProfileSources;

/** Replaces where missing profiles are read from; returns the previous sources, to put back. */
export function useProfileSources(next: ProfileSources): ProfileSources {
  const previous = sources;
  sources = next;
  return previous;
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Calls `read` on the well-formed ids; an unreachable owner reads as "unknown" rather than failing accrual. */
async function ask<T>(ids: readonly string[], read: (ids: readonly string[]) => Promise<T[]>): Promise<T[]> {
  const wanted = [...new Set(ids)].filter((id) => ID.test(id));
  if (!wanted.length) return [];
  try {
    return await read(wanted);
  } catch (err) {
    if (err instanceof ServiceCallError) return [];
    throw err;
  }
}

/**
 * The dealer profiles of `dealerIds`: the read model's rows, the missing ones read through from the
 * dealers subgraph and inserted once (an event may have written one meanwhile: that row stays).
 * Unknown dealers are left out.
 */
export async function dealerProfiles(em: EntityManager, dealerIds: readonly string[]): Promise<DealerProfile[]> {
  const rows = await em.find(DealerProfile, { dealerId: { $in: [...new Set(dealerIds)] } });
  const missing = dealerIds.filter((id) => !rows.some((r) => r.dealerId === id));
  const now = new Date();
  for (const f of await ask(missing, sources.dealers)) {
    const account = await em.findOne(CreditAccount, { dealerId: f.dealerId }, { fields: ['dealerRegionPath'] });
    const row = Object.assign(new DealerProfile(), {
      ...{ dealerId: f.dealerId, grade: f.grade, level: f.level, status: f.status, parentId: f.parentId },
      ...{ regionPath: account?.dealerRegionPath ?? `/${f.regionId}/`, sourceVersion: now.getTime(), updatedAt: now },
    });
    await insertOnce(em, DealerProfile, { ...row }, 'dealerId');
    rows.push(row);
  }
  return rows;
}

/** The product profiles of `productIds`, read through on a miss as `dealerProfiles` does. */
export async function productProfiles(em: EntityManager, productIds: readonly string[]): Promise<ProductProfile[]> {
  const rows = await em.find(ProductProfile, { productId: { $in: [...new Set(productIds)] } });
  const missing = productIds.filter((id) => !rows.some((r) => r.productId === id));
  const now = new Date();
  for (const f of await ask(missing, sources.products)) {
    const row = Object.assign(new ProductProfile(), {
      ...{ productId: f.productId, sku: f.sku, brandId: f.brandId, categoryPath: f.categoryPath },
      ...{ sourceVersion: f.version, updatedAt: now },
    });
    await insertOnce(em, ProductProfile, { ...row }, 'productId');
    rows.push(row);
  }
  return rows;
}
