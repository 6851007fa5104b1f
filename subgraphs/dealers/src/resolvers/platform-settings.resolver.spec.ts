import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { DEFAULT_NETWORK_SETTINGS } from '../services/network-settings.js';
import { createDealersSubgraph } from '../subgraph.js';

let db: TestSubgraph<DealersLoaders>;

beforeAll(async () => {
  const network = { ...DEFAULT_NETWORK_SETTINGS, timeZone: 'Europe/Berlin', rebateMaxOrderShareBp: 2500 };
  db = await openTestSubgraph(
    createDealersSubgraph({ jwtSecret: 'x'.repeat(40), accessTtlSeconds: 60, refreshTtlDays: 1 }, undefined, network),
  );
}, 60_000);
afterAll(() => db.close());

describe('platformSettings', () => {
  it('answers the configured business time zone and rebate share to anyone, signed in or not', async () => {
    const res = await db.execute('{ platformSettings { businessTimeZone rebateMaxOrderShareBp } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ platformSettings: { businessTimeZone: 'Europe/Berlin', rebateMaxOrderShareBp: 2500 } });
  });
});
