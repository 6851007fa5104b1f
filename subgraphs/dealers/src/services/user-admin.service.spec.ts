import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type DomainError, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { UserInvitation } from '../entities/user-invitation.entity.js';
import { NO_PASSWORD, User, UserRole } from '../entities/user.entity.js';
import { UserSession } from '../entities/user-session.entity.js';
import { UserWarehouse } from '../entities/user-warehouse.entity.js';
import type { InviteUserInput } from '../schema/user-admin.input.js';
import { dealersSubgraph } from '../subgraph.js';
import { hashInvitationToken, InvitationService } from './invitation.service.js';
import { SessionService } from './session.service.js';
import { UserAdminService } from './user-admin.service.js';

const { dealers } = demoNetwork();
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };

let db: TestSubgraph<DealersLoaders>;
const clock = new Date('2026-12-07T08:00:00Z');
const invitations = new InvitationService({ ttlHours: 72, storefrontUrl: 'https://shop.example/store/' }, () => clock);
const sessions = new SessionService(3600);
const admin = new UserAdminService(sessions, invitations, () => clock);
let seq = 0;
const input = (over: Partial<InviteUserInput>): InviteUserInput =>
  ({ username: `new_user_${++seq}`, displayName: '新用户', role: UserRole.DEALER_STAFF, ...over }) as InviteUserInput;
const codes = (errors: DomainError[]) => errors.map((e) => e.code);

/** Rows a refusal must leave alone. */
async function counts() {
  const em = db.orm.em.fork();
  return Promise.all([
    em.count(User),
    em.count(UserInvitation),
    em.count(UserWarehouse),
    em.count(OutboxEvent),
    em.count(AuditEntry),
  ]);
}

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('UserAdminService.invite: the role matrix', () => {
  it.each([
    ['HQ, a manager without region', hq, { role: UserRole.REGION_MANAGER }, 'REGION_REQUIRED'],
    ['HQ, a manager in no region', hq, { role: UserRole.REGION_MANAGER, regionId: 'reg_nowhere' }, 'REGION_UNKNOWN'],
    [
      'HQ, an operator without warehouses',
      hq,
      { role: UserRole.WAREHOUSE_OPERATOR, warehouseIds: [] },
      'WAREHOUSES_REQUIRED',
    ],
    ['HQ, a dealer user without dealer', hq, { role: UserRole.DEALER_ADMIN }, 'DEALER_REQUIRED'],
    ['HQ, a clerk of a dealer', hq, { role: UserRole.FINANCE_CLERK, dealerId: nj.id }, 'ROLE_NOT_ALLOWED'],
    ['a dealer admin, HQ', njAdmin, { role: UserRole.HQ_ADMIN }, 'ROLE_NOT_ALLOWED'],
    ['a dealer admin, a manager', njAdmin, { role: UserRole.REGION_MANAGER, regionId: 'reg_east' }, 'ROLE_NOT_ALLOWED'],
    [
      'a dealer admin, an operator',
      njAdmin,
      { role: UserRole.WAREHOUSE_OPERATOR, warehouseIds: ['wh_east'] },
      'ROLE_NOT_ALLOWED',
    ],
    ['a dealer admin, a clerk', njAdmin, { role: UserRole.FINANCE_CLERK }, 'ROLE_NOT_ALLOWED'],
    ['an invalid username', hq, { username: 'Bad Name', dealerId: nj.id }, 'USERNAME_INVALID'],
    ['a short username', hq, { username: 'ab', dealerId: nj.id }, 'USERNAME_INVALID'],
    ['a taken username', njAdmin, { username: 'nj_staff' }, 'USERNAME_TAKEN'],
  ] as const)('refuses %s and writes nothing', async (_name, viewer, over, code) => {
    const before = await counts();
    const res = await admin.invite(db.context(viewer), input(over as Partial<InviteUserInput>));
    expect(codes(res.errors)).toEqual([code]);
    expect(res).toMatchObject({ user: null, invitationUrl: null, expiresAt: null });
    expect(await counts()).toEqual(before);
  });

  it("answers NOT_FOUND for a dealer outside the admin's own, even its sub-dealer", async () => {
    const before = await counts();
    await expect(admin.invite(db.context(jsAdmin), input({ dealerId: nj.id }))).rejects.toThrow(/not found/i);
    await expect(admin.invite(db.context(njAdmin), input({ dealerId: js.id }))).rejects.toThrow(/not found/i);
    await expect(admin.invite(db.context(hq), input({ dealerId: 'dlr_nope' }))).rejects.toThrow(/not found/i);
    expect(await counts()).toEqual(before);
  });

  it("lets a dealer admin invite its own dealer's staff and admins, with a one-time link", async () => {
    const res = await admin.invite(db.context(njAdmin), input({ username: 'nj.staff-2', role: UserRole.DEALER_STAFF }));
    expect(res.errors).toEqual([]);
    expect(res.user).toMatchObject({ role: 'DEALER_STAFF', dealerId: nj.id, regionId: nj.regionId, active: false });
    expect(res.user!.passwordHash).toBe(NO_PASSWORD);
    expect(res.expiresAt).toEqual(new Date(clock.getTime() + 72 * 3_600_000));
    const token = res.invitationUrl!.match(/^https:\/\/shop\.example\/store\/invite\/([A-Za-z0-9_-]{43})$/)![1]!;
    const em = db.orm.em.fork();
    const stored = await em.findOneOrFail(UserInvitation, { userId: res.user!.id });
    // Only the hash is kept: the link cannot be read back from the database.
    expect(stored).toMatchObject({ kind: 'INVITE', usedAt: null, createdByUserId: 'usr_nj_admin' });
    expect(stored.tokenSha256).toBe(hashInvitationToken(token));
    expect(JSON.stringify(await em.find(AuditEntry, { entityId: res.user!.id }))).not.toContain(token);
    const event = await em.findOneOrFail(OutboxEvent, { type: EventType.USER_CHANGED, subjectId: res.user!.id });
    expect(event.payload).toEqual({ userId: res.user!.id, dealerId: nj.id, role: 'DEALER_STAFF', change: 'INVITED' });
    expect(event.scope).toEqual({ hqOnly: true, dealerIds: [nj.id] });
    const audit = await em.findOneOrFail(AuditEntry, { operation: 'inviteUser', entityId: res.user!.id });
    expect(audit.actorId).toBe('usr_nj_admin');
    const other = await admin.invite(db.context(njAdmin), input({ role: UserRole.DEALER_ADMIN, dealerId: nj.id }));
    expect(other.errors).toEqual([]);
  });

  it('lets head office invite every brand role and dealer users of any dealer', async () => {
    const manager = await admin.invite(db.context(hq), input({ role: UserRole.REGION_MANAGER, regionId: 'reg_east' }));
    expect(manager.user).toMatchObject({ role: 'REGION_MANAGER', regionId: 'reg_east', dealerId: null });
    const operator = await admin.invite(
      db.context(hq),
      input({ role: UserRole.WAREHOUSE_OPERATOR, warehouseIds: ['wh_east', 'wh_hq', 'wh_east'] }),
    );
    expect(operator.errors).toEqual([]);
    const rows = await db.orm.em
      .fork()
      .find(UserWarehouse, { userId: operator.user!.id }, { orderBy: { warehouseId: 'asc' } });
    expect(rows.map((r) => r.warehouseId)).toEqual(['wh_east', 'wh_hq']);
    for (const role of [UserRole.HQ_ADMIN, UserRole.FINANCE_CLERK])
      expect((await admin.invite(db.context(hq), input({ role }))).errors).toEqual([]);
    const dealerUser = await admin.invite(db.context(hq), input({ role: UserRole.DEALER_ADMIN, dealerId: js.id }));
    expect(dealerUser.user).toMatchObject({ dealerId: js.id, regionId: js.regionId });
  });

  it('refuses a second invitation of one username, also when both race', async () => {
    const twice = await Promise.all([
      admin.invite(db.context(hq), input({ username: 'race_user', dealerId: nj.id })),
      admin.invite(db.context(hq), input({ username: 'race_user', dealerId: nj.id })),
    ]);
    expect(twice.map((r) => codes(r.errors)).sort()).toEqual([[], ['USERNAME_TAKEN']]);
    expect(await db.orm.em.fork().count(User, { username: 'race_user' })).toBe(1);
  });
});

