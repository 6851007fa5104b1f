import { Role, type Viewer } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { financeScope, inPaymentStatsScope, inScope, scopeWhere } from './scope.service.js';

const parent: Viewer = {
  userId: 'usr_js_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0002',
  subDealerIds: ['dlr_0003'],
};
const njAccount = {
  dealerId: 'dlr_0003',
  dealerRegionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/',
  dealerPath: '/dlr_0001/dlr_0002/dlr_0003/',
};

describe('finance scope', () => {
  it("lets a parent dealer read its sub-dealers' credit and invoices", () => {
    const scope = financeScope(parent);
    expect(inScope(scope, njAccount.dealerId, njAccount.dealerRegionPath)).toBe(true);
    expect(inScope(scope, 'dlr_0050', '/reg_cn/reg_south/')).toBe(false);
    expect(scopeWhere(scope)).toEqual({ dealerId: { $in: ['dlr_0002', 'dlr_0003'] } });
  });

  it('keeps a DEALER_READ key to its dealer, without the parent-chain view of payment statistics', () => {
    const scope = financeScope({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_0002', scopes: ['DEALER_READ'] });
    expect(inScope(scope, 'dlr_0002', '/reg_cn/')).toBe(true);
    expect(inPaymentStatsScope(scope, njAccount)).toBe(false);
    expect(
      inPaymentStatsScope(financeScope({ userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002' }), njAccount),
    ).toBe(true);
  });

  it('gives catalogue keys and anonymous callers nothing', () => {
    expect(
      scopeWhere(financeScope({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_0002', scopes: ['CATALOG_READ'] })),
    ).toBeNull();
    expect(scopeWhere(financeScope(null))).toBeNull();
  });
});
