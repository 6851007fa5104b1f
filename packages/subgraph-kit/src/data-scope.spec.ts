import { describe, expect, it } from 'vitest';
import {
  assertCanActAsSeller,
  canActAsSeller,
  canActFor,
  canActOn,
  canRead,
  dataScopeOf,
  scopeFilter,
  scopeSql,
} from './data-scope.js';
import { ForbiddenError } from './errors.js';
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

describe('the warehouse scope (WAREHOUSE_OPERATOR)', () => {
  const operator: Viewer = { userId: 'usr_wh', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq', 'wh_east'] };
  const scope = dataScopeOf(operator);
  const cols = { dealerId: 'dealer_id', regionPath: 'region_path' };

  it('holds exactly the warehouses of the claim', () => {
    expect(scope).toEqual({ kind: 'warehouse', warehouseIds: ['wh_hq', 'wh_east'] });
    expect(canRead(scope, { warehouseId: 'wh_east' })).toBe(true);
    expect(canActOn(scope, { warehouseId: 'wh_hq', dealerId: null, regionPath: '/reg_cn/reg_east/reg_sh/' })).toBe(
      true,
    );
    // A dealer's stock in one of its warehouses is still a row of that warehouse.
    expect(canActOn(scope, { warehouseId: 'wh_east', dealerId: 'dlr_0003' })).toBe(true);
    expect(scopeSql(scope, { ...cols, warehouseId: 's.warehouse_id' })).toEqual({
      text: 's.warehouse_id in (?, ?)',
      params: ['wh_hq', 'wh_east'],
    });
    expect(scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'r', warehouseId: 'warehouseId' })).toEqual({
      warehouseId: { $in: ['wh_hq', 'wh_east'] },
    });
  });

  it('fails closed for every row kind outside its warehouses or without one', () => {
    const rows = {
      'another warehouse': { warehouseId: 'wh_south', dealerId: null, regionPath: '/reg_cn/reg_east/' },
      'a dealer row (orders, credit, codes)': east,
      'a far dealer row': south,
      'an HQ row of no warehouse (price list)': { dealerId: null, regionPath: '/reg_cn/' },
      'a region row (promotion, diversion alert)': { regionPath: '/reg_cn/reg_east/' },
      'a row of nothing': {},
      'a null warehouse': { warehouseId: null, dealerId: null },
    };
    for (const [what, row] of Object.entries(rows)) {
      expect(canRead(scope, row), `read ${what}`).toBe(false);
      expect(canActOn(scope, row), `act on ${what}`).toBe(false);
    }
    // It never acts for a dealer, not even one whose stock lies in its warehouse.
    expect(canActFor(scope, 'dlr_0003', east.regionPath)).toBe(false);
    // Tables without a warehouse column: no row at all.
    expect(scopeSql(scope, cols)).toEqual({ text: '1 = 0', params: [] });
    expect(scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'r' })).toBeNull();
  });

  it('is none without a usable claim, drops ids of another shape and keeps at most 50', () => {
    expect(dataScopeOf({ userId: 'u', role: Role.WAREHOUSE_OPERATOR })).toEqual({ kind: 'none' });
    expect(dataScopeOf({ ...operator, warehouseIds: [] })).toEqual({ kind: 'none' });
    expect(dataScopeOf({ ...operator, warehouseIds: ["wh_x' or 1=1", '%'] })).toEqual({ kind: 'none' });
    expect(dataScopeOf({ ...operator, warehouseIds: ['wh_a', '%', 'wh_a', 7 as never] })).toEqual({
      kind: 'warehouse',
      warehouseIds: ['wh_a'],
    });
    const many = Array.from({ length: 80 }, (_, i) => `wh_${i}`);
    const capped = dataScopeOf({ ...operator, warehouseIds: many });
    expect(capped.kind === 'warehouse' && capped.warehouseIds).toEqual(many.slice(0, 50));
    // A dealer or manager token carrying warehouse ids gains nothing from them.
    expect(dataScopeOf({ ...staff, warehouseIds: ['wh_hq'] })).toMatchObject({ kind: 'dealer' });
    expect(dataScopeOf({ ...manager, warehouseIds: ['wh_hq'] })).toMatchObject({ kind: 'region' });
  });
});

