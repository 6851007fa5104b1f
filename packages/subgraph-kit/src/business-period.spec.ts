import { describe, expect, it } from 'vitest';
import {
  isPeriodKey,
  parsePeriodKey,
  periodOf,
  periodOfDate,
  periodRange,
  periodsBetween,
  previousPeriod,
  samePeriodLastYear,
  shiftPeriod,
} from './business-period.js';
import { businessHour } from './business-time.js';

const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const allOf = (iso: string) =>
  (['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const).map((g) => periodOf(at(iso), g, SHANGHAI));

describe('the periods of an instant in Beijing time', () => {
  it('puts 23:30 on 31 March in March and Q1, and 00:30 on 1 April in April and Q2', () => {
    expect(allOf('2026-03-31T15:30:00Z')).toEqual(['2026-03-31', '2026-W14', '2026-03', '2026-Q1', '2026']);
    expect(allOf('2026-03-31T16:30:00Z')).toEqual(['2026-04-01', '2026-W14', '2026-04', '2026-Q2', '2026']);
  });

  it('puts 00:30 on 1 January in the new year while UTC is still in the old one', () => {
    expect(allOf('2026-12-31T15:30:00Z')).toEqual(['2026-12-31', '2026-W53', '2026-12', '2026-Q4', '2026']);
    expect(allOf('2026-12-31T16:30:00Z')).toEqual(['2027-01-01', '2026-W53', '2027-01', '2027-Q1', '2027']);
  });

  it('gives the ISO week of the ISO year, which may differ from the calendar year', () => {
    expect(periodOfDate('2027-01-03', 'WEEK')).toBe('2026-W53');
    expect(periodOfDate('2027-01-04', 'WEEK')).toBe('2027-W01');
    expect(periodOfDate('2025-12-29', 'WEEK')).toBe('2026-W01');
  });

  it('reads the business hour in the zone', () => {
    expect(businessHour(at('2026-03-31T15:30:00Z'), SHANGHAI)).toBe(23);
    expect(businessHour(at('2026-03-31T16:30:00Z'), SHANGHAI)).toBe(0);
  });
});

describe('period keys', () => {
  it('spans each granularity as half-open business dates', () => {
    expect(parsePeriodKey('2028-02')).toMatchObject({ granularity: 'MONTH', first: '2028-02-01', end: '2028-03-01' });
    expect(parsePeriodKey('2026-Q4')).toMatchObject({ first: '2026-10-01', end: '2027-01-01' });
    expect(parsePeriodKey('2026-W53')).toMatchObject({ first: '2026-12-28', end: '2027-01-04' });
    expect(parsePeriodKey('2026')).toMatchObject({ granularity: 'YEAR', first: '2026-01-01', end: '2027-01-01' });
    expect(parsePeriodKey('2026-12-31')).toMatchObject({ granularity: 'DAY', end: '2027-01-01' });
  });

  it('refuses what is not a period', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2027-W53', '2026-W00', '2026-02-30', '0999', '26-01', ''])
      expect(isPeriodKey(bad), bad).toBe(false);
    expect(() => parsePeriodKey('2026-13')).toThrow(RangeError);
    expect(isPeriodKey('2026-03', 'MONTH')).toBe(true);
    expect(isPeriodKey('2026-03', 'QUARTER')).toBe(false);
  });

  it('gives the instants of a Beijing month: from 16:00 UTC the day before', () => {
    expect(periodRange('2026-03', SHANGHAI).map((d) => d.toISOString())).toEqual([
      '2026-02-28T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
    ]);
    expect(periodRange('2027', SHANGHAI)[0]!.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('moving between periods', () => {
  it('shifts each granularity across year ends', () => {
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriod('2026-W53', 1)).toBe('2027-W01');
    expect(shiftPeriod('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftPeriod('2026', -2)).toBe('2024');
    expect(previousPeriod('2026-01')).toBe('2025-12');
  });

  it('compares year on year, with 29 February and week 53 falling back', () => {
    expect(samePeriodLastYear('2026-03')).toBe('2025-03');
    expect(samePeriodLastYear('2026-Q2')).toBe('2025-Q2');
    expect(samePeriodLastYear('2028-02-29')).toBe('2027-02-28');
    expect(samePeriodLastYear('2026-W53')).toBe('2025-W52');
    expect(samePeriodLastYear('2026')).toBe('2025');
  });

  it('lists periods inclusively and bounds the run', () => {
    expect(periodsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsBetween('2026-Q4', '2026-Q4')).toEqual(['2026-Q4']);
    expect(() => periodsBetween('2026-03', '2026-01')).toThrow(RangeError);
    expect(() => periodsBetween('2026-03', '2026-Q2')).toThrow(RangeError);
    expect(() => periodsBetween('2020-01-01', '2026-01-01', 100)).toThrow(/more than 100/);
  });
});
