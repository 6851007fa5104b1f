import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { dealersSubgraph } from '../subgraph.js';
import { AuthService, DEV_AUTH_JWT_SECRET } from './auth.service.js';
import { DealerService } from './dealer.service.js';

const { dealers: demoDealers } = demoNetwork();
const js = demoDealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const below = (id: string): string[] =>
  demoDealers.filter((d) => d.parentId === id).flatMap((d) => [d.id, ...below(d.id)]);

let db: TestSubgraph<DealersLoaders>;
const dealers = new DealerService();
const auth = new AuthService({ jwtSecret: DEV_AUTH_JWT_SECRET, accessTtlSeconds: 3600, refreshTtlDays: 30 });

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('dealer scope of partner keys', () => {
  const key = (scopes: string[]): Viewer => ({ userId: 'key_1', role: Role.PARTNER, dealerId: js.id, scopes });

  it('shows a DEALER_READ key its own dealer only, not the dealers below it', async () => {
    const page = await dealers.list(db.context(key(['DEALER_READ'])), { first: 100 });
    expect(page.edges.map((e) => e.node.id)).toEqual([js.id]);
    await expect(dealers.findOne(db.context(key(['DEALER_READ'])), nj.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a CATALOG_READ key no dealer at all', async () => {
    expect((await dealers.list(db.context(key(['CATALOG_READ'])), { first: 100 })).totalCount).toBe(0);
    await expect(dealers.findOne(db.context(key(['CATALOG_READ'])), js.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('dealer scope of warehouse operators and finance clerks', () => {
  it('shows an operator no dealer at all, even one whose warehouse it works in', async () => {
    const operator: Viewer = {
      userId: 'usr_wh',
      role: Role.WAREHOUSE_OPERATOR,
      warehouseIds: [`wh_${js.code.toLowerCase()}`],
    };
    expect((await dealers.list(db.context(operator), { first: 100 })).totalCount).toBe(0);
    await expect(dealers.findOne(db.context(operator), js.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a clerk every dealer: it reads the books of all of them', async () => {
    const clerk: Viewer = { userId: 'usr_fin', role: Role.FINANCE_CLERK };
    expect((await dealers.list(db.context(clerk), { first: 1 })).totalCount).toBe(demoDealers.length);
  });
});

describe('login claims and audit', () => {
  it("signs every dealer below the user's dealer into the access token, and none for a leaf", async () => {
    const parent = await auth.login(db.context(null), { username: 'js_admin', password: 'Demo@2026' });
    const claims = await auth.verifyAccessToken(parent.accessToken);
    expect([...(claims.subDealerIds ?? [])].sort()).toEqual(below(js.id).sort());
    expect(claims.subDealerIds).toContain(nj.id);
    const hq = await auth.verifyAccessToken(
      (await auth.login(db.context(null), { username: 'hq_admin', password: 'Demo@2026' })).accessToken,
    );
    expect(hq.subDealerIds).toBeUndefined();
  });

  it('records each login with its actor and no secret', async () => {
    const before = await db.orm.em.fork().count(AuditEntry, { operation: 'login', actorId: 'usr_nj_staff' });
    await auth.login(db.context(null), { username: 'nj_staff', password: 'Demo@2026' });
    const rows = await db.orm.em
      .fork()
      .find(AuditEntry, { operation: 'login', actorId: 'usr_nj_staff' }, { orderBy: { id: 'desc' } });
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({
      actorRole: 'DEALER_STAFF',
      actorDealerId: nj.id,
      entityType: 'User',
      entityId: 'usr_nj_staff',
      action: 'LOGIN',
    });
    expect(rows[0]!.after).not.toMatch(/Demo@2026|password/i);
    await expect(auth.login(db.context(null), { username: 'nj_staff', password: 'wrong' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await db.orm.em.fork().count(AuditEntry, { operation: 'login', actorId: 'usr_nj_staff' })).toBe(before + 1);
  });
});
