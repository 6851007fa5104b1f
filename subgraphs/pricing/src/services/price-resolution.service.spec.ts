import { Role } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { DealerGrade } from '../entities/price-list.entity.js';
import {
  BASE_SUBJECT,
  compareRank,
  isCandidate,
  pricingSubjectOf,
  rankPriceLists,
  resolvePrices,
  unitPriceAt,
  type PriceEntry,
  type PricingSubject,
  type RankablePriceList,
} from './price-resolution.service.js';
import { SPEC_NOW, specList } from './price-list.fixtures.js';

const NOW = SPEC_NOW;
const list = specList;
const base = list('pl_base');
const gradeA = list('pl_a', { dealerGrade: DealerGrade.A });
const gradeB = list('pl_b', { dealerGrade: DealerGrade.B });
const east = list('pl_east', { regionId: 'reg_east', regionDepth: 2 });
const eastA = list('pl_east_a', { dealerGrade: DealerGrade.A, regionId: 'reg_east', regionDepth: 2 });
const nanjing = list('pl_nj', { regionId: 'reg_js_nj', regionDepth: 4 });
const south = list('pl_south', { regionId: 'reg_south', regionDepth: 2 });
const expired = list('pl_expired', {
  regionId: 'reg_js_nj',
  regionDepth: 4,
  priority: 100,
  validTo: new Date('2026-05-01T00:00:00Z'),
});
const future = list('pl_future', {
  dealerGrade: DealerGrade.A,
  regionId: 'reg_js_nj',
  regionDepth: 4,
  validFrom: new Date('2026-07-01T00:00:00Z'),
});
const inactive = list('pl_off', {
  dealerGrade: DealerGrade.A,
  regionId: 'reg_js_nj',
  regionDepth: 4,
  priority: 100,
  active: false,
});
const ALL = [base, gradeA, gradeB, east, eastA, nanjing, south, expired, future, inactive];

const njA: PricingSubject = {
  dealerGrade: 'A',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
const njB: PricingSubject = { ...njA, dealerGrade: 'B' };
const ids = (ls: RankablePriceList[]) => ls.map((l) => l.id);
const e = (priceListId: string, productId: string, minQuantity: number, unitPriceMinor: number): PriceEntry => ({
  priceListId,
  productId,
  minQuantity,
  unitPriceMinor,
});

describe('pricingSubjectOf', () => {
  it('prices dealer users by their grade and region path', () => {
    expect(
      pricingSubjectOf({
        userId: 'u',
        role: Role.DEALER_STAFF,
        dealerId: 'dlr_1',
        dealerGrade: 'B',
        regionId: 'reg_js_nj',
        regionPath: njA.regionPath as string[],
      }),
    ).toEqual(njB);
  });
  it('falls back to the region id when the token has no path', () => {
    expect(
      pricingSubjectOf({
        userId: 'u',
        role: Role.DEALER_ADMIN,
        dealerId: 'dlr_1',
        dealerGrade: 'A',
        regionId: 'reg_js',
      }),
    ).toEqual({ dealerGrade: 'A', regionId: 'reg_js', regionPath: ['reg_js'] });
  });
  it('gives HQ, managers and anonymous viewers the base subject', () => {
    expect(pricingSubjectOf(null)).toBe(BASE_SUBJECT);
    expect(pricingSubjectOf({ userId: 'u', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] })).toBe(
      BASE_SUBJECT,
    );
    expect(
      pricingSubjectOf({
        userId: 'u',
        role: Role.REGION_MANAGER,
        regionId: 'reg_east',
        regionPath: ['reg_cn', 'reg_east'],
      }),
    ).toBe(BASE_SUBJECT);
  });
});

