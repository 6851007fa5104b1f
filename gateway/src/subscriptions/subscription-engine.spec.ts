import { EventType, type DeliveredEvent, type DomainEvent, type EventFeed } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import { buildSchema, getOperationAST, Kind, parse, type FieldNode } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { scopeAllows, viewerScopeKey } from './event-scope.js';
import { SubscriptionEngine, type EventQueryExecutor, type SubscriptionResult } from './subscription-engine.js';
import { SUBSCRIPTION_FIELDS } from './subscription-fields.js';
import { buildResolveQuery, isBatchedReRead } from './subscription-query.js';
import { validatorWithRules } from './subscription-server.js';

/** An in-process feed with the EventFeed contract: ordered positions, replay after a position, fan-out. */
class MemoryFeed implements EventFeed {
  readonly log: DeliveredEvent[] = [];
  private readers = new Set<{ types?: string[]; onEvent: (d: DeliveredEvent) => void | Promise<void> }>();

  async read(opts: { after?: string; types?: string[] }, onEvent: (d: DeliveredEvent) => void | Promise<void>) {
    const reader = { types: opts.types, onEvent };
    if (opts.after !== undefined) {
      for (const d of this.log.slice(Number(opts.after)))
        if (!opts.types || opts.types.includes(d.event.type)) await onEvent(d);
    }
    this.readers.add(reader);
    return { close: async () => void this.readers.delete(reader) };
  }

  async publish(event: DomainEvent, opts: { duplicate?: boolean } = {}): Promise<DeliveredEvent> {
    const delivered = { event, position: String(this.log.length + 1) };
    if (!opts.duplicate) this.log.push(delivered);
    for (const r of this.readers) if (!r.types || r.types.includes(event.type)) await r.onEvent(delivered);
    return delivered;
  }
}

const SDL = `
  type Query { stockLevel(id: ID!): StockLevel stockLevelsByIds(ids: [ID!]!): [StockLevel]! order(id: ID!): Order }
  type Subscription {
    stockChanged(productId: ID, warehouseId: ID, after: String): StockLevel!
    orderStatusChanged(dealerId: ID, after: String): Order!
  }
  type StockLevel { id: ID! onHand: Int! product: Product! }
  type Product { id: ID! name: String! }
  type Order { id: ID! status: String! dealerId: ID! }
`;
const schema = buildSchema(SDL);
const hq: Viewer = { userId: 'u_hq', role: 'HQ_ADMIN' };
const hq2: Viewer = { userId: 'u_hq2', role: 'HQ_ADMIN' };
const dealerA: Viewer = { userId: 'u_a', role: 'DEALER_ADMIN', dealerId: 'dlr_a' };
const dealerB: Viewer = { userId: 'u_b', role: 'DEALER_ADMIN', dealerId: 'dlr_b' };

function stockEvent(n: number, productId = 'prd_1'): DomainEvent {
  return {
    id: `evt_${n}`,
    type: EventType.STOCK_CHANGED,
    source: 'inventory',
    occurredAt: new Date().toISOString(),
    subjectId: `stk_${n}`,
    scope: { hqOnly: true },
    payload: { productId, warehouseId: 'wh_hq' },
  };
}

function orderEvent(n: number, dealerId: string): DomainEvent {
  return {
    id: `evt_o${n}`,
    type: EventType.ORDER_STATUS_CHANGED,
    source: 'orders',
    occurredAt: new Date().toISOString(),
    subjectId: `ord_${n}`,
    scope: { dealerIds: [dealerId] },
    payload: { dealerId, status: 'APPROVED' },
  };
}

/**
 * Answers re-reads like the supergraph would: stock for HQ only; orders for their own dealer only.
 * Batched re-reads (`__s<i>`) too.
 */
