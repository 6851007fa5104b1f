import type { ServiceClient } from '@dnp/subgraph-kit';
import type { ExpiryThresholds } from '../config.js';
import type { ThresholdsOf } from './inventory-alert.service.js';

interface ProductCategories {
  _entities: ({
    id: string;
    category: { code: string; parent: { code: string; parent: { code: string } | null } | null };
  } | null)[];
}

const QUERY =
  `query ProductCategories($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id category { ` +
  `code parent { code parent { code } } } } } }`;

/**
 * Expiry thresholds per product from per-category overrides. Inventory does not know product
 * categories, so it asks the products subgraph (one `_entities` call per scan, by id) and takes
 * the most specific configured category up to two levels above. With no overrides it calls nothing.
 */
export function categoryThresholdsLookup(
  byCategory: Map<string, ExpiryThresholds>,
  products: () => ServiceClient,
): ThresholdsOf {
  return async (productIds) => {
    const out = new Map<string, ExpiryThresholds>();
    if (!byCategory.size || !productIds.length) return out;
    for (let i = 0; i < productIds.length; i += 500) {
      const r = productIds.slice(i, i + 500).map((id) => ({ __typename: 'Product', id }));
      const data = await products().request<ProductCategories>(QUERY, { r });
      for (const p of data._entities) {
        if (!p?.category) continue;
        const codes = [p.category.code, p.category.parent?.code, p.category.parent?.parent?.code];
        const hit = codes.find((c) => c && byCategory.has(c));
        if (hit) out.set(p.id, byCategory.get(hit)!);
      }
    }
    return out;
  };
}
