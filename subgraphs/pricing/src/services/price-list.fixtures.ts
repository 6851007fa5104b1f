import type { RankablePriceList } from './price-resolution.service.js';

/** "Now" of the pricing rule specs: every fixture list is valid then. */
export const SPEC_NOW = new Date('2026-06-01T00:00:00Z');
/** When the fixture lists became valid. */
export const SPEC_JAN = new Date('2026-01-01T00:00:00Z');

/** A rankable brand price list for rule specs: every field neutral unless `over` sets it. */
export function specList(id: string, over: Partial<RankablePriceList> = {}): RankablePriceList {
  return {
    id,
    dealerGrade: null,
    regionId: null,
    regionDepth: 0,
    priority: 0,
    validFrom: SPEC_JAN,
    validTo: null,
    active: true,
    ...over,
  };
}
