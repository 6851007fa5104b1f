import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { InvitationKind, UserInvitation } from '../entities/user-invitation.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { AuthService, DEV_AUTH_JWT_SECRET } from './auth.service.js';
import { InvitationService } from './invitation.service.js';
import { PasswordService, passwordWeakness } from './password.service.js';
import { SessionService } from './session.service.js';
import { UserAdminService } from './user-admin.service.js';

const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const STRONG = 'Kettle-Plum-42';

let db: TestSubgraph<DealersLoaders>;
let clock = new Date('2026-12-07T08:00:00Z');
const now = () => clock;
const sessions = new SessionService(3600);
const invitations = new InvitationService({ ttlHours: 72, storefrontUrl: 'http://127.0.0.1:4000/store' }, now);
const admin = new UserAdminService(sessions, invitations, now);
const auth = new AuthService(
  { jwtSecret: DEV_AUTH_JWT_SECRET, accessTtlSeconds: 3600, refreshTtlDays: 30, now },
  sessions,
  new PasswordService(),
  invitations,
);
const anon = () => db.context(null);
const tokenOf = (url: string | null) => url!.split('/invite/')[1]!;
let seq = 0;

/** Invites a fresh Nanjing staff user as HQ; answers its user and token. */
async function invite(): Promise<{ user: User; token: string }> {
  const res = await admin.invite(db.context(hq), {
    username: `accept_${++seq}`,
    displayName: '受邀用户',
    role: UserRole.DEALER_STAFF,
    dealerId: nj.id,
  });
  expect(res.errors).toEqual([]);
  return { user: res.user!, token: tokenOf(res.invitationUrl) };
}

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('passwordWeakness', () => {
  it.each([
    ['Short-1a', 'too short'],
    ['a'.repeat(64) + 'A1-' + 'b'.repeat(64), 'too long'],
    ['my-accept_1-Name', 'holding the username'],
    ['alllowercase-words', 'two classes'],
    ['ALLUPPER1234', 'two classes'],
  ])('refuses %s (%s)', (password) => {
    expect(passwordWeakness(password, 'accept_1')).not.toBeNull();
  });
  it.each([STRONG, 'lower-and-1234', 'UPPER-and-lower', '密码很长Abcdefg1'])('accepts %s', (password) => {
    expect(passwordWeakness(password, 'accept_1')).toBeNull();
  });
});

describe('AuthService.acceptInvitation', () => {
  it('sets the password, enables the invited user, logs it in; the link then works no more', async () => {
    const { user, token } = await invite();
    const res = await auth.acceptInvitation(anon(), { token, password: STRONG });
    expect(res.user.id).toBe(user.id);
    expect((await auth.verifyAccessToken(res.accessToken)).sub).toBe(user.id);
    const stored = await db.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(stored).toMatchObject({ active: true, passwordSetAt: clock, lastLoginAt: clock });
    const event = await db.orm.em.fork().findOneOrFail(OutboxEvent, {
      type: EventType.USER_CHANGED,
      subjectId: user.id,
      payload: { change: 'ACTIVATED' } as never,
    });
    expect(event.payload).toMatchObject({ userId: user.id, dealerId: nj.id, role: 'DEALER_STAFF' });
    const audit = await db.orm.em.fork().find(AuditEntry, { operation: 'acceptInvitation', entityId: user.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['ACCEPT', 'LOGIN']);
    // The chosen password logs in; the link is used.
    expect((await auth.login(anon(), { username: user.username, password: STRONG })).user.id).toBe(user.id);
    await expect(auth.acceptInvitation(anon(), { token, password: 'Another-pass-9' })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
  });

  it('answers one code for unknown, used, expired and superseded links', async () => {
    await expect(auth.acceptInvitation(anon(), { token: 'x'.repeat(43), password: STRONG })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
    await expect(auth.acceptInvitation(anon(), { token: '', password: STRONG })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
    const expired = await invite();
    clock = new Date(clock.getTime() + 72 * 3_600_000);
    await expect(auth.acceptInvitation(anon(), { token: expired.token, password: STRONG })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
    expect((await db.orm.em.fork().findOneOrFail(User, { id: expired.user.id })).active).toBe(false);
    // A newer link of the same user supersedes the older one.
    const older = await invite();
    const newer = await reissue(older.user, InvitationKind.INVITE);
    await expect(auth.acceptInvitation(anon(), { token: older.token, password: STRONG })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
    expect((await auth.acceptInvitation(anon(), { token: newer, password: STRONG })).user.id).toBe(older.user.id);
  });

  it('refuses a weak password and writes nothing, so the link still works', async () => {
    const { user, token } = await invite();
    const before = await db.orm.em.fork().count(AuditEntry);
    await expect(auth.acceptInvitation(anon(), { token, password: 'short' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
    });
    await expect(
      auth.acceptInvitation(anon(), { token, password: `Xy1-${user.username.toUpperCase()}` }),
    ).rejects.toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await db.orm.em.fork().count(AuditEntry)).toBe(before);
    expect(await db.orm.em.fork().findOneOrFail(UserInvitation, { userId: user.id, usedAt: null })).toBeTruthy();
    expect((await auth.acceptInvitation(anon(), { token, password: STRONG })).user.id).toBe(user.id);
  });

  it('cancels the link of an invited user that is disabled before it accepts', async () => {
    const { user, token } = await invite();
    const disabled = await admin.disable(db.context(hq), user.id, 'invited by mistake');
    expect(disabled).toMatchObject({ active: false, disabledReason: 'invited by mistake' });
    await expect(auth.acceptInvitation(anon(), { token, password: STRONG })).rejects.toMatchObject({
      code: 'INVITATION_INVALID',
    });
    expect((await db.orm.em.fork().findOneOrFail(User, { id: user.id })).active).toBe(false);
  });

  it('lets one of two concurrent accepts of a link win', async () => {
    const { token } = await invite();
    const both = await Promise.allSettled([
      auth.acceptInvitation(anon(), { token, password: STRONG }),
      auth.acceptInvitation(anon(), { token, password: 'Second-pass-77' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('keeps a disabled user disabled on a PASSWORD_RESET link: the password is set, the login refused', async () => {
    const { user, token } = await invite();
    await auth.acceptInvitation(anon(), { token, password: STRONG });
    await admin.disable(db.context(hq), user.id, 'left the company');
    const reset = await reissue(user, InvitationKind.PASSWORD_RESET);
    await expect(auth.acceptInvitation(anon(), { token: reset, password: 'Brand-new-pass-5' })).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    const after = await db.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(after.active).toBe(false);
    expect(await new PasswordService().verify(after.passwordHash, 'Brand-new-pass-5')).toBe(true);
  });
});

/** Issues a new link of `kind` for `user` directly (as admission and resetUserPassword do); answers its token. */
async function reissue(user: User, kind: InvitationKind): Promise<string> {
  const issued = await db.orm.em.fork().transactional((tx) => invitations.issue(tx, user, kind, 'usr_hq_admin'));
  return tokenOf(issued.url);
}
