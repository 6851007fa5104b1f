import {
  AppError,
  ErrorCode,
  isDealerRole,
  MAX_WAREHOUSE_CLAIMS,
  newId,
  recordAudit,
  SESSION_REVOKED,
  SessionRevokeReason,
  UserInputError,
  type Role,
} from '@dnp/subgraph-kit';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { pathIds, Region } from '../entities/region.entity.js';
import { User, UserRole } from '../entities/user.entity.js';
import { UserSession } from '../entities/user-session.entity.js';
import { UserWarehouse } from '../entities/user-warehouse.entity.js';
import type { DealersContext } from '../dealers-context.js';
import type { LoginInput } from '../schema/auth.input.js';
import type { AcceptInvitationInput } from '../schema/user-admin.input.js';
import { InvitationKind } from '../entities/user-invitation.entity.js';
import type { AuthPayload } from '../schema/auth.type.js';
import { InvitationService, recordUserChanged } from './invitation.service.js';
import { MAX_PASSWORD_LENGTH, PasswordService, passwordWeakness } from './password.service.js';
import { SessionService } from './session.service.js';
import { UserCode } from './user-role.rule.js';

/** Issuer and audience of the access tokens; the gateway checks both. */
export const TOKEN_ISSUER = 'dnp-dealers';
export const TOKEN_AUDIENCE = 'dnp';

/** Used only outside production when AUTH_JWT_SECRET is not set (config.ts refuses it in production). */
export const DEV_AUTH_JWT_SECRET = 'dnp-development-only-auth-secret-do-not-deploy';

/** Error code for a correct login of a user who may not log in (inactive user, terminated dealer). */
export const ACCOUNT_DISABLED = 'ACCOUNT_DISABLED';

const INVALID_CREDENTIALS_MESSAGE = 'Unknown username or wrong password';

/** One message for every invitation that does not work, so tokens cannot be probed. */
const INVITATION_INVALID_MESSAGE = 'This invitation link is not valid: it is unknown, used or expired';

/** What the auth service needs from the configuration. */
export interface AuthSettings {
  /** HS256 secret, at least 32 characters. */
  jwtSecret: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

/** The claims of an access token besides the registered ones (sub = user id, iat, exp). */
export interface AccessClaims {
  /** The login session (UserSession id): the gateway refuses the token once it has ended. */
  sid?: string;
  role: string;
  name: string;
  dealerId?: string;
  dealerGrade?: string;
  regionId?: string;
  /** Region ids from the root down to `regionId`. */
  regionPath?: string[];
  /** For dealer users: every dealer below theirs in the dealer tree, which they read read-only. */
  subDealerIds?: string[];
  /** For warehouse operators: the warehouses they work in (`user_warehouse`), their whole data scope. */
  warehouseIds?: string[];
}

/**
 * Most sub-dealer ids an access token carries (about 12 bytes each, so the token stays a few KB).
 * A dealer with more descendants sees only the first ones by id: the claim can narrow a parent
 * dealer's read scope, never widen it.
 */
export const MAX_SUB_DEALER_CLAIMS = 500;

/**
 * The claims of `user`'s access token. A dealer user's region is the dealer's home region (and
 * carries the dealer's grade), so pricing and scoping downstream need no lookup; head office and
 * managers carry their own region (`region`, the row of `user.regionId`). A warehouse operator
 * carries its warehouses (at most MAX_WAREHOUSE_CLAIMS; none means it sees nothing); no other role
 * ever carries warehouse ids.
 */
export function buildAccessClaims(
  user: User,
  dealer: Dealer | null,
  region: Region | null,
  subDealerIds: string[] = [],
  warehouseIds: string[] = [],
): AccessClaims {
  const claims: AccessClaims = { role: user.role, name: user.displayName };
  if (user.role === UserRole.WAREHOUSE_OPERATOR && warehouseIds.length)
    claims.warehouseIds = warehouseIds.slice(0, MAX_WAREHOUSE_CLAIMS);
  if (isDealerRole(user.role) && dealer) {
    claims.dealerId = dealer.id;
    if (subDealerIds.length) claims.subDealerIds = subDealerIds.slice(0, MAX_SUB_DEALER_CLAIMS);
    claims.dealerGrade = dealer.grade;
    claims.regionId = dealer.regionId;
    claims.regionPath = pathIds(dealer.regionPath);
  } else if (region) {
    claims.regionId = region.id;
    claims.regionPath = pathIds(region.path);
  }
  return claims;
}

/**
 * Ids of every dealer below `dealer` in the dealer tree (its dealer path is a prefix of theirs), by
 * id, at most MAX_SUB_DEALER_CLAIMS.
 */
async function subDealerIdsOf(ctx: DealersContext, dealer: Dealer): Promise<string[]> {
  const rows = await ctx.em.find(
    Dealer,
    { dealerPath: { $like: `${dealer.dealerPath}%` }, id: { $ne: dealer.id } },
    { fields: ['id'], orderBy: { id: 'asc' }, limit: MAX_SUB_DEALER_CLAIMS },
  );
  return rows.map((d) => d.id);
}

/** The warehouses a warehouse operator works in, by id, at most MAX_WAREHOUSE_CLAIMS. */
async function warehouseIdsOf(ctx: DealersContext, user: User): Promise<string[]> {
  const rows = await ctx.em.find(
    UserWarehouse,
    { userId: user.id },
    { fields: ['warehouseId'], orderBy: { warehouseId: 'asc' }, limit: MAX_WAREHOUSE_CLAIMS },
  );
  return rows.map((r) => r.warehouseId);
}

/** The audit actor of a user who is not yet the request's viewer (login, refresh). */
function actorOf(user: User): { userId: string; role: Role; displayName: string; dealerId?: string } {
  return {
    userId: user.id,
    role: user.role as Role,
    displayName: user.displayName,
    ...(user.dealerId ? { dealerId: user.dealerId } : {}),
  };
}

/** Hex SHA-256 of a refresh token: what the database stores instead of the token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Login, access-token signing and refresh-token rotation. */
export class AuthService {
  private readonly key: Uint8Array;
  private readonly now: () => Date;

