import {
  demoCatalog,
  demoNetwork,
  demoSellerLists,
  regionPath,
  type DemoProduct,
  type DemoRegion,
  type DemoSellerList,
} from '@dnp/demo-data';
import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList, PriceListKind } from '../entities/price-list.entity.js';
import { percentOfRounded } from './demo-prices.js';
import { seedPromotions } from './promotions.seed.js';

export { percentOfRounded };

/**
 * Demo dealer prices as a percentage of the list price, per grade. The orders subgraph's demo
 * history uses the same factors (0.82 / 0.86 / 0.90 / 0.95); keep PRICING.md in step.
 */
export const GRADE_PERCENT: Record<DealerGrade, number> = { A: 82, B: 86, C: 90, D: 95 };
/** Volume tiers of the demo lists: from `minQuantity` on, `percent` of that list's base price. */
export const DEMO_TIERS: readonly { minQuantity: number; percent: number }[] = [
  { minQuantity: 50, percent: 97 },
  { minQuantity: 200, percent: 94 },
];
/** The South China grade-A list prices 5 % below the grade A price. */
export const SOUTH_A_PERCENT = 95;
/** Every demo list starts here. */
export const DEMO_VALID_FROM = new Date(Date.UTC(2025, 0, 1));

/** True for the ~1/3 of products (catalogue positions 0, 3, 6, …) that get volume tiers. */
export function hasDemoTiers(productIndex: number): boolean {
  return productIndex % 3 === 0;
}

/** True for the ~80 products (catalogue positions 0, 8, 16, …) the South China grade-A list prices. */
export function inSouthList(productIndex: number): boolean {
  return productIndex % 8 === 0;
}

/** True once price lists have been seeded (or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(PriceList, {})) > 0;
}

type ListSeed = Omit<
  RequiredEntityData<PriceList>,
  'currency' | 'createdAt' | 'updatedAt' | 'regionPath' | 'regionDepth' | 'validTo' | 'active'
> &
  Partial<Pick<PriceList, 'validTo' | 'active'>> & { id: string };

/** One demo list and what it charges for the catalogue product at `index` (null: not on the list). */
interface DemoList {
  list: ListSeed;
  price(product: DemoProduct, index: number): { baseMinor: number; tiers: boolean } | null;
}

/**
 * The demo lists in insertion order: the base list, one list per grade with volume tiers, the
 * South China grade-A list, and two deliberately attractive lists that must never win (expired,
 * switched off).
 */
function demoLists(): DemoList[] {
  const grades = Object.values(DealerGrade).map((grade): DemoList => ({
    list: {
      id: `pl_grade_${grade.toLowerCase()}`,
      code: `GRADE-${grade}`,
      name: `${grade}级经销商价目表`,
      nameEn: `Grade ${grade} dealer price list`,
      dealerGrade: grade,
      regionId: null,
      priority: 0,
      validFrom: DEMO_VALID_FROM,
    },
    price: (p, i) => ({ baseMinor: percentOfRounded(p.listPriceMinor, GRADE_PERCENT[grade]), tiers: hasDemoTiers(i) }),
  }));
  // Lists without tiers: one price per product.
  const flat = (baseMinor: (p: DemoProduct) => number) => (p: DemoProduct) => ({
    baseMinor: baseMinor(p),
    tiers: false,
  });
  return [
    { list: BASE_LIST, price: flat((p) => p.listPriceMinor) },
    ...grades,
    {
      list: SOUTH_A_LIST,
      price: (p, i) => {
        if (!inSouthList(i)) return null;
        const gradeA = percentOfRounded(p.listPriceMinor, GRADE_PERCENT.A);
        return { baseMinor: percentOfRounded(gradeA, SOUTH_A_PERCENT), tiers: hasDemoTiers(i) };
      },
    },
    { list: EAST_CLEARANCE_LIST, price: flat((p) => percentOfRounded(p.listPriceMinor, 50)) },
    { list: GRADE_B_TRIAL_LIST, price: flat((p) => percentOfRounded(p.listPriceMinor, 70)) },
  ];
}

