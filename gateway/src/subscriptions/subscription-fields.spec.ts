import { EventType, type DomainEvent, type EventScope } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import { describe, expect, it } from 'vitest';
import { scopeAllows } from './event-scope.js';
import { MAX_STOCK_PRODUCT_IDS, SUBSCRIPTION_FIELDS } from './subscription-fields.js';

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