  constructor(
    private readonly settings: AuthSettings,
    private readonly sessions = new SessionService(settings.accessTtlSeconds),
    private readonly passwords = new PasswordService(),
    private readonly invitations = new InvitationService(),
  ) {
    if (settings.jwtSecret.length < 32) throw new Error('The access token secret must be at least 32 characters');
    this.key = new TextEncoder().encode(settings.jwtSecret);
    this.now = settings.now ?? (() => new Date());
  }

  /**
   * Checks a username and password and opens a session. Unknown users and wrong passwords fail
   * alike (INVALID_CREDENTIALS); a correct password of an inactive user or of a terminated
   * dealer's user fails with ACCOUNT_DISABLED.
   */
  async login(ctx: DealersContext, input: LoginInput): Promise<AuthPayload> {
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    const password = typeof input.password === 'string' ? input.password : '';
    if (username.length < 1 || username.length > 64)
      throw new UserInputError('username must be 1 to 64 characters', 'username');
    if (password.length < 1 || password.length > 256)
      throw new UserInputError('password must be 1 to 256 characters', 'password');

    const user = await ctx.em.findOne(User, { username });
    const ok = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyNothing(password);
    if (!user || !ok) throw new AppError(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE);

    const payload = await this.startSession(ctx, user, this.now(), 'login');
    ctx.log.info({ userId: user.id }, 'login');
    return payload;
  }