/** Invites a user as HQ and opens a session for it; answers the user. */
async function userWithSession(over: Partial<InviteUserInput>): Promise<User> {
  const res = await admin.invite(db.context(hq), input(over));
  expect(res.errors).toEqual([]);
  const em = db.orm.em.fork();
  sessions.open(em, res.user!.id, clock);
  await em.flush();
  return res.user!;
}

/** The open sessions of a user and the reasons its ended ones ended for. */
async function sessionsOf(userId: string) {
  const rows = await db.orm.em.fork().find(UserSession, { userId });
  return { open: rows.filter((r) => !r.revokedAt).length, reasons: rows.map((r) => r.revokedReason) };
}

describe('UserAdminService.setRole', () => {
  it.each([
    ['its own role', njAdmin, 'usr_nj_admin', { role: UserRole.DEALER_STAFF }, 'CANNOT_CHANGE_OWN_ROLE'],
    [
      'a dealer user to HQ, as a dealer admin',
      njAdmin,
      'usr_nj_staff',
      { role: UserRole.HQ_ADMIN },
      'ROLE_NOT_ALLOWED',
    ],
    ['a dealer user to a brand role', hq, 'usr_nj_staff', { role: UserRole.FINANCE_CLERK }, 'ROLE_NOT_ALLOWED'],
    ['a brand user to a dealer role', hq, 'usr_east_manager', { role: UserRole.DEALER_ADMIN }, 'ROLE_NOT_ALLOWED'],
    [
      'an operator without warehouses',
      hq,
      'usr_east_manager',
      { role: UserRole.WAREHOUSE_OPERATOR },
      'WAREHOUSES_REQUIRED',
    ],
    ['a manager without region', hq, 'usr_fin_clerk', { role: UserRole.REGION_MANAGER }, 'REGION_REQUIRED'],
  ] as const)('refuses %s and writes nothing', async (_name, viewer, id, over, code) => {
    const before = await counts();
    const res = await admin.setRole(db.context(viewer), { id, ...over } as never);
    expect(codes(res.errors)).toEqual([code]);
    expect(await counts()).toEqual(before);
  });

  it("answers NOT_FOUND for a user outside the admin's dealer", async () => {
    await expect(
      admin.setRole(db.context(jsAdmin), { id: 'usr_nj_staff', role: UserRole.DEALER_ADMIN }),
    ).rejects.toThrow(/not found/i);
    await expect(admin.setRole(db.context(njAdmin), { id: 'usr_hq_admin', role: UserRole.HQ_ADMIN })).rejects.toThrow(
      /not found/i,
    );
  });

  it('changes the role, ends every session of the user, records the event and the audit entry', async () => {
    const user = await userWithSession({ role: UserRole.DEALER_STAFF, dealerId: nj.id });
    const res = await admin.setRole(db.context(njAdmin), { id: user.id, role: UserRole.DEALER_ADMIN });
    expect(res.errors).toEqual([]);
    expect(res.user).toMatchObject({ role: 'DEALER_ADMIN', dealerId: nj.id, roleChangedAt: clock });
    expect(await sessionsOf(user.id)).toEqual({ open: 0, reasons: ['ROLE_CHANGED'] });
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(User, { id: user.id })).sessionsValidAfter).toEqual(clock);
    const changed = await em.find(OutboxEvent, { subjectId: user.id, type: EventType.USER_CHANGED });
    expect(changed.map((e) => e.payload.change)).toEqual(['INVITED', 'ROLE_CHANGED']);
    expect(await em.count(OutboxEvent, { subjectId: user.id, type: EventType.USER_SESSIONS_REVOKED })).toBe(1);
    const audit = await em.findOneOrFail(AuditEntry, { operation: 'setUserRole', entityId: user.id });
    expect(audit.actorId).toBe('usr_nj_admin');
    // The same role again writes nothing.
    const before = await counts();
    expect((await admin.setRole(db.context(njAdmin), { id: user.id, role: UserRole.DEALER_ADMIN })).errors).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("replaces an operator's warehouses and drops them when it takes another brand role", async () => {
    const user = await userWithSession({ role: UserRole.REGION_MANAGER, regionId: 'reg_east' });
    const ops = await admin.setRole(db.context(hq), {
      id: user.id,
      role: UserRole.WAREHOUSE_OPERATOR,
      warehouseIds: ['wh_east'],
    });
    expect(ops.user).toMatchObject({ role: 'WAREHOUSE_OPERATOR', regionId: 'reg_east' });
    const warehouses = () => db.orm.em.fork().count(UserWarehouse, { userId: user.id });
    expect(await warehouses()).toBe(1);
    await admin.setRole(db.context(hq), { id: user.id, role: UserRole.FINANCE_CLERK });
    expect(await warehouses()).toBe(0);
    expect((await sessionsOf(user.id)).reasons).toEqual(['ROLE_CHANGED']);
  });
});

