import { Role, type Viewer } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import type { SerialCode } from '../entities/serial-code.entity.js';
import { canScan, codeScope, inScope, scopeWhere } from './scope.service.js';

const code = (ownerDealerId: string | null, ownerRegionPath: string | null) =>
  ({ code: 'JH0', ownerDealerId, ownerRegionPath }) as SerialCode;
const njCode = code('dlr_0003', '/reg_cn/reg_east/reg_js/reg_js_nj/');
const hqCode = code(null, null);
const parent: Viewer = {
  userId: 'usr_js_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0002',
  subDealerIds: ['dlr_0003'],
};
const nj: Viewer = { userId: 'usr_nj_staff', role: Role.DEALER_STAFF, dealerId: 'dlr_0003' };

describe('code scope', () => {
  it("lets a parent dealer trace its sub-dealer's codes but scan only its own", () => {
    expect(inScope(codeScope(parent), njCode)).toBe(true);
    expect(canScan(codeScope(parent), njCode)).toBe(false);
    expect(canScan(codeScope(nj), njCode)).toBe(true);
  });

  it('keeps codes HQ still holds to HQ', () => {
    expect(inScope(codeScope(nj), hqCode)).toBe(false);
    expect(inScope(codeScope({ userId: 'm', role: Role.REGION_MANAGER, regionId: 'reg_east' }), hqCode)).toBe(false);
    expect(canScan(codeScope({ userId: 'hq', role: Role.HQ_ADMIN }), hqCode)).toBe(true);
  });

  it('gives a DEALER_READ key read-only codes of its dealer and a CATALOG_READ key none', () => {
    const reader = codeScope({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['DEALER_READ'] });
    expect(inScope(reader, njCode)).toBe(true);
    expect(canScan(reader, njCode)).toBe(false);
    expect(
      scopeWhere(codeScope({ userId: 'k', role: Role.PARTNER, dealerId: 'dlr_0003', scopes: ['CATALOG_READ'] })),
    ).toBeNull();
  });

  it('lets a warehouse operator read, never scan, the codes lying in its warehouses', () => {
    const operator = codeScope({ userId: 'op', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_east'] });
    const atEast = { ...hqCode, locationWarehouseId: 'wh_east' } as SerialCode;
    expect(inScope(operator, atEast)).toBe(true);
    expect(inScope(operator, { ...atEast, locationWarehouseId: 'wh_hq' } as SerialCode)).toBe(false);
    expect(inScope(operator, njCode)).toBe(false);
    expect(canScan(operator, atEast)).toBe(false);
    expect(scopeWhere(operator)).toEqual({ locationWarehouseId: { $in: ['wh_east'] } });
  });
});