  /**
   * Sets the password of an invitation's user and logs it in. INVITATION_INVALID alike for an
   * unknown, used or expired token (so tokens cannot be probed); PASSWORD_TOO_WEAK (nothing
   * written). An INVITE activates the user; a PASSWORD_RESET leaves it as it is, so a disabled
   * user's password is set but it is refused with ACCOUNT_DISABLED, as at login.
   */
  async acceptInvitation(ctx: DealersContext, input: AcceptInvitationInput): Promise<AuthPayload> {
    const token = typeof input.token === 'string' ? input.token : '';
    const password = typeof input.password === 'string' ? input.password : '';
    // Refused before any lookup: hashing megabytes would be work for nothing.
    if (password.length > 4 * MAX_PASSWORD_LENGTH)
      throw new AppError(UserCode.PASSWORD_TOO_WEAK, 'The password is too long', { field: 'password' });
    const now = this.now();
    const invitation = await this.invitations.findOpen(ctx.em, token, now);
    const user = invitation ? await ctx.em.findOne(User, { id: invitation.userId }) : null;
    if (!invitation || !user) throw new AppError(UserCode.INVITATION_INVALID, INVITATION_INVALID_MESSAGE);
    const weakness = passwordWeakness(password, user.username);
    if (weakness) throw new AppError(UserCode.PASSWORD_TOO_WEAK, weakness, { field: 'password' });
    const passwordHash = await this.passwords.hash(password);
    // Only an invitee who was never disabled becomes active (disabling also cancels its links).
    const activate = invitation.kind === InvitationKind.INVITE && !user.active && !user.disabledAt;
    await ctx.em.transactional(async (tx) => {
      // Conditional: of two accepts of one link (or a newer link issued meanwhile) one sets the password.
      if (!(await this.invitations.claim(tx, invitation, now)))
        throw new AppError(UserCode.INVITATION_INVALID, INVITATION_INVALID_MESSAGE);
      await tx.nativeUpdate(
        User,
        { id: user.id },
        { passwordHash, passwordSetAt: now, ...(activate ? { active: true, disabledAt: null } : {}) },
      );
      if (activate) recordUserChanged(tx, user, 'ACTIVATED', now);
      recordAudit(
        tx,
        { viewer: actorOf(user), requestId: ctx.requestId },
        {
          operation: 'acceptInvitation',
          action: 'ACCEPT',
          entityType: 'User',
          entityId: user.id,
          before: { active: user.active, passwordSetAt: user.passwordSetAt },
          after: { active: activate || user.active, passwordSetAt: now, invitationId: invitation.id },
        },
      );
    });
    await ctx.em.refresh(user);
    ctx.log.info({ userId: user.id, kind: invitation.kind }, 'invitation accepted');
    return this.startSession(ctx, user, now, 'acceptInvitation');
  }

  /** Opens a session for a user who just proved to be itself: last login, audit, tokens. */
  private async startSession(ctx: DealersContext, user: User, now: Date, operation: string): Promise<AuthPayload> {
    const dealer = await this.ensureEnabled(ctx, user);
    const before = user.lastLoginAt;
    user.lastLoginAt = now;
    recordAudit(
      ctx.em,
      { viewer: actorOf(user), requestId: ctx.requestId },
      {
        operation,
        action: 'LOGIN',
        entityType: 'User',
        entityId: user.id,
        before: { lastLoginAt: before },
        after: { lastLoginAt: now },
      },
    );
    return this.issue(ctx, user, dealer, now, this.sessions.open(ctx.em, user.id, now));
  }

  /**
   * Exchanges a refresh token for a new token pair of the same session; the old token is revoked
   * (rotation). Unknown tokens fail with INVALID_TOKEN, expired ones with TOKEN_EXPIRED, tokens
   * of an ended session (logout, disabled user) with SESSION_REVOKED. Presenting an already
   * rotated token of a live session again ends every session of its user (INVALID_TOKEN),
   * because only a thief or a replay would do that.
   */
  async refresh(ctx: DealersContext, token: string): Promise<AuthPayload> {
    if (typeof token !== 'string' || token.length < 1 || token.length > 256)
      throw new UserInputError('refreshToken must be 1 to 256 characters', 'refreshToken');
    const now = this.now();
    const row = await ctx.em.findOne(RefreshToken, { tokenHash: hashRefreshToken(token) });
    if (!row) throw new AppError(ErrorCode.INVALID_TOKEN, 'The refresh token is not valid');
    const session = row.sessionId ? await ctx.em.findOne(UserSession, { id: row.sessionId }) : null;
    // An ended session's tokens were revoked with it: that is no reuse, so no other session ends.
    if (session?.revokedAt) throw new AppError(SESSION_REVOKED, 'This session has ended; log in again');
    if (row.revokedAt) {
      await ctx.em.transactional((tx) =>
        this.sessions.revokeAll(tx, row.userId, SessionRevokeReason.REFRESH_TOKEN_REUSED, now),
      );
      ctx.log.warn({ userId: row.userId }, 'refresh token reused; all sessions of the user revoked');
      throw new AppError(ErrorCode.INVALID_TOKEN, 'The refresh token is not valid');
    }
    if (row.expiresAt.getTime() <= now.getTime())
      throw new AppError(ErrorCode.TOKEN_EXPIRED, 'The refresh token has expired; log in again');
    // Conditional update: of two concurrent refreshes with one token, exactly one wins.
    const claimed = await ctx.em.nativeUpdate(RefreshToken, { id: row.id, revokedAt: null }, { revokedAt: now });
    if (claimed !== 1) throw new AppError(ErrorCode.INVALID_TOKEN, 'The refresh token is not valid');

    const user = await ctx.em.findOne(User, { id: row.userId });
    if (!user) throw new AppError(ErrorCode.INVALID_TOKEN, 'The refresh token is not valid');
    const dealer = await this.ensureEnabled(ctx, user);
    recordAudit(
      ctx.em,
      { viewer: actorOf(user), requestId: ctx.requestId },
      {
        operation: 'refreshToken',
        action: 'REFRESH',
        entityType: 'RefreshToken',
        entityId: row.id,
        before: { revokedAt: null },
        after: { revokedAt: now },
      },
    );
    // A token from before sessions existed starts one now.
    return this.issue(ctx, user, dealer, now, session?.id ?? this.sessions.open(ctx.em, user.id, now));
  }

