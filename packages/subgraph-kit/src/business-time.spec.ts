import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDate,
  businessMonth,
  businessYear,
  daysBetween,
  isBusinessDate,
  isBusinessMonth,
  monthRange,
  startOfBusinessDay,
} from './business-time.js';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);
/** Date, month and year of an instant in a zone, for one-line expectations. */
const calendar = (iso: string, tz = SHANGHAI) => [
  businessDate(at(iso), tz),
  businessMonth(at(iso), tz),
  businessYear(at(iso), tz),
];

describe('business days in Beijing time', () => {
  it('puts 23:30 on the same day and 00:30 on the next, across a month end', () => {
    expect(calendar('2026-01-31T15:30:00Z')).toEqual(['2026-01-31', '2026-01', 2026]);
    expect(calendar('2026-01-31T16:30:00Z')).toEqual(['2026-02-01', '2026-02', 2026]);
    expect(calendar('2026-01-31T16:00:00Z')).toEqual(['2026-02-01', '2026-02', 2026]);
    expect(calendar('2026-01-31T15:59:59.999Z')).toEqual(['2026-01-31', '2026-01', 2026]);
  });

  it('puts 2026-12-31T16:30Z in business day 2027-01-01, and 15:30Z still in 2026', () => {
    expect(calendar('2026-12-31T16:30:00Z')).toEqual(['2027-01-01', '2027-01', 2027]);
    expect(calendar('2026-12-31T15:30:00Z')).toEqual(['2026-12-31', '2026-12', 2026]);
  });

  it('begins a business day and a month at Beijing midnight, as UTC instants', () => {
    expect(startOfBusinessDay('2027-01-01', SHANGHAI).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const [start, end] = monthRange('2026-12', SHANGHAI);
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    // [start, end): the year-end instant belongs to January's range, not December's.
    const yearEnd = at('2026-12-31T16:30:00Z');
    expect(yearEnd >= end).toBe(true);
    const [janStart, janEnd] = monthRange('2027-01', SHANGHAI);
    expect(yearEnd >= janStart && yearEnd < janEnd).toBe(true);
    expect(monthRange('2026-02', SHANGHAI)[1].toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(monthRange('2028-02', SHANGHAI)[1].toISOString()).toBe('2028-02-29T16:00:00.000Z');
  });

  it('derives a due date and the first overdue instant the way invoices will', () => {
    const issued = at('2026-12-31T16:30:00Z');
    const due = addDays(businessDate(issued, SHANGHAI), 30);
    expect(due).toBe('2027-01-31');
    expect(startOfBusinessDay(addDays(due, 1), SHANGHAI).toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(Math.max(0, daysBetween(due, businessDate(at('2027-03-02T01:00:00Z'), SHANGHAI)))).toBe(30);
    expect(Math.max(0, daysBetween(due, '2027-01-15'))).toBe(0);
  });
});

describe('a zone with daylight saving (Europe/Berlin): zone rules, not a fixed offset', () => {
  it('moves the day boundary with summer time', () => {
    // 22:30Z is 23:30 in winter (UTC+1) but 00:30 the next day in summer (UTC+2).
    expect(calendar('2026-01-01T22:30:00Z', BERLIN)).toEqual(['2026-01-01', '2026-01', 2026]);
    expect(calendar('2026-07-01T22:30:00Z', BERLIN)).toEqual(['2026-07-02', '2026-07', 2026]);
    expect(calendar('2026-12-31T22:30:00Z', BERLIN)).toEqual(['2026-12-31', '2026-12', 2026]);
    expect(calendar('2026-12-31T23:30:00Z', BERLIN)).toEqual(['2027-01-01', '2027-01', 2027]);
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25', () => {
    const hours = (a: string, b: string) =>
      (startOfBusinessDay(b, BERLIN).getTime() - startOfBusinessDay(a, BERLIN).getTime()) / 3_600_000;
    expect(startOfBusinessDay('2026-03-29', BERLIN).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfBusinessDay('2026-03-30', BERLIN).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(hours('2026-03-29', '2026-03-30')).toBe(23);
    expect(hours('2026-10-25', '2026-10-26')).toBe(25);
    expect(hours('2026-06-01', '2026-06-02')).toBe(24);
    const [start, end] = monthRange('2026-03', BERLIN);
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });

  it('gives the same instant a different business date than Beijing', () => {
    expect(businessDate(at('2026-06-30T20:00:00Z'), SHANGHAI)).toBe('2026-07-01');
    expect(businessDate(at('2026-06-30T20:00:00Z'), BERLIN)).toBe('2026-06-30');
    expect(businessDate(at('2026-06-30T20:00:00Z'), 'UTC')).toBe('2026-06-30');
  });
});

describe('calendar arithmetic on date strings', () => {
  it('adds days across month, year and leap-day ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });

  it('counts days between dates, negative when the second is earlier', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-02-10', '2026-02-01')).toBe(-9);
    for (let n = -400; n <= 400; n += 37) expect(daysBetween('2026-06-15', addDays('2026-06-15', n))).toBe(n);
  });
});

describe('refusals', () => {
  it('accepts only real dates and months', () => {
    expect(['2026-02-28', '2028-02-29', '1999-12-31'].every(isBusinessDate)).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '2026-1-1',
      '26-01-01',
      '',
      '0099-01-01',
    ])
      expect(isBusinessDate(bad), bad).toBe(false);
    expect(['2026-01', '2026-12'].every(isBusinessMonth)).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '2026-01-01', '0999-01'])
      expect(isBusinessMonth(bad), bad).toBe(false);
    expect(() => startOfBusinessDay('2026-02-30', SHANGHAI)).toThrow(RangeError);
    expect(() => monthRange('2026-13', SHANGHAI)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => daysBetween('2026-02-01', 'tomorrow')).toThrow(RangeError);
  });

  it('refuses unknown zones, fixed offsets and invalid instants', () => {
    expect(() => businessDate(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => businessDate(at('2026-01-01T00:00:00Z'), '+08:00')).toThrow(RangeError);
    expect(() => startOfBusinessDay('2026-01-01', 'Asia/Beijing')).toThrow(RangeError);
    expect(() => businessYear(new Date('not a date'), SHANGHAI)).toThrow(RangeError);
  });
});
