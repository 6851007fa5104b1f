import { demoCatalog, demoNetwork, regionPath } from '@dnp/demo-data';
import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList } from '../entities/price-list.entity.js';
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
  Partial<Pick<PriceList, 'validTo' | 'active'>>;

/**
 * Inserts the demo price lists (see PRICING.md): the base list, one list per grade with volume
 * tiers, a South China grade-A list, an expired list and a switched-off list; then the product
 * and region read models and the demo promotions (`promotions.seed.ts`).
 */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const { products } = demoCatalog();
  const { regions } = demoNetwork();
  const lists: RequiredEntityData<PriceList>[] = [];
  const entries: RequiredEntityData<PriceListEntry>[] = [];

  const addList = (l: ListSeed) => {
    const path = typeof l.regionId === 'string' ? regionPath(regions, l.regionId) : [];
    if (l.regionId && !path.length) throw new Error(`unknown demo region ${l.regionId}`);
    lists.push({
      currency: 'CNY',
      validTo: null,
      active: true,
      createdAt: DEMO_VALID_FROM,
      updatedAt: DEMO_VALID_FROM,
      ...l,
      regionPath: path.length ? `/${path.join('/')}/` : null,
      regionDepth: path.length,
    });
  };
  const addEntry = (priceListId: string, productId: string, minQuantity: number, unitPriceMinor: number) => {
    entries.push({
      id: `ple_${priceListId.slice(3)}_${productId.slice(4)}_${minQuantity}`,
      priceListId,
      productId,
      minQuantity,
      unitPriceMinor,
    });
  };
  const addWithTiers = (priceListId: string, productId: string, baseMinor: number, tiers: boolean) => {
    addEntry(priceListId, productId, 1, baseMinor);
    if (tiers)
      for (const t of DEMO_TIERS)
        addEntry(priceListId, productId, t.minQuantity, percentOfRounded(baseMinor, t.percent));
  };

  addList({
    id: 'pl_base',
    code: 'BASE',
    name: '全国标准价目表',
    nameEn: 'National standard price list',
    dealerGrade: null,
    regionId: null,
    priority: 0,
    validFrom: DEMO_VALID_FROM,
  });
  products.forEach((p) => addEntry('pl_base', p.id, 1, p.listPriceMinor));

  for (const grade of Object.values(DealerGrade)) {
    const id = `pl_grade_${grade.toLowerCase()}`;
    addList({
      id,
      code: `GRADE-${grade}`,
      name: `${grade}级经销商价目表`,
      nameEn: `Grade ${grade} dealer price list`,
      dealerGrade: grade,
      regionId: null,
      priority: 0,
      validFrom: DEMO_VALID_FROM,
    });
    products.forEach((p, i) =>
      addWithTiers(id, p.id, percentOfRounded(p.listPriceMinor, GRADE_PERCENT[grade]), hasDemoTiers(i)),
    );
  }

  addList({
    id: 'pl_south_a',
    code: 'SOUTH-A',
    name: '华南大区A级经销商价目表',
    nameEn: 'South China grade A price list',
    dealerGrade: DealerGrade.A,
    regionId: 'reg_south',
    priority: 10,
    validFrom: DEMO_VALID_FROM,
  });
  products.forEach((p, i) => {
    if (!inSouthList(i)) return;
    const gradeA = percentOfRounded(p.listPriceMinor, GRADE_PERCENT.A);
    addWithTiers('pl_south_a', p.id, percentOfRounded(gradeA, SOUTH_A_PERCENT), hasDemoTiers(i));
  });

  // Deliberately attractive lists that must never win: expired, and switched off.
  addList({
    id: 'pl_east_clearance_2025',
    code: 'EAST-CLEARANCE-2025',
    name: '华东2025清仓价目表（已过期）',
    nameEn: 'East China 2025 clearance (expired)',
    dealerGrade: null,
    regionId: 'reg_east',
    priority: 100,
    validFrom: new Date(Date.UTC(2025, 5, 1)),
    validTo: new Date(Date.UTC(2025, 9, 1)),
  });
  products.forEach((p) => addEntry('pl_east_clearance_2025', p.id, 1, percentOfRounded(p.listPriceMinor, 50)));
  addList({
    id: 'pl_grade_b_trial',
    code: 'GRADE-B-TRIAL',
    name: 'B级试行价目表（已停用）',
    nameEn: 'Grade B trial price list (inactive)',
    dealerGrade: DealerGrade.B,
    regionId: null,
    priority: 100,
    validFrom: DEMO_VALID_FROM,
    active: false,
  });
  products.forEach((p) => addEntry('pl_grade_b_trial', p.id, 1, percentOfRounded(p.listPriceMinor, 70)));

  await em.transactional(async (tx) => {
    await tx.insertMany(PriceList, lists);
    for (let i = 0; i < entries.length; i += 500) await tx.insertMany(PriceListEntry, entries.slice(i, i + 500));
  });
  log.info({ priceLists: lists.length, entries: entries.length }, 'seeded price lists');
  log.info(await seedPromotions(em), 'seeded read models and promotions');
}