function fakeSupergraph(
  calls: { query: string; viewer: Viewer; variables?: Record<string, unknown> }[],
): EventQueryExecutor {
  const read = (query: string, id: string, viewer: Viewer) => {
    if (query.includes('stockLevel('))
      return viewer.role === 'HQ_ADMIN' ? { id, onHand: 5, product: { name: 'Widget' } } : null;
    const orderDealer = id === 'ord_1' ? 'dlr_a' : 'dlr_b';
    const visible = viewer.role === 'HQ_ADMIN' || viewer.dealerId === orderDealer;
    return visible ? { id, status: 'APPROVED' } : null;
  };
  return async ({ query, variables, viewer }) => {
    calls.push({ query, viewer, variables });
    const key = query.includes('stockLevel(') ? 'stockChanged' : 'orderStatusChanged';
    if ('__subjectId' in variables) return { data: { [key]: read(query, String(variables.__subjectId), viewer) } };
    const data: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      const m = /^__subjectId(\d+)$/.exec(name);
      if (m) data[`__s${m[1]}`] = read(query, String(value), viewer);
    }
    return { data };
  };
}

function subscribeTo(
  engine: SubscriptionEngine,
  query: string,
  viewer: Viewer,
  variables: Record<string, unknown> = {},
) {
  const document = parse(query);
  expect(validatorWithRules()(schema, document)).toEqual([]);
  const operation = getOperationAST(document)!;
  const root = operation.selectionSet.selections[0] as FieldNode;
  const spec = SUBSCRIPTION_FIELDS.find((f) => f.field === root.name.value)!;
  const args: Record<string, unknown> = {};
  for (const a of root.arguments ?? [])
    args[a.name.value] =
      a.value.kind === Kind.VARIABLE ? variables[a.value.name.value] : (a.value as { value: unknown }).value;
  const sub = engine.subscribe({
    spec,
    args,
    viewer,
    accessExpMs: Infinity,
    after: typeof args.after === 'string' ? args.after : undefined,
    plan: buildResolveQuery(document, operation, root, spec.byIdQuery, variables),
    closeConnection: () => undefined,
  });
  const received: SubscriptionResult[] = [];
  void (async () => {
    for await (const m of sub) received.push(m);
  })();
  return { sub, received };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('buildResolveQuery', () => {
  it('turns the subscription field into the by-id query with the same key, fragments and used variables only', () => {
    const doc = parse(`
      subscription Live($p: ID, $n: Int) { changed: stockChanged(productId: $p) { ...S } }
      fragment S on StockLevel { id onHand product { name } }
      fragment Unused on Product { id }`);
    const op = getOperationAST(doc)!;
    const plan = buildResolveQuery(doc, op, op.selectionSet.selections[0] as FieldNode, 'stockLevel', {
      p: 'prd_1',
      n: 3,
    });
    expect(plan.responseKey).toBe('changed');
    expect(plan.variables).toEqual({});
    expect(plan.query).toContain('query LiveEvent($__subjectId: ID!)');
    expect(plan.query).toContain('changed: stockLevel(id: $__subjectId)');
    expect(plan.query).toContain('fragment S on StockLevel');
    expect(plan.query).not.toContain('Unused');
    expect(validatorWithRules()(schema, parse(plan.query))).toEqual([]);
    const { query: batch, variables: subjects, pathOf } = plan.batch(['a', 'b', 'c']);
    expect(subjects).toEqual({ __subjectId0: 'a', __subjectId1: 'b', __subjectId2: 'c' });
    expect(pathOf(2)).toEqual(['__s2']);
    expect(batch).toMatch(
      /^query ReRead[0-9a-f]+x3_Live\(\$__subjectId0: ID!, \$__subjectId1: ID!, \$__subjectId2: ID!\)/,
    );
    expect(isBatchedReRead(parse(batch))).toBe(true);
    expect(isBatchedReRead(parse(plan.query))).toBe(false);
    expect(batch).toContain('__s2: stockLevel(id: $__subjectId2)');
    expect(plan.batch(['x', 'y', 'z']).query).toBe(batch);
    expect(validatorWithRules()(schema, parse(batch))).toEqual([]);
    // With a by-ids field: one list field for any number of subjects.
    const listed = buildResolveQuery(
      doc,
      op,
      op.selectionSet.selections[0] as FieldNode,
      'stockLevel',
      {},
      'stockLevelsByIds',
    ).batch(['a', 'b']);
    expect(listed.query).toMatch(/^query ReRead[0-9a-f]+xlist_Live\(\$__subjectIds: \[ID!\]!\)/);
    expect(listed.query).toContain('__s: stockLevelsByIds(ids: $__subjectIds) {');
    expect(listed.variables).toEqual({ __subjectIds: ['a', 'b'] });
    expect(listed.pathOf(1)).toEqual(['__s', 1]);
    expect(validatorWithRules()(schema, parse(listed.query))).toEqual([]);
  });
});

describe('scopeAllows', () => {
  it('lets HQ see everything, dealers only events naming their dealer, managers only their region path', () => {
    expect(scopeAllows(hq, { hqOnly: true })).toBe(true);
    expect(scopeAllows(dealerA, { hqOnly: true })).toBe(false);
    expect(scopeAllows(dealerA, { dealerIds: ['dlr_a', 'dlr_parent'] })).toBe(true);
    expect(scopeAllows(dealerB, { dealerIds: ['dlr_a'] })).toBe(false);
    // A parent dealer reads its sub-dealers' events (their ids are in its token).
    expect(scopeAllows({ ...dealerB, subDealerIds: ['dlr_a'] }, { dealerIds: ['dlr_a'] })).toBe(true);
    expect(
      scopeAllows(
        { userId: 'm', role: 'REGION_MANAGER', regionId: 'reg_east' },
        { regionPath: ['reg_cn', 'reg_east', 'reg_sh'] },
      ),
    ).toBe(true);
    expect(
      scopeAllows(
        { userId: 'm', role: 'REGION_MANAGER', regionId: 'reg_west' },
        { regionPath: ['reg_cn', 'reg_east'] },
      ),
    ).toBe(false);
  });
});

describe('scopeAllows for warehouse operators and finance clerks', () => {
  const operator: Viewer = { userId: 'u_wh', role: 'WAREHOUSE_OPERATOR', warehouseIds: ['wh_hq', 'wh_east'] };
  const clerk: Viewer = { userId: 'u_fin', role: 'FINANCE_CLERK' };

  it('lets an operator through only when the event names one of its warehouses', () => {
    expect(scopeAllows(operator, { warehouseIds: ['wh_east'], regionPath: ['reg_cn', 'reg_east'] })).toBe(true);
    expect(scopeAllows(operator, { warehouseIds: ['wh_south'], regionPath: ['reg_cn', 'reg_south'] })).toBe(false);
    // No list: an order's, a dealer's or a credit event is about no warehouse of its.
    expect(scopeAllows(operator, { dealerIds: ['dlr_a'], regionPath: ['reg_cn', 'reg_east'] })).toBe(false);
    expect(scopeAllows(operator, {})).toBe(false);
    expect(scopeAllows(operator, { hqOnly: true, warehouseIds: ['wh_hq'] })).toBe(false);
    expect(scopeAllows({ ...operator, warehouseIds: undefined }, { warehouseIds: ['wh_hq'] })).toBe(false);
    // A warehouse list never widens another role's scope.
    expect(scopeAllows(dealerB, { dealerIds: ['dlr_a'], warehouseIds: ['wh_hq'] })).toBe(false);
  });

  it('treats a clerk as HQ for HQ-only finance events, and as no one for other HQ-only events', () => {
    expect(scopeAllows(clerk, { hqOnly: true }, EventType.CREDIT_ALERT_RAISED)).toBe(true);
    expect(scopeAllows(clerk, { hqOnly: true }, EventType.SESSION_REVOKED)).toBe(false);
    expect(scopeAllows(clerk, { hqOnly: true }, EventType.STOCK_CHANGED)).toBe(false);
    expect(scopeAllows(clerk, { hqOnly: true })).toBe(false);
    expect(scopeAllows(clerk, { dealerIds: ['dlr_a'], regionPath: ['reg_cn'] }, EventType.CREDIT_ALERT_RAISED)).toBe(
      true,
    );
    expect(scopeAllows(dealerA, { hqOnly: true }, EventType.CREDIT_ALERT_RAISED)).toBe(false);
    expect(scopeAllows(hq, { hqOnly: true }, EventType.SESSION_REVOKED)).toBe(true);
  });

  it('keys an operator by its warehouses too, so a changed claim never shares a re-read', () => {
    expect(viewerScopeKey(operator)).not.toBe(viewerScopeKey({ ...operator, warehouseIds: ['wh_hq'] }));
  });
});

describe('SubscriptionEngine', () => {
  it('runs one re-read per group of equal subscribers, delivers each event once, with its position', async () => {
    const feed = new MemoryFeed();
    const calls: { query: string; viewer: Viewer }[] = [];
    const engine = new SubscriptionEngine({
      feed,
      execute: fakeSupergraph(calls),
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
    });
    await engine.start();
    const doc = 'subscription { stockChanged { id onHand product { name } } }';
    const a = subscribeTo(engine, doc, hq);
    const b = subscribeTo(engine, doc, hq2);
    const filtered = subscribeTo(engine, 'subscription($p: ID) { stockChanged(productId: $p) { id } }', hq, {
      p: 'prd_2',
    });
    const dealer = subscribeTo(engine, doc, dealerA);

    const first = await feed.publish(stockEvent(1));
    await feed.publish(stockEvent(1), { duplicate: true });
    await settle();
    expect(calls).toHaveLength(1); // a and b share it; the filter and the dealer's scope rule out the others
    for (const s of [a, b]) {
      expect(s.received).toHaveLength(1);
      expect(s.received[0]!.data).toEqual({ stockChanged: { id: 'stk_1', onHand: 5, product: { name: 'Widget' } } });
      expect(s.received[0]!.extensions!.event).toMatchObject({ id: 'evt_1', position: first.position });
    }
    expect(filtered.received).toHaveLength(0);
    expect(dealer.received).toHaveLength(0);

    await feed.publish(stockEvent(2, 'prd_2'));
    await settle();
    expect(filtered.received.map((m) => (m.data!.stockChanged as { id: string }).id)).toEqual(['stk_2']);
    expect(engine.stats).toMatchObject({ events: 2, duplicates: 1 });
    await engine.close();
  });

  it('batches events arriving during a read into one re-read; each subscriber gets every event in order', async () => {
    const feed = new MemoryFeed();
    const calls: { query: string; viewer: Viewer; variables?: Record<string, unknown> }[] = [];
    const inner = fakeSupergraph(calls);
    // A slow supergraph: each read takes 30 ms, so events pile up behind the first.
    const slow: EventQueryExecutor = async (req) => {
      await new Promise((r) => setTimeout(r, 30));
      return inner(req);
    };
    const engine = new SubscriptionEngine({
      feed,
      execute: slow,
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
      groupConcurrency: 1,
      maxBatch: 4,
    });
    await engine.start();
    const a = subscribeTo(engine, 'subscription { stockChanged { id } }', hq);
    for (let i = 1; i <= 7; i++) await feed.publish(stockEvent(i));
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received.map((m) => (m.data!.stockChanged as { id: string }).id)).toEqual([
      'stk_1',
      'stk_2',
      'stk_3',
      'stk_4',
      'stk_5',
      'stk_6',
      'stk_7',
    ]);
    expect(a.received.map((m) => m.extensions!.event.id)).toEqual([
      'evt_1',
      'evt_2',
      'evt_3',
      'evt_4',
      'evt_5',
      'evt_6',
      'evt_7',
    ]);
    // 1 alone, then 2–5 together (the batch limit), then 6–7.
    expect(calls.map((c) => Object.keys(c.variables!).length)).toEqual([1, 4, 2]);
    expect(engine.stats).toMatchObject({ executions: 3, batched: 7 });
    await engine.close();
  });

  it('reads a lone event at once and lets a burst gather for the linger interval', async () => {
    const feed = new MemoryFeed();
    const calls: { query: string; viewer: Viewer; variables?: Record<string, unknown> }[] = [];
    const engine = new SubscriptionEngine({
      feed,
      execute: fakeSupergraph(calls),
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
      lingerMs: 60,
    });
    await engine.start();
    const a = subscribeTo(engine, 'subscription { stockChanged { id } }', hq);
    await feed.publish(stockEvent(1));
    await settle();
    expect(a.received).toHaveLength(1); // at once
    await feed.publish(stockEvent(2));
    await feed.publish(stockEvent(3));
    await settle();
    expect(a.received).toHaveLength(1); // waiting out the interval
    await new Promise((r) => setTimeout(r, 60));
    expect(a.received.map((m) => (m.data!.stockChanged as { id: string }).id)).toEqual(['stk_1', 'stk_2', 'stk_3']);
    expect(calls.map((c) => Object.keys(c.variables!).length)).toEqual([1, 2]);
    await engine.close();
  });

  it("gives a dealer only its own orders: other dealers' events are filtered or read back as null", async () => {
    const feed = new MemoryFeed();
    const engine = new SubscriptionEngine({
      feed,
      execute: fakeSupergraph([]),
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
    });
    await engine.start();
    const doc = 'subscription { orderStatusChanged { id status } }';
    const a = subscribeTo(engine, doc, dealerA);
    const b = subscribeTo(engine, doc, dealerB);
    await feed.publish(orderEvent(1, 'dlr_a'));
    await feed.publish({ ...orderEvent(2, 'dlr_b'), scope: {} }); // a scope wider than the truth
    await settle();
    expect(a.received.map((m) => (m.data!.orderStatusChanged as { id: string }).id)).toEqual(['ord_1']);
    expect(b.received.map((m) => (m.data!.orderStatusChanged as { id: string }).id)).toEqual(['ord_2']);
    await engine.close();
  });

  it('resumes after a position: replays what was missed, then continues live without duplicates', async () => {
    const feed = new MemoryFeed();
    const engine = new SubscriptionEngine({
      feed,
      execute: fakeSupergraph([]),
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
      replayQuietMs: 50,
    });
    await engine.start();
    const seen = await feed.publish(stockEvent(1));
    await feed.publish(stockEvent(2));
    await feed.publish(stockEvent(3));
    const resumed = subscribeTo(engine, `subscription { stockChanged(after: "${seen.position}") { id } }`, hq);
    await feed.publish(stockEvent(4));
    await new Promise((r) => setTimeout(r, 150));
    await feed.publish(stockEvent(5));
    await settle();
    expect(resumed.received.map((m) => (m.data!.stockChanged as { id: string }).id)).toEqual([
      'stk_2',
      'stk_3',
      'stk_4',
      'stk_5',
    ]);
    await engine.close();
  });

  it('ends a subscriber that falls too far behind with SUBSCRIBER_TOO_SLOW', async () => {
    const feed = new MemoryFeed();
    const engine = new SubscriptionEngine({
      feed,
      execute: fakeSupergraph([]),
      fields: SUBSCRIPTION_FIELDS,
      log: pino({ level: 'silent' }),
      maxQueue: 2,
    });
    await engine.start();
    const document = parse('subscription { stockChanged { id } }');
    const operation = getOperationAST(document)!;
    const sub = engine.subscribe({
      spec: SUBSCRIPTION_FIELDS[0]!,
      args: {},
      viewer: hq,
      accessExpMs: Infinity,
      closeConnection: () => undefined,
      plan: buildResolveQuery(document, operation, operation.selectionSet.selections[0] as FieldNode, 'stockLevel'),
    });
    for (let i = 1; i <= 3; i++) await feed.publish(stockEvent(i));
    await expect(sub.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    expect(engine.stats.subscribers).toBe(0);
    await engine.close();
  });
});