const BASE_LIST: ListSeed = {
  id: 'pl_base',
  code: 'BASE',
  name: '全国标准价目表',
  nameEn: 'National standard price list',
  dealerGrade: null,
  regionId: null,
  priority: 0,
  validFrom: DEMO_VALID_FROM,
};
const SOUTH_A_LIST: ListSeed = {
  id: 'pl_south_a',
  code: 'SOUTH-A',
  name: '华南大区A级经销商价目表',
  nameEn: 'South China grade A price list',
  dealerGrade: DealerGrade.A,
  regionId: 'reg_south',
  priority: 10,
  validFrom: DEMO_VALID_FROM,
};
const EAST_CLEARANCE_LIST: ListSeed = {
  id: 'pl_east_clearance_2025',
  code: 'EAST-CLEARANCE-2025',
  name: '华东2025清仓价目表（已过期）',
  nameEn: 'East China 2025 clearance (expired)',
  dealerGrade: null,
  regionId: 'reg_east',
  priority: 100,
  validFrom: new Date(Date.UTC(2025, 5, 1)),
  validTo: new Date(Date.UTC(2025, 9, 1)),
};
const GRADE_B_TRIAL_LIST: ListSeed = {
  id: 'pl_grade_b_trial',
  code: 'GRADE-B-TRIAL',
  name: 'B级试行价目表（已停用）',
  nameEn: 'Grade B trial price list (inactive)',
  dealerGrade: DealerGrade.B,
  regionId: null,
  priority: 100,
  validFrom: DEMO_VALID_FROM,
  active: false,
};

/** A list's row: CNY, open-ended and active unless said otherwise, with its region's path and depth. */
function listRow(l: ListSeed, regions: DemoRegion[]): RequiredEntityData<PriceList> {
  const path = typeof l.regionId === 'string' ? regionPath(regions, l.regionId) : [];
  if (l.regionId && !path.length) throw new Error(`unknown demo region ${l.regionId}`);
  return {
    currency: 'CNY',
    validTo: null,
    active: true,
    createdAt: DEMO_VALID_FROM,
    updatedAt: DEMO_VALID_FROM,
    ...l,
    regionPath: path.length ? `/${path.join('/')}/` : null,
    regionDepth: path.length,
  };
}

/** A demo dealer's list for its sub-dealers of one grade (no region; see `demoSellerLists`). */
function sellerListRow(seller: DemoSellerList): RequiredEntityData<PriceList> {
  return listRow(
    {
      id: seller.id,
      code: `SUB-${seller.sellerCode}-${seller.grade}`,
      name: `${seller.sellerName}下级经销商价（${seller.grade}级）`,
      nameEn: `${seller.sellerNameEn} sub-dealer prices (grade ${seller.grade})`,
      dealerGrade: DealerGrade[seller.grade],
      regionId: null,
      priority: 0,
      validFrom: DEMO_VALID_FROM,
      kind: PriceListKind.SALE,
      sellerDealerId: seller.sellerDealerId,
    },
    [],
  );
}

/** A product's entries on a list: its base price from quantity 1, then the volume tiers when it has them. */
function entryRows(
  priceListId: string,
  productId: string,
  baseMinor: number,
  tiers: boolean,
): RequiredEntityData<PriceListEntry>[] {
  const entry = (minQuantity: number, unitPriceMinor: number) => ({
    id: `ple_${priceListId.slice(3)}_${productId.slice(4)}_${minQuantity}`,
    priceListId,
    productId,
    minQuantity,
    unitPriceMinor,
  });
  const rows = [entry(1, baseMinor)];
  if (tiers) for (const t of DEMO_TIERS) rows.push(entry(t.minQuantity, percentOfRounded(baseMinor, t.percent)));
  return rows;
}

/**
 * Inserts the demo price lists (see PRICING.md): the base list, one list per grade with volume
 * tiers, a South China grade-A list, an expired list, a switched-off list and the Jiangsu agent's
 * list for its grade-B sub-dealers (`demoSellerLists`); then the product
 * and region read models and the demo promotions (`promotions.seed.ts`).
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const { products } = demoCatalog();
  const { regions } = demoNetwork();
  const lists: RequiredEntityData<PriceList>[] = [];
  const entries: RequiredEntityData<PriceListEntry>[] = [];
  for (const { list, price } of demoLists()) {
    lists.push(listRow(list, regions));
    products.forEach((p, i) => {
      const at = price(p, i);
      if (at) entries.push(...entryRows(list.id, p.id, at.baseMinor, at.tiers));
    });
  }

  for (const seller of demoSellerLists()) {
    lists.push(sellerListRow(seller));
    for (const e of seller.entries) entries.push(...entryRows(seller.id, e.productId, e.unitPriceMinor, false));
  }

  await em.transactional(async (tx) => {
    await tx.insertMany(PriceList, lists);
    for (let i = 0; i < entries.length; i += 500) await tx.insertMany(PriceListEntry, entries.slice(i, i + 500));
  });
  log.info({ priceLists: lists.length, entries: entries.length }, 'seeded price lists');
  log.info(await seedPromotions(em), 'seeded read models and promotions');
}
