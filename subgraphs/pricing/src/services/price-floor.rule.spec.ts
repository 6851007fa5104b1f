import { describe, expect, it } from 'vitest';
import { DealerGrade, PriceListKind } from '../entities/price-list.entity.js';
import { bindingFloor, isBelowFloor, rankFloorLists, resolveFloors } from './price-floor.rule.js';
import {
  BASE_SUBJECT,
  rankPriceLists,
  resolvePrices,
  type PriceEntry,
  type PricingSubject,
} from './price-resolution.service.js';
import { SPEC_NOW, specList } from './price-list.fixtures.js';

const NOW = SPEC_NOW;
const list = specList;
const entry = (priceListId: string, unitPriceMinor: number, productId = 'prd_1', minQuantity = 1): PriceEntry => ({
  priceListId,
  productId,
  minQuantity,
  unitPriceMinor,
});

const base = list('pl_base');
const gradeB = list('pl_b', { dealerGrade: DealerGrade.B });
const floorAll = list('pl_floor', { kind: PriceListKind.FLOOR });
const floorEastB = list('pl_floor_east_b', {
  kind: PriceListKind.FLOOR,
  dealerGrade: DealerGrade.B,
  regionId: 'reg_east',
  regionDepth: 2,
});
const sellerAll = list('pl_sub_js', { sellerDealerId: 'dlr_0002' });
const sellerB = list('pl_sub_js_b', { sellerDealerId: 'dlr_0002', dealerGrade: DealerGrade.B });
const otherSeller = list('pl_sub_other', { sellerDealerId: 'dlr_0099', priority: 100 });
const sellerFloor = list('pl_seller_floor', { kind: PriceListKind.FLOOR, sellerDealerId: 'dlr_0002', priority: 99 });
const ALL = [base, gradeB, floorAll, floorEastB, sellerAll, sellerB, otherSeller, sellerFloor];

const njB: PricingSubject = {
  dealerGrade: 'B',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
const szB: PricingSubject = {
  ...njB,
  regionId: 'reg_gd_sz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gd_sz'],
};

describe('seller lists and the brand ranking', () => {
  it('the brand ranking never sees seller or FLOOR lists, whoever asks', () => {
    expect(rankPriceLists(ALL, njB, NOW).map((l) => l.id)).toEqual(['pl_b', 'pl_base']);
    expect(rankPriceLists(ALL, BASE_SUBJECT, NOW).map((l) => l.id)).toEqual(['pl_base']);
  });

  it("a subject naming a seller ranks only that seller's SALE lists, grade-specific first", () => {
    const fromJs = { ...njB, sellerDealerId: 'dlr_0002' };
    expect(rankPriceLists(ALL, fromJs, NOW).map((l) => l.id)).toEqual(['pl_sub_js_b', 'pl_sub_js']);
    expect(rankPriceLists(ALL, { ...fromJs, dealerGrade: 'A' }, NOW).map((l) => l.id)).toEqual(['pl_sub_js']);
    const prices = resolvePrices(
      rankPriceLists(ALL, fromJs, NOW),
      [entry('pl_base', 1000), entry('pl_b', 900)],
      ['prd_1'],
    );
    expect(prices.get('prd_1')).toBeNull();
  });
});

describe('floor resolution', () => {
  it("ranks the brand's FLOOR lists for the grade and region (never a seller's), deeper region first", () => {
    expect(rankFloorLists(ALL, njB, NOW).map((l) => l.id)).toEqual(['pl_floor_east_b', 'pl_floor']);
    expect(rankFloorLists(ALL, szB, NOW).map((l) => l.id)).toEqual(['pl_floor']);
  });

  it('takes the best-ranked FLOOR list holding a base entry, ignoring tier entries', () => {
    const entries = [
      entry('pl_floor_east_b', 850),
      entry('pl_floor', 800),
      entry('pl_floor', 700, 'prd_2'),
      entry('pl_floor_east_b', 650, 'prd_2', 50),
      entry('pl_b', 900),
      entry('pl_b', 880, 'prd_2'),
    ];
    const floors = resolveFloors(ALL, entries, njB, NOW, ['prd_1', 'prd_2']);
    expect(floors.get('prd_1')).toEqual({
      productId: 'prd_1',
      unitPriceMinor: 850,
      priceListId: 'pl_floor_east_b',
      source: PriceListKind.FLOOR,
    });
    expect(floors.get('prd_2')).toMatchObject({ unitPriceMinor: 700, priceListId: 'pl_floor' });
    // South China has no East floor: the nationwide floor list decides.
    expect(resolveFloors(ALL, entries, szB, NOW, ['prd_1']).get('prd_1')).toMatchObject({ unitPriceMinor: 800 });
  });

  it("falls back to the brand's own SALE price for the grade and region, and is null when the brand has none", () => {
    const entries = [
      entry('pl_b', 900),
      entry('pl_base', 1000),
      entry('pl_sub_js', 100),
      entry('pl_base', 500, 'prd_3'),
    ];
    const floors = resolveFloors(ALL, entries, { ...njB, sellerDealerId: 'dlr_0002' }, NOW, [
      'prd_1',
      'prd_3',
      'prd_9',
    ]);
    expect(floors.get('prd_1')).toMatchObject({ unitPriceMinor: 900, priceListId: 'pl_b', source: PriceListKind.SALE });
    expect(floors.get('prd_3')).toMatchObject({ unitPriceMinor: 500, priceListId: 'pl_base' });
    expect(floors.get('prd_9')).toBeNull();
    // Grade A has no grade list here: the base price is its floor.
    expect(resolveFloors(ALL, entries, { ...njB, dealerGrade: 'A' }, NOW, ['prd_1']).get('prd_1')).toMatchObject({
      unitPriceMinor: 1000,
    });
  });

  it('ignores expired and switched-off FLOOR lists', () => {
    const expired = list('pl_floor_old', { kind: PriceListKind.FLOOR, validTo: new Date('2026-03-01T00:00:00Z') });
    const off = list('pl_floor_off', { kind: PriceListKind.FLOOR, active: false, priority: 5 });
    const floors = resolveFloors(
      [expired, off, gradeB],
      [entry('pl_floor_old', 1), entry('pl_floor_off', 2), entry('pl_b', 900)],
      njB,
      NOW,
      ['prd_1'],
    );
    expect(floors.get('prd_1')).toMatchObject({ unitPriceMinor: 900 });
  });

  it('the binding floor of several subjects is the highest; no floor binds nothing', () => {
    const a = { productId: 'p', unitPriceMinor: 800, priceListId: 'x', source: PriceListKind.FLOOR };
    const b = { ...a, unitPriceMinor: 850 };
    expect(bindingFloor([a, null, b])).toBe(b);
    expect(bindingFloor([null])).toBeNull();
    expect(isBelowFloor(849, b)).toBe(true);
    expect(isBelowFloor(850, b)).toBe(false);
    expect(isBelowFloor(1, null)).toBe(false);
  });
});
