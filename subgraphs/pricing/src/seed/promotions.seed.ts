import { demoCatalog, demoNetwork, regionPath, type DemoCategory, type DemoProduct } from '@dnp/demo-data';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import { emptyPromotionTerms, Promotion, PromotionStacking, PromotionType } from '../entities/promotion.entity.js';
import { RegionNode } from '../entities/region-node.entity.js';
import { percentOfRounded } from './demo-prices.js';

/** Category paths ("/cat_dairy/cat_mlk/") built the way the products subgraph builds them. */
export function categoryPaths(categories: readonly DemoCategory[]): Map<string, string> {
  const paths = new Map<string, string>();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const c = byId.get(id)!;
    const path = `${c.parentId ? pathOf(c.parentId) : '/'}${c.id}/`;
    paths.set(id, path);
    return path;
  };
  for (const c of categories) pathOf(c.id);
  return paths;
}

/** The product and region read models from the demo fixtures (production: fed by events). */
export function demoReadModels(): {
  attributes: RequiredEntityData<ProductAttribute>[];
  regions: RequiredEntityData<RegionNode>[];
} {
  const { categories, products } = demoCatalog();
  const paths = categoryPaths(categories);
  const { regions } = demoNetwork();
  return {
    attributes: products.map((p) => ({ productId: p.id, categoryPath: paths.get(p.categoryId)!, brandId: p.brandId })),
    regions: regions.map((r) => {
      const path = regionPath(regions, r.id);
      return { regionId: r.id, path: `/${path.join('/')}/`, depth: path.length };
    }),
  };
}

const D = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
type PromotionSeed = Pick<
  Promotion,
  'id' | 'code' | 'name' | 'nameEn' | 'type' | 'stacking' | 'priority' | 'validFrom'
> &
  Partial<Promotion>;

// The demo promotions that name no catalogue product, in PRICING.md's order ("Demo promotions").
const DAIRY_1000_80: PromotionSeed = {
  id: 'prm_dairy_1000_80',
  code: 'DAIRY-1000-80',
  name: '乳品满1000减80',
  nameEn: 'Dairy: save ¥80 on every ¥1000',
  description: '全部乳制品（液态奶、酸奶、奶粉）每满1000元减80元，可与其他可叠加活动同享。',
  type: PromotionType.SPEND_AND_SAVE,
  stacking: PromotionStacking.STACKABLE,
  priority: 10,
  validFrom: D(2025, 1, 1),
  categoryIds: ['cat_dairy'],
  spendTiers: [{ thresholdMinor: 100_000, discountMinor: 8_000 }],
  repeating: true,
};
const DRINK_95_CD: PromotionSeed = {
  id: 'prm_drink_95_cd',
  code: 'DRINK-95-CD',
  name: '饮料9.5折（C/D级经销商）',
  nameEn: 'Beverages 5% off for grade C/D dealers',
  type: PromotionType.PERCENT_OFF,
  stacking: PromotionStacking.EXCLUSIVE,
  priority: 5,
  validFrom: D(2025, 1, 1),
  categoryIds: ['cat_drink'],
  dealerGrades: ['C', 'D'],
  percentOffBp: 500,
};
const SOUTH_3000_200: PromotionSeed = {
  id: 'prm_south_3000_200',
  code: 'SOUTH-3000-200',
  name: '华南大区满3000立减200',
  nameEn: 'South China: ¥200 off orders from ¥3000',
  type: PromotionType.AMOUNT_OFF,
  stacking: PromotionStacking.STACKABLE,
  priority: 0,
  validFrom: D(2025, 1, 1),
  regionIds: ['reg_south'],
  minAmountMinor: 300_000,
  amountOffMinor: 20_000,
};
const DOUBLE11_2025: PromotionSeed = {
  id: 'prm_double11_2025',
  code: 'DOUBLE11-2025',
  name: '2025双十一全场9折（已结束）',
  nameEn: 'Double 11 2025: 10% off everything (ended)',
  type: PromotionType.PERCENT_OFF,
  stacking: PromotionStacking.EXCLUSIVE,
  priority: 100,
  validFrom: D(2025, 11, 1),
  validTo: D(2025, 11, 12),
  percentOffBp: 1_000,
};
const SNACK_TIERS: PromotionSeed = {
  id: 'prm_snack_tiers',
  code: 'SNACK-TIERS',
  name: '休闲食品量大优惠',
  nameEn: 'Snacks: quantity breaks',
  type: PromotionType.TIERED_QUANTITY,
  stacking: PromotionStacking.STACKABLE,
  priority: 15,
  validFrom: D(2025, 1, 1),
  categoryIds: ['cat_snack'],
  quantityTiers: [
    { minQuantity: 50, percentOffBp: 300 },
    { minQuantity: 200, percentOffBp: 600 },
  ],
};
const WATER_BUY10_GET1: PromotionSeed = {
  id: 'prm_water_buy10_get1',
  code: 'WATER-BUY10-GET1',
  name: '饮用水买十送一',
  nameEn: 'Drinking water: buy 10 get 1 free',
  description: '同一款饮用水每11箱中1箱免费（下单11箱只付10箱）。',
  type: PromotionType.BUY_X_GET_Y,
  stacking: PromotionStacking.STACKABLE,
  priority: 25,
  validFrom: D(2025, 1, 1),
  categoryIds: ['cat_wtr'],
  buyQuantity: 10,
  rewardQuantity: 1,
  percentOffBp: 10_000,
};
const HEALTH_TIERS_BUDGET: PromotionSeed = {
  id: 'prm_health_tiers_budget',
  code: 'HEALTH-3000-300',
  name: '营养保健满3000减300/满6000减700（预算将尽）',
  nameEn: 'Health: ¥300 off ¥3000, ¥700 off ¥6000 (budget nearly used)',
  type: PromotionType.SPEND_AND_SAVE,
  stacking: PromotionStacking.STACKABLE,
  priority: 12,
  validFrom: D(2025, 1, 1),
  categoryIds: ['cat_health'],
  spendTiers: [
    { thresholdMinor: 300_000, discountMinor: 30_000 },
    { thresholdMinor: 600_000, discountMinor: 70_000 },
  ],
  budgetMinor: 5_000_000,
  budgetUsedMinor: 4_990_000,
  perDealerOrderLimit: 1,
};

