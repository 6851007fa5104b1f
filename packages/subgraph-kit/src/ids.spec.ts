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
    const rand = () => (n = (n * 7 + 3) % 32) / 32;
    const a = newId('ord', 1_700_000_000_000, rand);
    n = 0;
    expect(newId('ord', 1_700_000_000_000, rand)).toBe(a);
    expect(newId('ord', 1_700_000_000_000)).not.toBe(newId('ord', 1_700_000_000_000));
  });

  it('never repeats across many ids (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => newId('x', 0)));
    expect(ids.size).toBe(2_000);
  });

  // The counting state is the module's: these run in order, each later than the last, the default clock last.
  it('sorts ids made within one millisecond in creation order (the random part counts up)', () => {
    const at = Date.now() - 120_000;
    const ids = Array.from({ length: 1_000 }, () => newId('ord', at));
    expect(new Set(ids).size).toBe(1_000);
    expect([...ids].sort()).toEqual(ids);
    // Every one keeps the millisecond it was asked for.
    expect(new Set(ids.map((id) => id.slice(4, 14))).size).toBe(1);
    // The count goes on across prefixes.
    const a = newId('a', at);
    const b = newId('b', at);
    expect(a.slice(2) < b.slice(2)).toBe(true);
  });

  it('gives an earlier millisecond a fresh random part without disturbing the newer run', () => {
    const newer = Date.now() - 60_000;
    const first = newId('e', newer);
    const older = newId('e', newer - 60_000);
    const second = newId('e', newer);
    expect(older < first).toBe(true);
    expect(first < second).toBe(true);
  });

  it('stays in creation order with the default clock', () => {
    const ids = Array.from({ length: 2_000 }, () => newId('x'));
    expect([...ids].sort()).toEqual(ids);
  });
});
