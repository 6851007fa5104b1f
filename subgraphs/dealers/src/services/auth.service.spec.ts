import { EventType, OutboxEvent } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer, DealerGrade, DealerStatus } from '../entities/dealer.entity.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { Region } from '../entities/region.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { UserSession } from '../entities/user-session.entity.js';
import { UserWarehouse } from '../entities/user-warehouse.entity.js';
import { SessionService } from './session.service.js';
import { dealersSubgraph } from '../subgraph.js';
import { UserService } from './user.service.js';
import {
  AuthService,
  buildAccessClaims,
  DEV_AUTH_JWT_SECRET,
  hashRefreshToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './auth.service.js';

const PASSWORD = 'Demo@2026';
let db: TestSubgraph<DealersLoaders>;
let clock = new Date('2026-11-20T08:00:00Z');
const auth = new AuthService({
  jwtSecret: DEV_AUTH_JWT_SECRET,
  accessTtlSeconds: 3600,
  refreshTtlDays: 30,
  now: () => clock,
});
const anon = () => db.context(null);

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('AuthService.login', () => {
  it('logs a dealer user in with a signed access token carrying the dealer claims', async () => {
    const ctx = anon();
    const res = await auth.login(ctx, { username: 'nj_admin', password: PASSWORD });
    expect(res.user.username).toBe('nj_admin');
    // The payload's `user { dealer }` resolves although the request itself is anonymous.
    expect((await new UserService().dealer(ctx, res.user))?.id).toBe(res.user.dealerId);
    expect(res.expiresAt.getTime()).toBe(clock.getTime() + 3600_000);
    expect(res.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = await auth.verifyAccessToken(res.accessToken);
    expect(claims).toMatchObject({
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      sub: 'usr_nj_admin',
      role: 'DEALER_ADMIN',
      dealerId: res.user.dealerId,
      regionId: 'reg_js_nj',
      regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
    });
    expect(Object.values(DealerGrade)).toContain(claims.dealerGrade);
    expect(claims.exp! - claims.iat!).toBe(3600);
    const stored = await db.orm.em.fork().findOneOrFail(User, { username: 'nj_admin' });
    expect(stored.lastLoginAt?.getTime()).toBe(clock.getTime());
    // Only the hash of the refresh token is stored.
    expect(await db.orm.em.fork().count(RefreshToken, { tokenHash: hashRefreshToken(res.refreshToken) })).toBe(1);
  });

  it('gives managers their own region and no dealer claims', async () => {
    const res = await auth.login(anon(), { username: 'east_manager', password: PASSWORD });
    const claims = await auth.verifyAccessToken(res.accessToken);
    expect(claims).toMatchObject({
      role: 'REGION_MANAGER',
      regionId: 'reg_east',
      regionPath: ['reg_cn', 'reg_east'],
      name: '华东大区经理',
    });
    expect(claims.dealerId).toBeUndefined();
    expect(claims.dealerGrade).toBeUndefined();
    const hq = await auth.verifyAccessToken(
      (await auth.login(anon(), { username: 'hq_admin', password: PASSWORD })).accessToken,
    );
    expect(hq).toMatchObject({ role: 'HQ_ADMIN', regionId: 'reg_cn', regionPath: ['reg_cn'] });
  });

  it('answers unknown users and wrong passwords with the same INVALID_CREDENTIALS error', async () => {
    const wrong = await auth.login(anon(), { username: 'nj_admin', password: 'nope' }).catch((e) => e);
    const unknown = await auth.login(anon(), { username: 'nobody', password: PASSWORD }).catch((e) => e);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown.message).toBe(wrong.message);
  });

  it('validates input lengths with BAD_USER_INPUT', async () => {
    await expect(auth.login(anon(), { username: '', password: PASSWORD })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(auth.login(anon(), { username: 'x'.repeat(65), password: PASSWORD })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(auth.login(anon(), { username: 'nj_admin', password: '' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(auth.login(anon(), { username: 'nj_admin', password: 'p'.repeat(257) })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it("refuses inactive users and terminated dealers' users (ACCOUNT_DISABLED), after a right password", async () => {
    const em = db.orm.em.fork();
    const staff = await em.findOneOrFail(User, { username: 'nj_staff' });
    staff.active = false;
    await em.flush();
    await expect(auth.login(anon(), { username: 'nj_staff', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    await expect(auth.login(anon(), { username: 'nj_staff', password: 'wrong' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    staff.active = true;
    await em.flush();

    const user = await em.findOneOrFail(User, { username: 'js_admin' });
    const dealer = await em.findOneOrFail(Dealer, { id: user.dealerId! });
    dealer.status = DealerStatus.TERMINATED;
    await em.flush();
    await expect(auth.login(anon(), { username: 'js_admin', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    dealer.status = DealerStatus.ACTIVE;
    await em.flush();
    await expect(auth.login(anon(), { username: 'js_admin', password: PASSWORD })).resolves.toBeTruthy();
  });
});

describe('warehouse claims (user_warehouse)', () => {
  const claimsOf = async (username: string) =>
    auth.verifyAccessToken((await auth.login(anon(), { username, password: PASSWORD })).accessToken);

  it("signs a warehouse operator's warehouses into its token, by id, and no dealer claims", async () => {
    const claims = await claimsOf('wh_east_op');
    expect(claims).toMatchObject({ role: 'WAREHOUSE_OPERATOR', warehouseIds: ['wh_east', 'wh_hq'] });
    expect(claims.dealerId).toBeUndefined();
    expect(claims.subDealerIds).toBeUndefined();
    const clerk = await claimsOf('fin_clerk');
    expect(clerk).toMatchObject({ role: 'FINANCE_CLERK', regionId: 'reg_cn' });
    expect(clerk.warehouseIds).toBeUndefined();
  });

  it('reads the rows again at refresh: a warehouse given or taken away shows in the next token', async () => {
    const em = db.orm.em.fork();
    const first = await auth.login(anon(), { username: 'wh_east_op', password: PASSWORD });
    em.create(UserWarehouse, { userId: 'usr_wh_east_op', warehouseId: 'wh_south', createdAt: clock });
    await em.nativeDelete(UserWarehouse, { userId: 'usr_wh_east_op', warehouseId: 'wh_hq' });
    await em.flush();
    try {
      const next = await auth.refresh(anon(), first.refreshToken);
      expect((await auth.verifyAccessToken(next.accessToken)).warehouseIds).toEqual(['wh_east', 'wh_south']);
    } finally {
      await em.nativeDelete(UserWarehouse, { userId: 'usr_wh_east_op', warehouseId: 'wh_south' });
      await em.insert(UserWarehouse, { userId: 'usr_wh_east_op', warehouseId: 'wh_hq', createdAt: clock });
    }
  });

  it('never gives warehouse ids to another role, and an operator without rows gets none', async () => {
    const em = db.orm.em.fork();
    await em.insert(UserWarehouse, { userId: 'usr_nj_staff', warehouseId: 'wh_hq', createdAt: clock });
    await em.insert(UserWarehouse, { userId: 'usr_east_manager', warehouseId: 'wh_hq', createdAt: clock });
    try {
      expect((await claimsOf('nj_staff')).warehouseIds).toBeUndefined();
      expect((await claimsOf('east_manager')).warehouseIds).toBeUndefined();
    } finally {
      await em.nativeDelete(UserWarehouse, { userId: { $in: ['usr_nj_staff', 'usr_east_manager'] } });
    }
    const op = await em.findOneOrFail(User, { username: 'wh_east_op' });
    const rows = await em.find(UserWarehouse, { userId: op.id });
    await em.nativeDelete(UserWarehouse, { userId: op.id });
    try {
      expect((await claimsOf('wh_east_op')).warehouseIds).toBeUndefined();
    } finally {
      await em.insertMany(
        UserWarehouse,
        rows.map((r) => ({ userId: r.userId, warehouseId: r.warehouseId, createdAt: r.createdAt })),
      );
    }
  });
});

describe('AuthService.refresh', () => {
  it('rotates: a refresh token works once, and reusing it revokes every session of the user', async () => {
    const first = await auth.login(anon(), { username: 'south_manager', password: PASSWORD });
    const second = await auth.refresh(anon(), first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.id).toBe('usr_south_manager');
    expect((await auth.verifyAccessToken(second.accessToken)).regionId).toBe('reg_south');

    await expect(auth.refresh(anon(), first.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    // The reuse ended the session (and every other of the user): the newer token is dead too.
    await expect(auth.refresh(anon(), second.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    const sid = (await auth.verifyAccessToken(second.accessToken)).sid!;
    expect(sid).toBe((await auth.verifyAccessToken(first.accessToken)).sid);
    expect(await db.orm.em.fork().findOneOrFail(UserSession, { id: sid })).toMatchObject({
      revokedReason: 'REFRESH_TOKEN_REUSED',
    });
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const start = await auth.login(anon(), { username: 'hq_admin', password: PASSWORD });
    const results = await Promise.allSettled([
      auth.refresh(anon(), start.refreshToken),
      auth.refresh(anon(), start.refreshToken),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('rejects unknown tokens with INVALID_TOKEN and expired ones with TOKEN_EXPIRED', async () => {
    await expect(auth.refresh(anon(), 'not-a-token')).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(auth.refresh(anon(), '')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const res = await auth.login(anon(), { username: 'nj_admin', password: PASSWORD });
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 31 * 86_400_000);
      await expect(auth.refresh(anon(), res.refreshToken)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      // The access token has long expired too.
      await expect(auth.verifyAccessToken(res.accessToken)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    } finally {
      clock = saved;
    }
  });
});

describe('buildAccessClaims', () => {
  const user = (over: Partial<User>) =>
    Object.assign(
      new User(),
      {
        id: 'usr_x',
        username: 'x',
        displayName: 'X',
        role: UserRole.DEALER_STAFF,
        dealerId: 'dlr_0002',
        regionId: 'reg_js',
        active: true,
      },
      over,
    );
  const dealer = Object.assign(new Dealer(), {
    id: 'dlr_0002',
    grade: DealerGrade.B,
    regionId: 'reg_js_nj',
    regionPath: '/reg_cn/reg_east/reg_js/reg_js_nj/',
  });
  const region = Object.assign(new Region(), { id: 'reg_east', path: '/reg_cn/reg_east/' });

  it("takes a dealer user's region and grade from the dealer", () => {
    expect(buildAccessClaims(user({}), dealer, null)).toEqual({
      role: 'DEALER_STAFF',
      name: 'X',
      dealerId: 'dlr_0002',
      dealerGrade: 'B',
      regionId: 'reg_js_nj',
      regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
    });
  });

  it('gives a warehouse operator at most 50 warehouses, and no other role any', () => {
    const many = Array.from({ length: 60 }, (_, i) => `wh_${String(i).padStart(2, '0')}`);
    const op = user({ role: UserRole.WAREHOUSE_OPERATOR, dealerId: null, regionId: 'reg_east' });
    expect(buildAccessClaims(op, null, region, [], many).warehouseIds).toEqual(many.slice(0, 50));
    expect(buildAccessClaims(op, null, region, [], []).warehouseIds).toBeUndefined();
    expect(buildAccessClaims(user({}), dealer, null, [], many).warehouseIds).toBeUndefined();
  });

  it("takes a manager's region from the user's region row", () => {
    expect(
      buildAccessClaims(user({ role: UserRole.REGION_MANAGER, dealerId: null, regionId: 'reg_east' }), null, region),
    ).toEqual({
      role: 'REGION_MANAGER',
      name: 'X',
      regionId: 'reg_east',
      regionPath: ['reg_cn', 'reg_east'],
    });
  });
});

describe('AuthService.logout', () => {
  it('revokes the refresh token so it can no longer be exchanged, and is harmless twice', async () => {
    const session = await auth.login(db.context(null), { username: 'nj_staff', password: 'Demo@2026' });
    expect(await auth.logout(db.context(null), session.refreshToken)).toBe(true);
    expect(await auth.logout(db.context(null), session.refreshToken)).toBe(false);
    await expect(auth.refresh(db.context(null), session.refreshToken)).rejects.toMatchObject({
      code: 'SESSION_REVOKED',
    });
    await expect(auth.logout(db.context(null), '')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("ends the token's session only: its access token reads as revoked, the user's other session not", async () => {
    const ended = await auth.login(db.context(null), { username: 'east_manager', password: 'Demo@2026' });
    const kept = await auth.login(db.context(null), { username: 'east_manager', password: 'Demo@2026' });
    expect(await auth.logout(db.context(null), ended.refreshToken)).toBe(true);
    const check = async (token: string) => {
      const claims = await auth.verifyAccessToken(token);
      return { sessionId: claims.sid!, userId: claims.sub!, issuedAt: claims.iat! };
    };
    const statuses = await new SessionService(3600).statuses(db.context(null), [
      await check(ended.accessToken),
      await check(kept.accessToken),
    ]);
    expect(statuses.map((s) => s.revoked)).toEqual([true, false]);
    const events = await db.orm.em.fork().find(OutboxEvent, { type: EventType.SESSION_REVOKED });
    expect(events.map((e) => (e.payload as { sessionId: string }).sessionId)).toContain(
      (await check(ended.accessToken)).sessionId,
    );
    await expect(auth.refresh(db.context(null), kept.refreshToken)).resolves.toBeTruthy();
  });
});