describe('UserAdminService.resetPassword', () => {
  it('drops the password, ends every session and answers a PASSWORD_RESET link', async () => {
    const user = await userWithSession({ role: UserRole.DEALER_STAFF, dealerId: nj.id });
    const res = await admin.resetPassword(db.context(njAdmin), user.id);
    expect(res.errors).toEqual([]);
    expect(res.invitationUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(User, { id: user.id })).passwordHash).toBe(NO_PASSWORD);
    expect(await sessionsOf(user.id)).toEqual({ open: 0, reasons: ['PASSWORD_RESET'] });
    const open = await em.find(UserInvitation, { userId: user.id, usedAt: null });
    expect(open.map((i) => i.kind)).toEqual(['PASSWORD_RESET']);
    const changed = await em.find(OutboxEvent, { subjectId: user.id, type: EventType.USER_CHANGED });
    expect(changed.map((e) => e.payload.change)).toEqual(['INVITED', 'PASSWORD_RESET']);
    expect(await em.count(AuditEntry, { operation: 'resetUserPassword', entityId: user.id })).toBe(1);
  });

  it("answers NOT_FOUND for a user outside the admin's dealer and writes nothing", async () => {
    const before = await counts();
    await expect(admin.resetPassword(db.context(jsAdmin), 'usr_nj_staff')).rejects.toThrow(/not found/i);
    await expect(admin.resetPassword(db.context(njAdmin), 'usr_east_manager')).rejects.toThrow(/not found/i);
    expect(await counts()).toEqual(before);
  });
});
