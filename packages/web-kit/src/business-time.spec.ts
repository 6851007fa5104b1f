import { afterEach, describe, expect, it } from 'vitest';
import {
  businessDay,
  businessMonth,
  businessTimeZone,
  DEFAULT_BUSINESS_TIME_ZONE,
  setBusinessTimeZone,
} from './business-time';

afterEach(() => setBusinessTimeZone(DEFAULT_BUSINESS_TIME_ZONE));

describe('business time in the apps', () => {
  it("counts days and months in the brand's zone, not the reader's", () => {
    // 16:30 UTC on 31 December is already 00:30 on 1 January in Beijing.
    const at = new Date('2026-12-31T16:30:00Z');
    expect(businessDay(at)).toBe('2027-01-01');
    expect(businessMonth(at)).toBe('2027-01');
    setBusinessTimeZone('UTC');
    expect(businessDay(at)).toBe('2026-12-31');
    expect(businessMonth(at)).toBe('2026-12');
  });

  it('keeps the previous zone when told one the browser does not know', () => {
    setBusinessTimeZone('Europe/Berlin');
    setBusinessTimeZone('Mars/Olympus_Mons');
    expect(businessTimeZone()).toBe('Europe/Berlin');
  });
});