/** The two demo promotions that name catalogue products: the milk-powder gift and the gift-box bundle. */
function catalogueSeeds(products: readonly DemoProduct[]): { gift: PromotionSeed; bundle: PromotionSeed } {
  const firstOf = (categoryId: string, edition: '' | '礼盒装') =>
    products.find(
      (p) =>
        p.categoryId === categoryId &&
        (edition ? p.name.includes(edition) : !p.name.includes('礼盒装') && !p.name.includes('家庭装')),
    )!;
  const giftCan = firstOf('cat_pwd', '');
  const boxes = [firstOf('cat_mlk', '礼盒装'), firstOf('cat_nut', '礼盒装'), firstOf('cat_juc', '礼盒装')];
  const boxesList = boxes.reduce((s, p) => s + p.listPriceMinor, 0);
  return {
    gift: {
      id: 'prm_pwd_buy6_gift1',
      code: 'PWD-BUY6-GIFT1',
      name: '奶粉买6赠1',
      nameEn: 'Milk powder: buy 6, get 1 can free',
      description: `任选奶粉每6罐赠送${giftCan.name}1罐，每家经销商限10单。`,
      type: PromotionType.GIFT_WITH_PURCHASE,
      stacking: PromotionStacking.STACKABLE,
      priority: 20,
      validFrom: D(2025, 1, 1),
      categoryIds: ['cat_pwd'],
      buyQuantity: 6,
      rewardQuantity: 1,
      rewardProductId: giftCan.id,
      perDealerOrderLimit: 10,
    },
    bundle: {
      id: 'prm_cny_giftbox_bundle',
      code: 'CNY-GIFTBOX-BUNDLE',
      name: '年货礼盒组合套餐',
      nameEn: 'Chinese New Year gift box bundle',
      description: `${boxes.map((b) => b.name).join(' + ')}，组合价（建议价合计的75%）。`,
      type: PromotionType.BUNDLE,
      stacking: PromotionStacking.STACKABLE,
      priority: 30,
      validFrom: D(2026, 11, 1),
      validTo: D(2027, 2, 20),
      bundleItems: boxes.map((b) => ({ productId: b.id, quantity: 1 })),
      bundlePriceMinor: percentOfRounded(boxesList, 75),
    },
  };
}

/**
 * The demo promotions (see PRICING.md, "Demo promotions"): a realistic mix of every type,
 * stackable and exclusive, grade- and region-limited, one expired, one with its budget nearly
 * used up.
 */
export function demoPromotions(): RequiredEntityData<Promotion>[] {
  const { gift, bundle } = catalogueSeeds(demoCatalog().products);
  // Cloned so every call hands out fresh rows, as the seeders and specs may change them.
  const seeds: PromotionSeed[] = [
    DAIRY_1000_80,
    gift,
    DRINK_95_CD,
    bundle,
    SOUTH_3000_200,
    DOUBLE11_2025,
    SNACK_TIERS,
    WATER_BUY10_GET1,
    HEALTH_TIERS_BUDGET,
  ].map((s) => structuredClone(s));
  const regions = demoNetwork().regions;
  const paths = new Map(regions.map((r) => [r.id, `/${regionPath(regions, r.id).join('/')}/`]));
  return seeds.map((s) => ({
    description: null,
    active: true,
    validTo: null,
    ...emptyPromotionTerms(),
    createdBy: 'usr_hq_admin',
    createdAt: s.validFrom,
    updatedAt: s.validFrom,
    ...s,
    regionPaths: (s.regionIds ?? []).map((r) => `|${paths.get(r)!}|`).join(''),
  }));
}

/** Inserts the read models and the demo promotions. */
export async function seedPromotions(
  em: EntityManager,
): Promise<{ attributes: number; regions: number; promotions: number }> {
  const { attributes, regions } = demoReadModels();
  const promotions = demoPromotions();
  await em.transactional(async (tx) => {
    for (let i = 0; i < attributes.length; i += 500)
      await tx.insertMany(ProductAttribute, attributes.slice(i, i + 500));
    await tx.insertMany(RegionNode, regions);
    await tx.insertMany(Promotion, promotions);
  });
  return { attributes: attributes.length, regions: regions.length, promotions: promotions.length };
}
