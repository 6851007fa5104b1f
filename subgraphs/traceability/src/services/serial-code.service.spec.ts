import { demoNetwork } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { SerialCodeService } from './serial-code.service.js';

// The schema comes from @apollo/subgraph (CommonJS); executing it needs the same graphql instance, not the ESM one.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const south: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };

let db: TestSubgraph<TraceabilityLoaders>;
let schema: GraphQLSchema;
const service = new SerialCodeService();
let njItem: SerialCode;
let jsItem: SerialCode;
let unshipped: SerialCode;

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  schema = (await traceabilitySubgraph.buildSchema()).schema;
  const em = db.orm.em.fork();
  njItem = (await em.findOne(
    SerialCode,
    { ownerDealerId: nj.id, level: CodeLevel.ITEM },
    { orderBy: { code: 'asc' } },
  ))!;
  jsItem = (await em.findOne(
    SerialCode,
    { ownerDealerId: js.id, level: CodeLevel.ITEM },
    { orderBy: { code: 'asc' } },
  ))!;
  unshipped = (await em.findOne(
    SerialCode,
    { ownerDealerId: null, level: CodeLevel.ITEM },
    { orderBy: { code: 'asc' } },
  ))!;
});
afterAll(() => db.close());

describe('demo seed', () => {
  it('holds ~1,060 codes in 20 lots, some owned by the Nanjing dealer and the Jiangsu agent, some at HQ', async () => {
    const em = db.orm.em.fork();
    expect(await em.count(SerialCode, {})).toBe(20 * 53);
    expect(njItem).toBeTruthy();
    expect(jsItem).toBeTruthy();
    expect(unshipped.status).toBe(CodeStatus.AGGREGATED);
    expect(await em.count(SerialCode, { status: CodeStatus.SOLD })).toBeGreaterThan(100);
    const lots = await em.find(SerialCode, { level: CodeLevel.PALLET });
    expect(lots.every((p) => /^L2026\d{4}[A-Z]$/.test(p.lotNumber))).toBe(true);
  });
});