describe('candidates and ranking', () => {
  it('keeps only active lists valid now, of the viewer grade or none, in the viewer region path or none', () => {
    expect(ids(rankPriceLists(ALL, njA, NOW))).toEqual(['pl_nj', 'pl_east_a', 'pl_east', 'pl_a', 'pl_base']);
    expect(ids(rankPriceLists(ALL, njB, NOW))).toEqual(['pl_nj', 'pl_east', 'pl_b', 'pl_base']);
  });

  it('gives viewers without a dealer only the base list', () => {
    expect(ids(rankPriceLists(ALL, BASE_SUBJECT, NOW))).toEqual(['pl_base']);
  });

  it('lets a deeper region beat grade specificity: a grade-generic regional list beats a national grade list', () => {
    expect(compareRank(east, gradeA)).toBeLessThan(0);
    expect(ids(rankPriceLists([gradeA, east], njA, NOW))).toEqual(['pl_east', 'pl_a']);
  });

  it('at the same depth, prefers grade-specific, then higher priority, then later validFrom, then id', () => {
    expect(ids([east, eastA].sort(compareRank))).toEqual(['pl_east_a', 'pl_east']);
    const low = list('pl_low', { priority: 1 });
    const high = list('pl_high', { priority: 5 });
    expect(ids([low, high].sort(compareRank))).toEqual(['pl_high', 'pl_low']);
    const older = list('pl_older', { validFrom: new Date('2025-01-01T00:00:00Z') });
    expect(ids([older, base].sort(compareRank))).toEqual(['pl_base', 'pl_older']);
    expect(ids([list('pl_z'), list('pl_y')].sort(compareRank))).toEqual(['pl_y', 'pl_z']);
  });

  it('treats validFrom as inclusive and validTo as exclusive', () => {
    const window = list('pl_w', { validFrom: NOW, validTo: new Date(NOW.getTime() + 1000) });
    expect(isCandidate(window, BASE_SUBJECT, NOW)).toBe(true);
    expect(isCandidate(window, BASE_SUBJECT, new Date(NOW.getTime() + 1000))).toBe(false);
    expect(isCandidate(window, BASE_SUBJECT, new Date(NOW.getTime() - 1))).toBe(false);
  });

  it('ignores lists of other regions and other grades', () => {
    expect(isCandidate(south, njA, NOW)).toBe(false);
    expect(isCandidate(gradeB, njA, NOW)).toBe(false);
    expect(isCandidate(expired, njA, NOW)).toBe(false);
    expect(isCandidate(inactive, njA, NOW)).toBe(false);
    expect(isCandidate(future, njA, NOW)).toBe(false);
  });
});

describe('resolvePrices', () => {
  const entries: PriceEntry[] = [
    e('pl_base', 'p1', 1, 10000),
    e('pl_base', 'p2', 1, 20000),
    e('pl_base', 'p3', 1, 30000),
    e('pl_a', 'p1', 1, 8200),
    e('pl_a', 'p1', 50, 7950),
    e('pl_a', 'p1', 200, 7710),
    e('pl_a', 'p2', 1, 16400),
    e('pl_east', 'p2', 1, 15000),
    // A tier without a base price does not let a list decide.
    e('pl_nj', 'p3', 50, 100),
    // The expired list is the cheapest of all and must never win.
    e('pl_expired', 'p1', 1, 1),
    e('pl_expired', 'p2', 1, 1),
    e('pl_expired', 'p3', 1, 1),
  ];

  it("takes each product from the first ranked list that prices it, with that list's tiers only", () => {
    const resolved = resolvePrices(rankPriceLists(ALL, njA, NOW), entries, ['p1', 'p2', 'p3', 'p4']);
    // p1: regional lists do not price it, grade A does (with tiers).
    expect(resolved.get('p1')).toMatchObject({
      priceList: { id: 'pl_a' },
      unitPriceMinor: 8200,
      tiers: [
        { minQuantity: 50, unitPriceMinor: 7950 },
        { minQuantity: 200, unitPriceMinor: 7710 },
      ],
    });
    // p2: the East China list (depth 2) beats grade A (depth 0), and brings no tiers.
    expect(resolved.get('p2')).toMatchObject({ priceList: { id: 'pl_east' }, unitPriceMinor: 15000, tiers: [] });
    // p3: Nanjing only has a tier entry, so the base list decides.
    expect(resolved.get('p3')).toMatchObject({ priceList: { id: 'pl_base' }, unitPriceMinor: 30000, tiers: [] });
    expect(resolved.get('p4')).toBeNull();
  });

  it('prices a grade-B dealer and a viewer without a dealer from their own lists', () => {
    expect(resolvePrices(rankPriceLists(ALL, njB, NOW), entries, ['p1']).get('p1')).toMatchObject({
      priceList: { id: 'pl_base' },
      unitPriceMinor: 10000,
    });
    expect(resolvePrices(rankPriceLists(ALL, BASE_SUBJECT, NOW), entries, ['p2']).get('p2')).toMatchObject({
      priceList: { id: 'pl_base' },
      unitPriceMinor: 20000,
    });
  });
});

describe('unitPriceAt', () => {
  const resolved = {
    unitPriceMinor: 8200,
    tiers: [
      { minQuantity: 50, unitPriceMinor: 7950 },
      { minQuantity: 200, unitPriceMinor: 7710 },
    ],
  };
  it('applies the largest tier break not above the quantity', () => {
    expect(unitPriceAt(resolved, 1)).toEqual({ unitPriceMinor: 8200, tierMinQuantity: null });
    expect(unitPriceAt(resolved, 49)).toEqual({ unitPriceMinor: 8200, tierMinQuantity: null });
    expect(unitPriceAt(resolved, 50)).toEqual({ unitPriceMinor: 7950, tierMinQuantity: 50 });
    expect(unitPriceAt(resolved, 199)).toEqual({ unitPriceMinor: 7950, tierMinQuantity: 50 });
    expect(unitPriceAt(resolved, 200)).toEqual({ unitPriceMinor: 7710, tierMinQuantity: 200 });
    expect(unitPriceAt({ unitPriceMinor: 500, tiers: [] }, 100000)).toEqual({
      unitPriceMinor: 500,
      tierMinQuantity: null,
    });
  });
});