  /**
   * Ends the session of the given refresh token: the session, its refresh tokens and (through
   * the gateway's revocation check) its access tokens stop working at once; other sessions of
   * the user go on. Answers true when a live session ended, false for an unknown or already
   * revoked token (logging out twice is not an error).
   */
  async logout(ctx: DealersContext, token: string): Promise<boolean> {
    if (typeof token !== 'string' || token.length < 1 || token.length > 256)
      throw new UserInputError('refreshToken must be 1 to 256 characters', 'refreshToken');
    const now = this.now();
    return ctx.em.transactional(async (tx) => {
      const row = await tx.findOne(RefreshToken, { tokenHash: hashRefreshToken(token), revokedAt: null });
      if (!row) return false;
      const revoked = await tx.nativeUpdate(RefreshToken, { id: row.id, revokedAt: null }, { revokedAt: now });
      if (revoked !== 1) return false;
      if (row.sessionId)
        await this.sessions.revoke(tx, { id: row.sessionId, userId: row.userId }, SessionRevokeReason.LOGOUT, now);
      const user = await tx.findOne(User, { id: row.userId });
      recordAudit(
        tx,
        { viewer: user ? actorOf(user) : ctx.viewer, requestId: ctx.requestId },
        {
          operation: 'logout',
          action: 'REVOKE',
          entityType: 'RefreshToken',
          entityId: row.id,
          before: { revokedAt: null },
          after: { revokedAt: now },
        },
      );
      return true;
    });
  }

  /** Verifies an access token this service signed and returns its payload (used by tests and tools). */
  async verifyAccessToken(token: string): Promise<JWTPayload & AccessClaims> {
    const { payload } = await jwtVerify(token, this.key, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: this.now(),
    });
    return payload as JWTPayload & AccessClaims;
  }

  /** The user's dealer (for dealer users); ACCOUNT_DISABLED when the user may not log in. */
  private async ensureEnabled(ctx: DealersContext, user: User): Promise<Dealer | null> {
    if (!user.active) throw new AppError(ACCOUNT_DISABLED, 'This account is disabled');
    if (!user.dealerId) return null;
    // Read unscoped: the caller is anonymous until this login succeeds.
    const dealer = await ctx.em.findOne(Dealer, { id: user.dealerId });
    if (!dealer || dealer.status === DealerStatus.TERMINATED)
      throw new AppError(ACCOUNT_DISABLED, 'This account is disabled');
    return dealer;
  }

  /** Signs an access token of session `sessionId`, stores a new refresh token of it and flushes pending changes. */
  private async issue(
    ctx: DealersContext,
    user: User,
    dealer: Dealer | null,
    now: Date,
    sessionId: string,
  ): Promise<AuthPayload> {
    const region = !dealer && user.regionId ? await ctx.em.findOne(Region, { id: user.regionId }) : null;
    const claims = {
      sid: sessionId,
      ...buildAccessClaims(
        user,
        dealer,
        region,
        dealer && isDealerRole(user.role) ? await subDealerIdsOf(ctx, dealer) : [],
        user.role === UserRole.WAREHOUSE_OPERATOR ? await warehouseIdsOf(ctx, user) : [],
      ),
    };
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.settings.accessTtlSeconds;
    const accessToken = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);

    const refreshToken = randomBytes(32).toString('base64url');
    const row = ctx.em.create(RefreshToken, {
      id: newId('rtk', now),
      userId: user.id,
      sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.settings.refreshTtlDays * 86_400_000),
      revokedAt: null,
      createdAt: now,
    });
    ctx.em.persist(row);
    await ctx.em.flush();
    // The caller has just proven to be this dealer's user, though its viewer is still anonymous:
    // let the payload's `user { dealer }` resolve within this request.
    if (dealer) ctx.loaders.dealerById.prime(dealer.id, dealer);
    return { accessToken, refreshToken, expiresAt: new Date(expiresAt * 1000), user };
  }
}
