import { describe, expect, it } from 'vitest';
import { categoryThresholds } from './config.js';

describe('EXPIRY_CATEGORY_THRESHOLDS', () => {
  it('parses code=red/yellow/blue pairs and refuses anything else', () => {
    expect(categoryThresholds('')).toEqual(new Map());
    expect(categoryThresholds(' dairy=3/7/14 , vaccines=60/120/240')).toEqual(
      new Map([
        ['dairy', { red: 3, yellow: 7, blue: 14 }],
        ['vaccines', { red: 60, yellow: 120, blue: 240 }],
      ]),
    );
    expect(() => categoryThresholds('dairy=3/7')).toThrow(/EXPIRY_CATEGORY_THRESHOLDS/);
    expect(() => categoryThresholds('dairy=14/7/3')).toThrow(/RED <= YELLOW <= BLUE/);
  });
});
