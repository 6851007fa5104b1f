import { createEventFeed, EventType, RedisEventFeed, type DeliveredEvent } from '@dnp/event-bus';
import { Role, signViewerToken, VIEWER_HEADER } from '@dnp/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// The live layer's delivery guarantee on real processes (issue 6): every event a subgraph
// committed reaches each reader once, although Redis goes away for seconds and an inventory
// instance is killed mid-stream (the outbox replays what was not published; readers drop
// repeats by id). Also the embedded transport: a gateway-style reader of the subgraphs' own
// /events streams survives an inventory crash and resumes from a position.

const ADJUST = /* GraphQL */ `
  mutation Adjust($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      stockLevel {
        id
        onHand
      }
      errors {
        code
        message
      }
    }
  }
`;
const STOCK_CHANGED = EventType.STOCK_CHANGED;

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('events on MariaDB and Redis: no committed event lost, none delivered twice', () => {
  let t: TestPlatform;
  let hq: string;

  beforeAll(async () => {
    t = await bootPlatform('mariadb', { redis: true });
    hq = await t.login('hq_admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  // Long because: the readers, the writes, the Redis crash and the SIGKILL overlap in time; the check at the
  // end compares what the readers got against what committed during all of them.
  it('delivers each committed stock change to every reader once across Redis crash and inventory SIGKILL', async () => {
    // Two readers, as two gateway instances would each hold one.
    const readers = [
      new RedisEventFeed({ url: t.redis!.url, prefix: 'dnp', blockMs: 500 }),
      new RedisEventFeed({ url: t.redis!.url, prefix: 'dnp', blockMs: 500 }),
    ];
    const got: DeliveredEvent[][] = [[], []];
    const handles = await Promise.all(
      readers.map((r, i) => r.read({ types: [STOCK_CHANGED] }, (d) => void got[i]!.push(d))),
    );
    await sleep(500);

    let ok = 0;
    let levelId: string | undefined;
    const adjust = async (i: number) => {
      try {
        const res = await t.gql(
          ADJUST,
          {
            input: {
              warehouseId: 'wh_hq',
              productId: 'prd_00001',
              delta: 1,
              reason: 'COUNT_CORRECTION',
              note: `e2e events ${i}`,
            },
          },
          hq,
        );
        if (res.data?.adjustStock?.stockLevel) {
          ok++;
          levelId = res.data.adjustStock.stockLevel.id;
        }
      } catch {
        // A change during an outage may fail: only the committed ones must reach the readers.
      }
    };

    const N = 45;
    let outage: Promise<void> | undefined;
    let crash: Promise<void> | undefined;
    for (let i = 0; i < N; i++) {
      // (a) Redis goes away for 3 s (killed; every connection drops) while stock keeps changing.
      if (i === 10) outage = t.redis!.restart({ crash: true, downMs: 3000 });
      // (b) The inventory instance is SIGKILLed and started again while stock keeps changing.
      if (i === 25) crash = t.platform.restartSubgraph('inventory', { crash: true });
      await adjust(i);
      await sleep(120);
    }
    await outage;
    await crash;
    // After both outages: changes go through again (some during the inventory restart failed).
    const before = ok;
    for (let i = N; i < N + 10; i++) await adjust(i);
    expect(ok - before).toBe(10);
    expect(ok).toBeGreaterThanOrEqual(25);

    // What inventory committed is the truth: its outbox rows for the level.
    const committed = t
      .mariadb!.sql(
        `select event_id from dnp_inventory.outbox_events where type = '${STOCK_CHANGED}' and subject_id = ` +
          `'${levelId}'`,
      )
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    expect(committed.length).toBeGreaterThanOrEqual(ok);
    const ours = (list: DeliveredEvent[]) => list.filter((d) => d.event.subjectId === levelId);
    await until('both readers to have every committed event', () =>
      got.every((list) => new Set(ours(list).map((d) => d.event.id)).size >= committed.length),
    );
    await sleep(1000);
    await Promise.all(handles.map((h) => h.close()));

    for (const list of got) {
      const ids = ours(list).map((d) => d.event.id);
      expect(new Set(ids)).toEqual(new Set(committed));
      expect(ids.length).toBe(committed.length);
      // Each change carries the level as it was after it: on hand never repeats or goes back.
      const onHand = ours(list).map((d) => d.event.payload.onHand as number);
      expect(onHand).toEqual([...onHand].sort((a, b) => a - b));
      expect(new Set(onHand).size).toBe(onHand.length);
    }
    // Positions are stream ids: a reader resuming after the 10th event gets exactly the rest.
    const tenth = ours(got[0]!)[9]!;
    const resumed: string[] = [];
    const again = await readers[0]!.read(
      { after: tenth.position, types: [STOCK_CHANGED] },
      (d) => void resumed.push(d.event.id),
    );
    await until(
      'the resumed reader to catch up',
      () => resumed.filter((id) => committed.includes(id)).length >= committed.length - 10,
    );
    await again.close();
    expect(resumed.filter((id) => committed.includes(id))).toEqual(
      ours(got[0]!)
        .slice(10)
        .map((d) => d.event.id),
    );
  });
});

describe("events on the embedded runtime: the subgraphs' /events streams", () => {
  let t: TestPlatform;
  let hq: string;

  beforeAll(async () => {
    t = await bootPlatform('sqlite');
    hq = await t.login('hq_admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses callers without a service token', async () => {
    const url = t.platform.subgraphs.inventory.url.replace(/\/graphql$/, '/events');
    expect((await fetch(url)).status).toBe(401);
    const dealerToken = await signViewerToken(t.internalSecret, 'inventory', {
      userId: 'usr_x',
      role: Role.DEALER_ADMIN,
      dealerId: 'dlr_x',
    });
    expect((await fetch(url, { headers: { [VIEWER_HEADER]: dealerToken } })).status).toBe(403);
  });

  it("merges every subgraph's stream, rides out an inventory crash and resumes from a composite position", async () => {
    const sources = Object.fromEntries(Object.entries(t.platform.subgraphs).map(([name, p]) => [name, p.url]));
    const feed = createEventFeed(
      { kind: 'embedded' },
      {
        sources,
        headers: async (source) => ({
          [VIEWER_HEADER]: await signViewerToken(t.internalSecret, source, { userId: 'gateway', role: Role.SERVICE }),
        }),
      },
    );
    const got: DeliveredEvent[] = [];
    const handle = await feed.read({ types: [STOCK_CHANGED] }, (d) => void got.push(d));
    await sleep(1000);
    const adjust = async (n: number) => {
      const res = await t.gql(
        ADJUST,
        { input: { warehouseId: 'wh_hq', productId: 'prd_00002', delta: n, reason: 'COUNT_CORRECTION' } },
        hq,
      );
      expect(res.data?.adjustStock?.errors).toEqual([]);
      return res.data.adjustStock.stockLevel.onHand as number;
    };
    const expected = [await adjust(1), await adjust(2)];
    await until('the first two changes', () => got.length >= 2);
    await t.platform.restartSubgraph('inventory', { crash: true });
    expected.push(await adjust(3), await adjust(4));
    await until('the changes after the crash', () => got.length >= 4, 30_000);
    await handle.close();
    expect(got.map((d) => d.event.payload.onHand)).toEqual(expected);
    expect(new Set(got.map((d) => d.event.id)).size).toBe(4);

    // Resuming after the second event replays exactly the two after it.
    const resumed: DeliveredEvent[] = [];
    const again = await feed.read({ after: got[1]!.position, types: [STOCK_CHANGED] }, (d) => void resumed.push(d));
    await until('the replay', () => resumed.length >= 2, 30_000);
    await sleep(500);
    await again.close();
    expect(resumed.map((d) => d.event.id)).toEqual(got.slice(2).map((d) => d.event.id));
  });
});
