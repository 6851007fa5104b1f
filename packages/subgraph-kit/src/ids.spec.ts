import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes prefixed ids that sort by creation time', () => {
    const early = newId('evt', new Date('2026-01-01T00:00:00Z'));
    const late = newId('evt', new Date('2026-06-01T00:00:00Z'));
    expect(early).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(early < late).toBe(true);
  });

  it('is deterministic with a seeded generator, and random without one', () => {
    let n = 0;
    const rand = () => ((n = (n * 7 + 3) % 32) / 32);
    const a = newId('ord', 1_700_000_000_000, rand);
    n = 0;
    expect(newId('ord', 1_700_000_000_000, rand)).toBe(a);
    expect(newId('ord', 1_700_000_000_000)).not.toBe(newId('ord', 1_700_000_000_000));
  });

  it('never repeats across many ids (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => newId('x', 0)));
    expect(ids.size).toBe(2_000);
  });
});
