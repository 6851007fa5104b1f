import { createLogger, RequestContext, Role, type Viewer } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { canChange, inScope, orderScope, scopeSql } from './order-scope.js';

const context = (viewer: Viewer | null) =>
  new RequestContext(viewer, null as never, createLogger('orders', 'silent'), 'test', () => ({}));
const parent: Viewer = {
  userId: 'usr_js_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0002',
  subDealerIds: ['dlr_0003'],
};
const child = { dealerId: 'dlr_0003', dealerRegionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/' };
const far = { dealerId: 'dlr_0050', dealerRegionPath: '/reg_cn/reg_south/reg_gd/' };

describe('order scope', () => {
  it("lets a parent dealer read its sub-dealer's order but not change it", () => {
    const scope = orderScope(context(parent));
    expect(inScope(scope, child)).toBe(true);
    expect(canChange(scope, child)).toBe(false);
    expect(canChange(scope, { dealerId: 'dlr_0002', dealerRegionPath: '/reg_cn/reg_east/reg_js/' })).toBe(true);
    expect(inScope(scope, far)).toBe(false);
    // Also the orders it sells (two-tier), whoever placed them.
    expect(scopeSql(scope, 'o')).toEqual({
      text: '(o.dealer_id in (?, ?) or o.seller_dealer_id = ?)',
      params: ['dlr_0002', 'dlr_0003', 'dlr_0002'],
    });
    expect(inScope(scope, { ...far, sellerDealerId: 'dlr_0002' })).toBe(true);
  });

  it('gives a DEALER_READ key its dealer read-only, and refuses keys without a dealer scope', () => {
    const scope = orderScope(
      context({ userId: 'key', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['DEALER_READ'] }),
    );
    expect(inScope(scope, child)).toBe(true);
    expect(canChange(scope, child)).toBe(false);
    expect(() =>
      orderScope(context({ userId: 'key', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['CATALOG_READ'] })),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => orderScope(context(null))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('keeps a region manager inside the region subtree, for reads and changes', () => {
    const scope = orderScope(
      context({
        userId: 'usr_east_manager',
        role: Role.REGION_MANAGER,
        regionId: 'reg_east',
        regionPath: ['reg_cn', 'reg_east'],
      }),
    );
    expect(inScope(scope, child)).toBe(true);
    expect(inScope(scope, far)).toBe(false);
    expect(scopeSql(scope)).toEqual({ text: 'dealer_region_path like ?', params: ['/reg_cn/reg_east/%'] });
  });
});
