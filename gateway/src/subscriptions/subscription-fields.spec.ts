import { EventType, type DomainEvent, type EventScope } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import { describe, expect, it } from 'vitest';
import { scopeAllows } from './event-scope.js';
import { exportJobQueryOf, MAX_STOCK_PRODUCT_IDS, SUBSCRIPTION_FIELDS } from './subscription-fields.js';

const stock = SUBSCRIPTION_FIELDS.find((f) => f.field === 'stockChanged')!;

function stockEvent(productId: string | undefined, warehouseId: string, scope: EventScope = {}): DomainEvent {
  return {
    id: `evt_${productId}_${warehouseId}`,
    type: EventType.STOCK_CHANGED,
    source: 'inventory',
    occurredAt: new Date().toISOString(),
    subjectId: `stk_${productId}_${warehouseId}`,
    scope,
    payload: { ...(productId ? { productId } : {}), warehouseId },
  };
}

describe('stockChanged(productIds:)', () => {
  it('keeps only events of the listed products; unset keeps every product', () => {
    const args = { productIds: ['prd_1', 'prd_2'] };
    expect(stock.matches(args, stockEvent('prd_1', 'wh_hq'))).toBe(true);
    expect(stock.matches(args, stockEvent('prd_2', 'wh_east'))).toBe(true);
    expect(stock.matches(args, stockEvent('prd_3', 'wh_hq'))).toBe(false);
    expect(stock.matches({}, stockEvent('prd_3', 'wh_hq'))).toBe(true);
    expect(stock.matches({ productIds: null }, stockEvent('prd_3', 'wh_hq'))).toBe(true);
  });

  it('an empty list keeps nothing (a page with no products on screen)', () => {
    expect(stock.matches({ productIds: [] }, stockEvent('prd_1', 'wh_hq'))).toBe(false);
  });

  it('combines with productId and warehouseId: every filter given must hold', () => {
    const args = { productIds: ['prd_1', 'prd_2'], warehouseId: 'wh_hq' };
    expect(stock.matches(args, stockEvent('prd_1', 'wh_hq'))).toBe(true);
    expect(stock.matches(args, stockEvent('prd_1', 'wh_east'))).toBe(false);
    expect(stock.matches({ productIds: ['prd_1'], productId: 'prd_2' }, stockEvent('prd_1', 'wh_hq'))).toBe(false);
    expect(stock.matches({ productIds: ['prd_1'], productId: 'prd_2' }, stockEvent('prd_2', 'wh_hq'))).toBe(false);
  });

  it('passes an event whose payload lacks the product on to the re-read, as the single filters do', () => {
    expect(stock.matches({ productIds: ['prd_1'] }, stockEvent(undefined, 'wh_hq'))).toBe(true);
  });

  it('serves up to MAX_STOCK_PRODUCT_IDS ids and refuses more with a reason naming the limit', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `prd_${i}`);
    expect(MAX_STOCK_PRODUCT_IDS).toBe(200);
    expect(stock.refuseArgs!({ productIds: ids(200) })).toBeNull();
    expect(stock.refuseArgs!({})).toBeNull();
    expect(stock.refuseArgs!({ productIds: ids(201) })).toMatch(/201 products; at most 200/);
  });

  it("a product filter never widens the scope: a dealer gets no event of another dealer's warehouse", () => {
    const dealer: Viewer = { userId: 'u_a', role: 'DEALER_ADMIN', dealerId: 'dlr_a' };
    const args = { productIds: ['prd_1'] };
    const foreign = stockEvent('prd_1', 'wh_dlr_b', { dealerIds: ['dlr_b'], warehouseIds: ['wh_dlr_b'] });
    const hqWarehouse = stockEvent('prd_1', 'wh_hq', { regionPath: [], warehouseIds: ['wh_hq'] });
    const delivered = (e: DomainEvent) => stock.matches(args, e) && scopeAllows(dealer, e.scope, e.type);
    expect(delivered(foreign)).toBe(false);
    expect(delivered(hqWarehouse)).toBe(true);
  });
});

