import { demoCatalog } from './catalog.js';
import { demoNetwork } from './network.js';

/**
 * The Jiangsu provincial agent's prices for its grade-B sub-dealers (二级分销): the first
 * `SELLER_DEMO_PRODUCTS` products of the catalogue at `SELLER_DEMO_PERCENT` % of the list price,
 * rounded half up to whole 10 fen like the brand's demo lists. Above the brand's floor by
 * construction: the floor is the brand's grade-B price (86 %), and no demo FLOOR list exists.
 */
export const SELLER_DEMO_PERCENT = 90;
/** How many catalogue products (positions 0, 1, 2, …) the Jiangsu seller list prices. */
export const SELLER_DEMO_PRODUCTS = 20;

/** One demo seller list: whose it is, for which grade, and its base prices. */
export interface DemoSellerList {
  id: string;
  sellerDealerId: string;
  sellerCode: string;
  sellerName: string;
  sellerNameEn: string;
  grade: 'B';
  entries: { productId: string; unitPriceMinor: number }[];
}

/** The demo seller lists (one: Jiangsu's list for its grade-B sub-dealers). */
export function demoSellerLists(): DemoSellerList[] {
  const { dealers } = demoNetwork();
  const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
  const entries = demoCatalog()
    .products.slice(0, SELLER_DEMO_PRODUCTS)
    .map((p) => ({
      productId: p.id,
      unitPriceMinor: Math.round((p.listPriceMinor * SELLER_DEMO_PERCENT) / 1000) * 10,
    }));
  return [
    {
      id: 'pl_sub_js_b',
      sellerDealerId: js.id,
      sellerCode: js.code,
      sellerName: js.name,
      sellerNameEn: js.nameEn,
      grade: 'B',
      entries,
    },
  ];
}