describe('the finance clerk', () => {
  it("reads every dealer's rows (its grants, not its scope, keep it out of orders, stock and pricing changes)", () => {
    const scope = dataScopeOf({ userId: 'usr_fin', role: Role.FINANCE_CLERK });
    expect(scope).toEqual({ kind: 'all' });
    expect(canRead(scope, south)).toBe(true);
    expect(scopeSql(scope, { dealerId: 'd', regionPath: 'r' })).toBeNull();
  });
});

describe('the seller scope (two-tier distribution)', () => {
  const parent = dataScopeOf({ userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_p', subDealerIds: ['dlr_c'] });
  // A sub-dealer that moved away from the parent is no longer in its claim, but its orders to it stay readable.
  const movedAway = { dealerId: 'dlr_x', regionPath: '/reg_cn/reg_east/', sellerDealerId: 'dlr_p' };
  const brandSale = { dealerId: 'dlr_c', regionPath: '/reg_cn/reg_east/', sellerDealerId: null };
  const cols = { dealerId: 'o.dealer_id', regionPath: 'o.region_path', seller: 'o.seller_dealer_id' };

  it('lets a dealer read the rows it sells, whoever buys', () => {
    expect(canRead(parent, movedAway)).toBe(true);
    expect(canRead(parent, { ...movedAway, sellerDealerId: 'dlr_other' })).toBe(false);
    expect(canRead(dataScopeOf(staff), movedAway)).toBe(false);
  });

  it('ORs the seller column into the dealer condition, parenthesised, and only when given', () => {
    expect(scopeSql(parent, cols)).toEqual({
      text: '(o.dealer_id in (?, ?) or o.seller_dealer_id = ?)',
      params: ['dlr_p', 'dlr_c', 'dlr_p'],
    });
    expect(scopeSql(parent, { dealerId: 'd', regionPath: 'r' })).toEqual({
      text: 'd in (?, ?)',
      params: ['dlr_p', 'dlr_c'],
    });
    expect(scopeFilter(parent, { dealerId: 'dealerId', regionPath: 'r', seller: 'sellerDealerId' })).toEqual({
      $or: [{ dealerId: { $in: ['dlr_p', 'dlr_c'] } }, { sellerDealerId: 'dlr_p' }],
    });
    // Other scopes ignore the seller column.
    expect(scopeSql({ kind: 'all' }, cols)).toBeNull();
    expect(scopeSql({ kind: 'none' }, cols)).toEqual({ text: '1 = 0', params: [] });
    expect(scopeSql(dataScopeOf(manager), cols)).toEqual({
      text: 'o.region_path like ?',
      params: ['/reg_cn/reg_east/%'],
    });
  });

  it('lets only HQ, services and the selling dealer act as seller', () => {
    expect(canActAsSeller({ kind: 'all' }, brandSale)).toBe(true);
    expect(canActAsSeller(parent, movedAway)).toBe(true);
    // The buyer reads its own order but never acts on it as the seller.
    const child = dataScopeOf({ userId: 'c', role: Role.DEALER_ADMIN, dealerId: 'dlr_x' });
    expect(canRead(child, movedAway)).toBe(true);
    expect(canActAsSeller(child, movedAway)).toBe(false);
    // The brand's sale is never a dealer's to act on, not even the buyer's parent's.
    expect(canActAsSeller(parent, brandSale)).toBe(false);
    expect(canActAsSeller(parent, { dealerId: 'dlr_c' })).toBe(false);
    const readOnly = dataScopeOf({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_p', scopes: ['DEALER_READ'] });
    expect(canRead(readOnly, movedAway)).toBe(true);
    expect(canActAsSeller(readOnly, movedAway)).toBe(false);
    expect(canActAsSeller(dataScopeOf(manager), { ...movedAway, sellerDealerId: 'dlr_p' })).toBe(false);
    const operator = dataScopeOf({ userId: 'w', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_p'] });
    expect(canActAsSeller(operator, { ...movedAway, warehouseId: 'wh_p' })).toBe(false);
    expect(canActAsSeller({ kind: 'none' }, movedAway)).toBe(false);
  });

  it('assertCanActAsSeller throws FORBIDDEN exactly when canActAsSeller is false', () => {
    expect(() => assertCanActAsSeller(parent, movedAway, 'order')).not.toThrow();
    expect(() => assertCanActAsSeller(parent, brandSale, 'order')).toThrow(ForbiddenError);
    expect(() => assertCanActAsSeller(parent, brandSale, 'order')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