describe('rebateProgressChanged(dealerId:)', () => {
  const rebate = SUBSCRIPTION_FIELDS.find((f) => f.field === 'rebateProgressChanged')!;
  const progressEvent = (dealerId: string, regionPath: string[]): DomainEvent => ({
    id: `evt_rbg_${dealerId}`,
    type: EventType.REBATE_PROGRESS_CHANGED,
    source: 'finance',
    occurredAt: new Date().toISOString(),
    subjectId: `rbg_${dealerId}`,
    scope: { dealerIds: [dealerId], regionPath },
    payload: { policyId: 'rbp_1', dealerId, period: '2026-12', basis: 100, accruedMinor: 1, version: 1 },
  });

  it('re-reads the progress row by id and keeps only the named dealer', () => {
    expect(rebate.byIdQuery).toBe('rebateProgressById');
    expect(rebate.eventTypes).toEqual([EventType.REBATE_PROGRESS_CHANGED]);
    expect(rebate.matches({ dealerId: 'dlr_a' }, progressEvent('dlr_a', ['reg_east']))).toBe(true);
    expect(rebate.matches({ dealerId: 'dlr_a' }, progressEvent('dlr_b', ['reg_east']))).toBe(false);
  });

  it("never gives a dealer another dealer's progress, even naming that dealer; managers get their region's", () => {
    const dealer: Viewer = { userId: 'u_a', role: 'DEALER_ADMIN', dealerId: 'dlr_a' };
    const manager: Viewer = { userId: 'u_m', role: 'REGION_MANAGER', regionId: 'reg_east' };
    const other = progressEvent('dlr_b', ['reg_east', 'reg_js']);
    const delivered = (v: Viewer, args: Record<string, unknown>, e: DomainEvent) =>
      rebate.matches(args, e) && scopeAllows(v, e.scope, e.type);
    expect(delivered(dealer, { dealerId: 'dlr_b' }, other)).toBe(false);
    expect(delivered(dealer, { dealerId: 'dlr_a' }, progressEvent('dlr_a', ['reg_west']))).toBe(true);
    expect(delivered(manager, { dealerId: 'dlr_b' }, other)).toBe(true);
    expect(delivered(manager, { dealerId: 'dlr_c' }, progressEvent('dlr_c', ['reg_west']))).toBe(false);
  });
});

describe('exportProgressed(id:)', () => {
  const exports = SUBSCRIPTION_FIELDS.find((f) => f.field === 'exportProgressed')!;
  const progress = (jobId: string, owner: string): DomainEvent => ({
    id: `evt_${jobId}`,
    type: EventType.EXPORT_PROGRESSED,
    source: owner,
    occurredAt: new Date().toISOString(),
    subjectId: jobId,
    scope: { hqOnly: true },
    payload: { jobId, owner, report: 'inventoryReport', status: 'RUNNING', rowsDone: 5000, rowsTotal: 9000 },
  });

  it("re-reads a job through its owner's query, named by the owner's tag in the id", () => {
    expect(exportJobQueryOf('exp_inv01JEXAMPLE')).toBe('inventoryExportJob');
    expect(exportJobQueryOf('exp_tra01JEXAMPLE')).toBe('traceabilityExportJob');
    expect(exportJobQueryOf('exp_fin01JEXAMPLE')).toBe('financeExportJob');
    expect(exportJobQueryOf('exp_ord01JEXAMPLE')).toBe('ordersExportJob');
    expect(exports.byIdQueryOf!({ id: 'exp_fin01JEXAMPLE' })).toBe('financeExportJob');
    for (const id of ['exp_01JEXAMPLE', 'exp_xyz01J', 'inv_01J', 42, null]) expect(exportJobQueryOf(id)).toBeNull();
  });

  it('refuses an id that names no owner, and keeps only the named job', () => {
    expect(exports.refuseArgs!({ id: 'exp_01JOLD' })).toMatch(/exp_01JOLD is not an export id/);
    expect(exports.refuseArgs!({ id: 'exp_inv01J' })).toBeNull();
    expect(exports.matches({ id: 'exp_inv01J' }, progress('exp_inv01J', 'inventory'))).toBe(true);
    expect(exports.matches({ id: 'exp_inv01J' }, progress('exp_inv02K', 'inventory'))).toBe(false);
  });

  it('passes every subscriber of the job on to the re-read, which answers its requester alone', () => {
    // A clerk's or an operator's own export carries an HQ-only scope (no dealer, no region): the
    // pre-filter must not drop it, or they would never see their exports progress.
    const clerk: Viewer = { userId: 'u_fin', role: 'FINANCE_CLERK' };
    const operator: Viewer = { userId: 'u_wh', role: 'WAREHOUSE_OPERATOR', warehouseIds: ['wh_east'] };
    const job = progress('exp_fin01J', 'finance');
    for (const viewer of [clerk, operator]) expect(scopeAllows(viewer, job.scope, job.type)).toBe(true);
    // Other HQ-only events stay HQ's.
    expect(scopeAllows(operator, { hqOnly: true }, EventType.CREDIT_ALERT_RAISED)).toBe(false);
  });
});
