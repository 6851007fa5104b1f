import { Money } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { DealerGrade } from '../entities/dealer.entity.js';
import { computeHealthScore, HEALTH_SALES_TARGET_MINOR, healthInputsOf } from './health-score.service.js';

const base = {
  grade: DealerGrade.B,
  last90DaysMinor: HEALTH_SALES_TARGET_MINOR.B,
  orderCount: 12,
  onTimeRate: 1,
  overdueMinor: 0,
};

describe('computeHealthScore', () => {
  it('gives 100 to a dealer on target, paying on time, with nothing overdue', () => {
    expect(computeHealthScore(base)).toBe(100);
  });

  it('weights on-time rate 40, sales 30, overdue 20 and activity 10', () => {
    expect(computeHealthScore({ ...base, onTimeRate: 0.5 })).toBe(80);
    expect(computeHealthScore({ ...base, last90DaysMinor: HEALTH_SALES_TARGET_MINOR.B / 2 })).toBe(85);
    expect(computeHealthScore({ ...base, overdueMinor: HEALTH_SALES_TARGET_MINOR.B / 4 })).toBe(95);
    expect(computeHealthScore({ ...base, orderCount: 0 })).toBe(90);
  });

  it('caps sales at the target and measures it against the grade', () => {
    expect(computeHealthScore({ ...base, last90DaysMinor: 10 * HEALTH_SALES_TARGET_MINOR.B })).toBe(100);
    expect(computeHealthScore({ ...base, grade: DealerGrade.A })).toBe(82); // 200k of a 500k target: 30·0.4 = 12
  });

  it('scores a silent dealer with overdue debt and no sales as 0 + on-time part only', () => {
    expect(
      computeHealthScore({
        grade: DealerGrade.C,
        last90DaysMinor: 0,
        orderCount: 0,
        onTimeRate: 0.25,
        overdueMinor: 100,
      }),
    ).toBe(10);
    expect(
      computeHealthScore({ grade: DealerGrade.C, last90DaysMinor: 0, orderCount: 0, onTimeRate: 0, overdueMinor: 100 }),
    ).toBe(0);
  });

  it('clamps out-of-range inputs into 0..100', () => {
    expect(computeHealthScore({ ...base, onTimeRate: 7 })).toBe(100);
    expect(computeHealthScore({ ...base, onTimeRate: Number.NaN, last90DaysMinor: -5, overdueMinor: -1 })).toBe(30);
  });
});

describe('healthInputsOf', () => {
  it('reads the @requires fields from a representation, in minor units', () => {
    const dealer = {
      grade: DealerGrade.A,
      salesStats: { orderCount: 3, last90DaysAmount: Money.fromMinor(123_456, 'CNY') } as never,
      paymentStats: { onTimeRate: 0.9, overdueAmount: { amount: '10.50' } } as never,
    };
    expect(healthInputsOf(dealer)).toEqual({
      grade: DealerGrade.A,
      last90DaysMinor: 123_456,
      orderCount: 3,
      onTimeRate: 0.9,
      overdueMinor: 1050,
    });
  });

  it('treats missing stats as no data', () => {
    expect(healthInputsOf({ grade: DealerGrade.D, salesStats: undefined, paymentStats: undefined })).toEqual({
      grade: DealerGrade.D,
      last90DaysMinor: 0,
      orderCount: 0,
      onTimeRate: 1,
      overdueMinor: 0,
    });
  });
});
