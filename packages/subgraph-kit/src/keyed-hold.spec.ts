import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isHoldKey, isTombstone, LiveHoldReconciler, releaseOrTombstone, TOMBSTONE_OWNER, type LiveHold } from './keyed-hold.js';

const log = pino({ level: 'silent' });
const unique = () => new UniqueConstraintViolationException(new Error('Duplicate entry'));

describe('keyed-hold protocol', () => {
  it('validates keys and recognizes tombstones', () => {
    expect(isHoldKey('ord_01abc')).toBe(true);
    expect(isHoldKey('')).toBe(false);
    expect(isHoldKey('-x')).toBe(false);
    expect(isHoldKey('a'.repeat(121))).toBe(false);
    expect(isHoldKey(42)).toBe(false);
    expect(isTombstone({ dealerId: TOMBSTONE_OWNER })).toBe(true);
    expect(isTombstone({ dealerId: 'dlr_1' })).toBe(false);
  });

  it('releaseOrTombstone: a known key is released, an unknown one tombstoned', async () => {
    let tombstones = 0;
    expect(await releaseOrTombstone('k', async () => 'row', async () => void tombstones++)).toBe('row');
    expect(tombstones).toBe(0);
    expect(await releaseOrTombstone('k', async () => null, async () => void tombstones++)).toBeNull();
    expect(tombstones).toBe(1);
  });

  it('releaseOrTombstone: a tombstone that loses to a hold made meanwhile releases that hold', async () => {
    let releases = 0;
    const row = await releaseOrTombstone('k', async () => (++releases === 1 ? null : 'late hold'), async () => {
      throw unique();
    });
    expect(row).toBe('late hold');
    expect(releases).toBe(2);
    // Other failures of the tombstone pass through.
    await expect(releaseOrTombstone('k', async () => null, async () => {
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
  });

  it('the reconciler releases holds of finished orders at once and unknown ones after the grace period', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const old = new Date(now.getTime() - 3_600_000);
    const holds: LiveHold[] = [
      { id: 'h1', key: 'ord_rejected', createdAt: now },
      { id: 'h2', key: 'ord_cancelled', createdAt: now },
      { id: 'h3', key: 'ord_approved', createdAt: old },
      { id: 'h4', key: 'ord_placing', createdAt: old },
      { id: 'h5', key: 'orphan_new', createdAt: now },
      { id: 'h6', key: 'orphan_old', createdAt: old },
    ];
    const statuses = new Map([['ord_rejected', 'REJECTED'], ['ord_cancelled', 'CANCELLED'], ['ord_approved', 'APPROVED'], ['ord_placing', 'PLACING']]);
    const released: string[] = [];
    const asked: string[][] = [];
    const reconciler = new LiveHoldReconciler(
      'test',
      { live: async () => holds, release: async (key) => (released.push(key), true) },
      async (ids) => (asked.push([...ids]), new Map([...statuses].filter(([id]) => ids.includes(id)))),
      { batch: 100, graceMs: 600_000 },
      log,
    );
    expect(await reconciler.run(now)).toEqual({ checked: 6, released: 3, wrapped: true });
    expect(released).toEqual(['ord_rejected', 'ord_cancelled', 'orphan_old']);
    expect(asked).toHaveLength(1);
    expect(reconciler.totals).toEqual({ runs: 1, checked: 6, released: 3 });
  });

  it('the reconciler pages through live holds, at most a batch per run, and starts over after the newest', async () => {
    const holds: LiveHold[] = Array.from({ length: 5 }, (_, i) => ({ id: `h${i}`, key: `ord_${i}`, createdAt: new Date(1000 + i) }));
    const afters: (string | null)[] = [];
    const reconciler = new LiveHoldReconciler(
      'test',
      {
        live: async (after, limit) => {
          afters.push(after?.id ?? null);
          const from = after ? holds.findIndex((h) => h.id === after.id) + 1 : 0;
          return holds.slice(from, from + limit);
        },
        release: async () => true,
      },
      async () => new Map(),
      { batch: 2, graceMs: 1e12 },
      log,
    );
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push((await reconciler.run()).wrapped);
    expect(afters).toEqual([null, 'h1', 'h3', null]);
    expect(runs).toEqual([false, false, true, false]);
  });
});
