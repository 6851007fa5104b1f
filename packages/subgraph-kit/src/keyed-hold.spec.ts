import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  holdKeyRule,
  holdOutlivedOrder,
  SETTLED_ORDER_STATUSES,
  type OrderHoldState,
  isHoldKey,
  isTombstone,
  LiveHoldReconciler,
  releaseOrTombstone,
  TOMBSTONE_OWNER,
  type LiveHold,
} from './keyed-hold.js';
import { ServiceCallError } from './service-client.js';

const log = pino({ level: 'silent' });
const unique = () => new UniqueConstraintViolationException(new Error('Duplicate entry'));

describe('keyed-hold protocol', () => {
  it('validates keys and recognizes tombstones', () => {
    expect(isHoldKey('ord_01abc')).toBe(true);
    expect(isHoldKey('')).toBe(false);
    expect(isHoldKey('-x')).toBe(false);
    expect(isHoldKey('a'.repeat(121))).toBe(false);
    expect(isHoldKey(42)).toBe(false);
    expect(isHoldKey('a'.repeat(100), 100)).toBe(true);
    expect(isHoldKey('a'.repeat(101), 100)).toBe(false);
    expect(holdKeyRule('idempotencyKey', 100)).toMatch(/^idempotencyKey must be 1 to 100 characters/);
    expect(isTombstone({ dealerId: TOMBSTONE_OWNER })).toBe(true);
    expect(isTombstone({ dealerId: 'dlr_1' })).toBe(false);
  });

  it('releaseOrTombstone: a known key is released, an unknown one tombstoned', async () => {
    let tombstones = 0;
    expect(
      await releaseOrTombstone(
        'k',
        async () => 'row',
        async () => void tombstones++,
      ),
    ).toBe('row');
    expect(tombstones).toBe(0);
    expect(
      await releaseOrTombstone(
        'k',
        async () => null,
        async () => void tombstones++,
      ),
    ).toBeNull();
    expect(tombstones).toBe(1);
  });

  it('releaseOrTombstone: a tombstone that loses to a hold made meanwhile releases that hold', async () => {
    let releases = 0;
    const row = await releaseOrTombstone(
      'k',
      async () => (++releases === 1 ? null : 'late hold'),
      async () => {
        throw unique();
      },
    );
    expect(row).toBe('late hold');
    expect(releases).toBe(2);
    // Other failures of the tombstone pass through.
    await expect(
      releaseOrTombstone(
        'k',
        async () => null,
        async () => {
          throw new Error('disk full');
        },
      ),
    ).rejects.toThrow('disk full');
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
    const statuses = new Map([
      ['ord_rejected', 'REJECTED'],
      ['ord_cancelled', 'CANCELLED'],
      ['ord_approved', 'APPROVED'],
      ['ord_placing', 'PLACING'],
    ]);
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
    expect(reconciler.totals).toEqual({ runs: 1, checked: 6, released: 3, skipped: 0 });
  });

  it('releases the remainders of settled SHIPPED and COMPLETED orders only where holds keep remainders', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const holds: LiveHold[] = ['ord_settled', 'ord_unsettled', 'ord_completed', 'ord_partial'].map((key, i) => ({
      id: `h${i}`,
      key,
      createdAt: now,
    }));
    const states = new Map<string, OrderHoldState>([
      ['ord_settled', { status: 'SHIPPED', fulfilmentSettled: true }],
      ['ord_unsettled', { status: 'SHIPPED', fulfilmentSettled: false }],
      ['ord_completed', { status: 'COMPLETED', fulfilmentSettled: true }],
      ['ord_partial', { status: 'PARTIALLY_SHIPPED', fulfilmentSettled: true }],
    ]);
    const run = async (releaseSettled?: boolean) => {
      const released: string[] = [];
      const reconciler = new LiveHoldReconciler(
        'test',
        { live: async () => holds, release: async (key) => (released.push(key), true) },
        async () => states,
        { batch: 100, graceMs: 600_000, releaseSettled },
        log,
      );
      await reconciler.run(now);
      return released;
    };
    expect(await run(true)).toEqual(['ord_settled', 'ord_completed']);
    // Promotion budgets are consumed for good: without releaseSettled nothing of a shipped order is given back.
    expect(await run()).toEqual([]);
    expect(SETTLED_ORDER_STATUSES).toEqual(new Set(['SHIPPED', 'COMPLETED']));
    expect(holdOutlivedOrder('CANCELLED', false)).toBe(true);
    expect(holdOutlivedOrder('SHIPPED', true)).toBe(false);
  });

  it('the reconciler pages through live holds, at most a batch per run, and starts over after the newest', async () => {
    const holds: LiveHold[] = Array.from({ length: 5 }, (_, i) => ({
      id: `h${i}`,
      key: `ord_${i}`,
      createdAt: new Date(1000 + i),
    }));
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

  it('an outage of orders is one warning (one notice when it answers again), the page checked again', async () => {
    const lines: { level: number; msg: string }[] = [];
    const captured = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const holds: LiveHold[] = [{ id: 'h1', key: 'ord_rejected', createdAt: new Date(0) }];
    let down = true;
    const released: string[] = [];
    const reconciler = new LiveHoldReconciler(
      'test',
      { live: async () => holds, release: async (key) => (released.push(key), true) },
      async () => {
        if (down) throw new ServiceCallError('orders', 'SERVICE_UNAVAILABLE', 'connect ECONNREFUSED', true);
        return new Map([['ord_rejected', 'REJECTED']]);
      },
      { batch: 100, graceMs: 1 },
      captured,
    );
    for (let i = 0; i < 5; i++) expect(await reconciler.run()).toEqual({ checked: 0, released: 0, wrapped: false });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, expect.stringMatching(/^orders cannot be reached/)]]);
    expect(reconciler.totals).toMatchObject({ runs: 5, skipped: 5, released: 0 });
    down = false;
    expect(await reconciler.run()).toEqual({ checked: 1, released: 1, wrapped: true });
    expect(released).toEqual(['ord_rejected']);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.map((l) => l.msg)).toContain('orders answers again: reconciling live holds');
    // A second outage warns once more.
    down = true;
    lines.length = 0;
    await reconciler.run();
    await reconciler.run();
    expect(lines.map((l) => l.level)).toEqual([40]);
  });

  it('closes an outage with no hold left to check, so the next outage warns again', async () => {
    const lines: { level: number; msg: string }[] = [];
    const captured = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    let holds: LiveHold[] = [{ id: 'h1', key: 'ord_live', createdAt: new Date() }];
    let down = true;
    const asked: string[][] = [];
    const reconciler = new LiveHoldReconciler(
      'test',
      { live: async () => holds, release: async () => true },
      async (ids) => {
        asked.push([...ids]);
        if (down) throw new ServiceCallError('orders', 'SERVICE_UNAVAILABLE', 'connect ECONNREFUSED', true);
        return new Map();
      },
      { batch: 100, graceMs: 1e12 },
      captured,
    );
    await reconciler.run(); // outage begins with a hold to check: one warning
    holds = []; // the hold is released elsewhere (the saga's own compensation)
    down = false;
    expect(await reconciler.run()).toEqual({ checked: 0, released: 0, wrapped: true });
    expect(asked).toEqual([['ord_live'], []]); // asked with nothing, to see orders answer
    expect(lines.map((l) => l.msg)).toContain('orders answers again: reconciling live holds');
    await reconciler.run(); // idle and orders up: not asked
    expect(asked.length).toBe(2);
    holds = [{ id: 'h2', key: 'ord_next', createdAt: new Date() }];
    down = true;
    lines.length = 0;
    await reconciler.run();
    expect(lines.map((l) => l.level)).toEqual([40]);
  });

  it('a failure that is not an outage (a refusal, a bug) still fails the run', async () => {
    const reconciler = new LiveHoldReconciler(
      'test',
      { live: async () => [{ id: 'h1', key: 'k', createdAt: new Date(0) }], release: async () => true },
      async () => {
        throw new ServiceCallError('orders', 'FORBIDDEN', 'no', false);
      },
      { batch: 100, graceMs: 1 },
      log,
    );
    await expect(reconciler.run()).rejects.toThrow('no');
  });
});
