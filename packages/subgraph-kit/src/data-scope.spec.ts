import { describe, expect, it } from 'vitest';
import { canActFor, canActOn, canRead, dataScopeOf, scopeFilter, scopeSql } from './data-scope.js';
import { Role, type Viewer } from './viewer.js';

const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN };
const manager: Viewer = {
  userId: 'usr_m',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const parent: Viewer = {
  userId: 'usr_js',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0002',
  subDealerIds: ['dlr_0003', 'dlr_0004'],
};
const staff: Viewer = { userId: 'usr_s', role: Role.DEALER_STAFF, dealerId: 'dlr_0003' };
const catalogPartner: Viewer = { userId: 'key_1', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['CATALOG_READ'] };
const dealerPartner: Viewer = { userId: 'key_2', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['DEALER_READ'] };

const east = { dealerId: 'dlr_0003', regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/' };
const south = { dealerId: 'dlr_0099', regionPath: '/reg_cn/reg_south/reg_gd/' };

describe('dataScopeOf', () => {
  it('gives HQ and services everything, anonymous callers nothing', () => {
    expect(dataScopeOf(hq)).toEqual({ kind: 'all' });
    expect(dataScopeOf({ userId: 'orders', role: Role.SERVICE })).toEqual({ kind: 'all' });
    expect(dataScopeOf(null)).toEqual({ kind: 'none' });
  });

  it('limits a region manager to the region subtree, by prefix when the path is known', () => {
    const scope = dataScopeOf(manager);
    expect(scope).toEqual({ kind: 'region', regionId: 'reg_east', pathPrefix: '/reg_cn/reg_east/' });
    expect(canRead(scope, east)).toBe(true);
    expect(canRead(scope, south)).toBe(false);
    expect(scopeSql(scope, { dealerId: 'dealer_id', regionPath: 'p' })).toEqual({
      text: 'p like ?',
      params: ['/reg_cn/reg_east/%'],
    });
  });

  it('lets a parent dealer read its sub-dealers but act only for itself', () => {
    const scope = dataScopeOf(parent);
    expect(canRead(scope, east)).toBe(true);
    expect(canRead(scope, south)).toBe(false);
    expect(canActFor(scope, 'dlr_0002')).toBe(true);
    expect(canActFor(scope, 'dlr_0003')).toBe(false);
    expect(scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'r' })).toEqual({
      dealerId: { $in: ['dlr_0002', 'dlr_0003', 'dlr_0004'] },
    });
  });

  it('gives dealer staff only their own dealer', () => {
    const scope = dataScopeOf(staff);
    expect(canRead(scope, east)).toBe(true);
    expect(canRead(scope, { dealerId: 'dlr_0002' })).toBe(false);
    expect(canActFor(scope, 'dlr_0003')).toBe(true);
  });

  it('gives a DEALER_READ key read-only rows of its dealer and a CATALOG_READ key no rows', () => {
    const read = dataScopeOf(dealerPartner);
    expect(canRead(read, east)).toBe(true);
    expect(canActFor(read, 'dlr_0003')).toBe(false);
    expect(dataScopeOf(catalogPartner)).toEqual({ kind: 'none' });
    expect(scopeSql({ kind: 'none' }, { dealerId: 'd', regionPath: 'r' })).toEqual({ text: '1 = 0', params: [] });
  });

  it('drops claims that are not ids, narrowing rather than widening', () => {
    expect(dataScopeOf({ ...manager, regionId: "x%' or 1=1" })).toEqual({ kind: 'none' });
    expect(dataScopeOf({ ...parent, subDealerIds: ['dlr_0003', '%'] })).toMatchObject({
      readDealerIds: ['dlr_0002', 'dlr_0003'],
    });
  });
});

describe('canActOn', () => {
  const parent = dataScopeOf({ userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_p', subDealerIds: ['dlr_c'] });
  const manager = dataScopeOf({ userId: 'm', role: Role.REGION_MANAGER, regionId: 'reg_east' });
  it("a parent dealer reads its sub-dealer's rows but acts only for its own dealer", () => {
    const child = { dealerId: 'dlr_c', regionPath: '/reg_cn/reg_east/' };
    expect(canRead(parent, child)).toBe(true);
    expect(canActOn(parent, child)).toBe(false);
    expect(canActOn(parent, { dealerId: 'dlr_p', regionPath: '/reg_cn/reg_east/' })).toBe(true);
  });
  it('rows without a dealer: HQ and the managers whose region holds them; never a dealer', () => {
    const hqWarehouse = { dealerId: null, regionPath: '/reg_cn/reg_east/reg_sh/' };
    expect(canActOn(dataScopeOf({ userId: 'h', role: Role.HQ_ADMIN }), hqWarehouse)).toBe(true);
    expect(canActOn(manager, hqWarehouse)).toBe(true);
    expect(canActOn(manager, { dealerId: null, regionPath: '/reg_cn/reg_south/' })).toBe(false);
    expect(canActOn(parent, hqWarehouse)).toBe(false);
    expect(
      canActOn(dataScopeOf({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_p', scopes: ['DEALER_READ'] }), {
        dealerId: 'dlr_p',
      }),
    ).toBe(false);
  });
});