describe('SerialCodeService.trace', () => {
  it('gives HQ any code, case-insensitively', async () => {
    expect((await service.trace(db.context(hq), njItem.code.toLowerCase())).code).toBe(njItem.code);
    expect((await service.trace(db.context(hq), unshipped.code)).status).toBe(CodeStatus.AGGREGATED);
  });

  it('refuses malformed codes with BAD_USER_INPUT on "code" and unknown ones with NOT_FOUND', async () => {
    await expect(service.trace(db.context(hq), 'JH123')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'code' },
    });
    await expect(service.trace(db.context(hq), 'JH0000000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("lets a dealer trace its own codes but answers NOT_FOUND for another dealer's", async () => {
    expect((await service.trace(db.context(njAdmin), njItem.code)).ownerDealerId).toBe(nj.id);
    await expect(service.trace(db.context(njAdmin), jsItem.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.trace(db.context(jsAdmin), njItem.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.trace(db.context(njAdmin), unshipped.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('scopes managers to codes of dealers in their region; codes HQ still holds are HQ only', async () => {
    expect((await service.trace(db.context(east), njItem.code)).code).toBe(njItem.code);
    await expect(service.trace(db.context(south), njItem.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.trace(db.context(east), unshipped.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses anonymous callers (UNAUTHENTICATED) and partner keys without a dealer scope (FORBIDDEN)', async () => {
    await expect(service.trace(db.context(null), njItem.code)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.trace(db.context({ userId: 'p1', role: Role.PARTNER }), njItem.code)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      service.trace(
        db.context({ userId: 'p1', role: Role.PARTNER, dealerId: njAdmin.dealerId, scopes: ['CATALOG_READ'] }),
        njItem.code,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("lets a DEALER_READ key trace its own dealer's codes, and no other", async () => {
    const key = { userId: 'p1', role: Role.PARTNER, dealerId: njAdmin.dealerId, scopes: ['DEALER_READ'] };
    expect((await service.trace(db.context(key), njItem.code)).code).toBe(njItem.code);
    await expect(service.trace(db.context({ ...key, dealerId: 'dlr_9999' }), njItem.code)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('serial code graph', () => {
  const run = (viewer: Viewer | null, source: string, variableValues?: Record<string, unknown>) =>
    graphql({ schema, source, variableValues, contextValue: db.context(viewer) });

  it('walks item → case → pallet and back, with a chronological history', async () => {
    const res = await run(
      njAdmin,
      'query($c: String!) { traceCode(code: $c) { level ' +
        'parent { level parent { level children { level children { code } } } } events { action at } } }',
      { c: njItem.code },
    );
    expect(res.errors).toBeUndefined();
    const code = (res.data as any).traceCode;
    expect(code.level).toBe('ITEM');
    expect(code.parent.parent.level).toBe('PALLET');
    expect(code.parent.parent.children).toHaveLength(4);
    expect(code.parent.parent.children.every((c: any) => c.children.length === 12)).toBe(true);
    const actions = code.events.map((e: any) => e.action);
    expect(actions.slice(0, 4)).toEqual(['COMMISSION', 'AGGREGATE', 'SHIP', 'RECEIVE']);
    const times = code.events.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('loads events of every code in a tree with a constant number of statements', async () => {
    const pallet = (await db.orm.em.fork().findOne(SerialCode, { level: CodeLevel.PALLET, ownerDealerId: nj.id }))!;
    const query =
      'query($c: String!) { traceCode(code: $c) { ' +
      'children { events { id } children { events { id } parent { code } } } } }';
    db.counter.reset();
    const res = await run(hq, query, { c: pallet.code });
    expect(res.errors).toBeUndefined();
    // traceCode, cases, cases' events + items, items' events (parents are in the identity map already, or one batch).
    expect(db.counter.total).toBeLessThanOrEqual(6);
  });

  it('counts item codes per product in one grouped query, scoped to the viewer', async () => {
    const em = db.orm.em.fork();
    const productIds = [...new Set((await em.find(SerialCode, { level: CodeLevel.PALLET })).map((c) => c.productId))];
    const reps = [...productIds, 'prd_00001', 'prd_00002'].map((id) => ({ __typename: 'Product', id }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id serialCodeCount } } }`;

    db.counter.reset();
    const all = await run(hq, query, { r: reps });
    expect(all.errors).toBeUndefined();
    expect(db.counter.total).toBe(1);
    const counts = new Map((all.data as any)._entities.map((p: any) => [p.id, p.serialCodeCount]));
    expect([...counts.values()].reduce((a: number, b) => a + (b as number), 0)).toBe(20 * 48);
    expect(counts.get('prd_00001')).toBe(0);

    db.counter.reset();
    const own = await run(njAdmin, query, { r: reps });
    expect(db.counter.total).toBe(1);
    const ownTotal = (own.data as any)._entities.reduce((a: number, p: any) => a + p.serialCodeCount, 0);
    expect(ownTotal).toBe(await em.count(SerialCode, { ownerDealerId: nj.id, level: CodeLevel.ITEM }));
    expect(ownTotal).toBeGreaterThan(0);
    expect(ownTotal).toBeLessThan(20 * 48);

    db.counter.reset();
    const anon = await run(null, query, { r: reps });
    expect(db.counter.total).toBe(0);
    expect((anon.data as any)._entities.every((p: any) => p.serialCodeCount === 0)).toBe(true);
  });

  it("resolves SerialCode references within the caller's scope only", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on SerialCode { code } } }`;
    const reps = [njItem, jsItem].map((c) => ({ __typename: 'SerialCode', code: c.code }));
    const res = await run(njAdmin, query, { r: reps });
    expect((res.data as any)._entities).toEqual([{ code: njItem.code }, null]);
  });
});
