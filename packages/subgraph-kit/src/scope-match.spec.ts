import { describe, expect, it } from 'vitest';
import { inDealerAudience, inProductScope } from './scope-match.js';

const milk = { productId: 'prd_1', categoryPath: '/cat_dairy/cat_mlk/', brandId: 'brd_a' };
const none = { productIds: [], categoryIds: [], brandIds: [] };

describe('inProductScope', () => {
  it('does not restrict on an empty dimension and ANDs the dimensions', () => {
    expect(inProductScope(none, milk)).toBe(true);
    expect(inProductScope({ ...none, categoryIds: ['cat_dairy'], brandIds: ['brd_a'] }, milk)).toBe(true);
    expect(inProductScope({ ...none, categoryIds: ['cat_dairy'], brandIds: ['brd_b'] }, milk)).toBe(false);
    expect(inProductScope({ ...none, productIds: ['prd_2', 'prd_1'] }, milk)).toBe(true);
  });

  it('covers a category subtree but never a sibling whose id starts the same', () => {
    expect(inProductScope({ ...none, categoryIds: ['cat_mlk'] }, milk)).toBe(true);
    expect(inProductScope({ ...none, categoryIds: ['cat_ml'] }, milk)).toBe(false);
    expect(inProductScope({ ...none, categoryIds: ['cat_mlk'] }, { ...milk, categoryPath: null })).toBe(false);
    expect(inProductScope({ ...none, brandIds: ['brd_a'] }, { ...milk, brandId: null })).toBe(false);
  });
});

describe('inDealerAudience', () => {
  const nj = { dealerId: 'dlr_nj', dealerGrade: 'B', regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'] };
  const all = { dealerGrades: [], regionIds: [] };
  it('matches grades, region subtrees and an explicit list together', () => {
    expect(inDealerAudience(all, nj)).toBe(true);
    expect(inDealerAudience({ ...all, regionIds: ['reg_js'] }, nj)).toBe(true);
    expect(inDealerAudience({ ...all, regionIds: ['reg_zj'] }, nj)).toBe(false);
    expect(inDealerAudience({ dealerGrades: ['A'], regionIds: ['reg_js'] }, nj)).toBe(false);
    expect(inDealerAudience({ ...all, dealerIds: ['dlr_sh'] }, nj)).toBe(false);
    expect(inDealerAudience({ ...all, dealerIds: ['dlr_nj'] }, nj)).toBe(true);
    expect(inDealerAudience({ dealerGrades: ['B'], regionIds: [] }, { ...nj, dealerGrade: null })).toBe(false);
  });
});
