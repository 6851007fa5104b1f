import { describe, expect, it } from 'vitest';
import { requestFingerprint, validatePlaceOrderInput } from './place-order-validation.js';
import { mergeLines, planShipments, regionAuthorized } from './saga-payload.js';

describe('order placement helpers', () => {
  it('fingerprints the lines only, SKUs case-insensitively', () => {
    const a = requestFingerprint({ idempotencyKey: 'k-1234567', lines: [{ sku: 'jh-mlk-0001', quantity: 2 }] });
    expect(
      requestFingerprint({ idempotencyKey: 'other-key', note: 'x', lines: [{ sku: ' JH-MLK-0001 ', quantity: 2 }] }),
    ).toBe(a);
    expect(requestFingerprint({ idempotencyKey: 'k-1234567', lines: [{ sku: 'JH-MLK-0001', quantity: 3 }] })).not.toBe(
      a,
    );
  });

  it('accepts a valid input', () => {
    expect(
      validatePlaceOrderInput({
        idempotencyKey: 'abc_DEF-123',
        lines: [
          { sku: 'JH-MLK-0001', quantity: 100_000 },
          { productId: 'prd_1', quantity: 1 },
        ],
      }),
    ).toEqual([]);
  });

  it('sums lines of a product for the reservation', () => {
    expect(
      mergeLines([
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 2 },
        { productId: 'a', quantity: 3 },
      ]),
    ).toEqual([
      { productId: 'a', quantity: 4 },
      { productId: 'b', quantity: 2 },
    ]);
  });

  it('plans one shipment per warehouse and shares a product’s units between its lines in line order', () => {
    const plans = planShipments(
      [
        { orderLineId: 'l1', productId: 'a', quantity: 3 },
        { orderLineId: 'l2', productId: 'a', quantity: 2 },
        { orderLineId: 'l3', productId: 'b', quantity: 1 },
      ],
      [
        { productId: 'a', warehouseId: 'w1', lotId: null, quantity: 4 },
        { productId: 'a', warehouseId: 'w2', lotId: null, quantity: 1 },
        { productId: 'b', warehouseId: 'w2', lotId: 'lot', quantity: 1 },
      ],
    );
    expect(plans).toEqual([
      {
        warehouseId: 'w1',
        lines: [
          { orderLineId: 'l1', quantity: 3 },
          { orderLineId: 'l2', quantity: 1 },
        ],
      },
      {
        warehouseId: 'w2',
        lines: [
          { orderLineId: 'l2', quantity: 1 },
          { orderLineId: 'l3', quantity: 1 },
        ],
      },
    ]);
  });

  it('authorizes restricted products only inside their regions', () => {
    expect(regionAuthorized(null, [])).toBe(true);
    expect(regionAuthorized([], ['/reg_cn/reg_east/'])).toBe(true);
    expect(regionAuthorized(['reg_south'], ['/reg_cn/reg_south/reg_gd/'])).toBe(true);
    expect(regionAuthorized(['reg_south'], ['/reg_cn/reg_east/reg_js/', '/reg_cn/reg_south/'])).toBe(true);
    expect(regionAuthorized(['reg_south'], ['/reg_cn/reg_east/reg_js/'])).toBe(false);
    // A nationwide authorization does not lie inside the south: regional items stay regional.
    expect(regionAuthorized(['reg_south'], ['/reg_cn/'])).toBe(false);
  });
});
