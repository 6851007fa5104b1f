import {
  newId,
  EventType,
  recordEvent,
  SessionRevokeReason,
  UserInputError,
  type SessionRevokedPayload,
  type UserSessionsRevokedPayload,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { User } from '../entities/user.entity.js';
import { UserSession } from '../entities/user-session.entity.js';
import type { SessionCheckInput } from '../schema/session.input.js';
import type { SessionStatus } from '../schema/session.type.js';

/** Most sessions one `sessionStatuses` call may ask about. */
export const MAX_SESSION_CHECKS = 500;

/** Only head office may see these events (no subscription serves them; the gateway reads them). */
const SESSION_EVENT_SCOPE = { hqOnly: true };

/**
 * Login sessions: opened at login, ended by logout, by disabling the user or by refresh-token
 * reuse. Every end is one transaction that marks the session(s), revokes their refresh tokens
 * and records an event, which the gateways read to refuse the sessions' access tokens at once.
 */
export class SessionService {
  /** @param accessTtlSeconds the access tokens' lifetime: how long after an end a token may still be presented. */
  constructor(private readonly accessTtlSeconds: number) {}

  /** Opens a session for `userId` (persisted with the caller's next flush); returns its id. */
  open(em: EntityManager, userId: string, now: Date): string {
    const id = newId('ses', now);
    em.persist(em.create(UserSession, { id, userId, createdAt: now, revokedAt: null, revokedReason: null }));
    return id;
  }

  /**
   * Ends one session inside `tx`: the session row, its live refresh tokens and the
   * `dealers.session_revoked` event. False when it had already ended.
   */
  async revoke(
    tx: EntityManager,
    session: Pick<UserSession, 'id' | 'userId'>,
    reason: SessionRevokeReason,
    now: Date,
  ): Promise<boolean> {
    const ended = await tx.nativeUpdate(
      UserSession,
      { id: session.id, revokedAt: null },
      { revokedAt: now, revokedReason: reason },
    );
    if (ended !== 1) return false;
    await tx.nativeUpdate(RefreshToken, { sessionId: session.id, revokedAt: null }, { revokedAt: now });
    const payload: SessionRevokedPayload = {
      sessionId: session.id,
      userId: session.userId,
      reason,
      tokensExpireBy: this.expireBy(now),
    };
    recordEvent(tx, {
      type: EventType.SESSION_REVOKED,
      subjectId: session.id,
      scope: SESSION_EVENT_SCOPE,
      occurredAt: now,
      payload: { ...payload },
    });
    return true;
  }

  /**
   * Ends every session of a user inside `tx`: open sessions, live refresh tokens, the user's
   * `sessionsValidAfter` (which also covers tokens that name no session) and the
   * `dealers.user_sessions_revoked` event. Returns the ids of the sessions that were open.
   */
  async revokeAll(tx: EntityManager, userId: string, reason: SessionRevokeReason, now: Date): Promise<string[]> {
    const open = await tx.find(UserSession, { userId, revokedAt: null }, { fields: ['id'] });
    const sessionIds = open.map((s) => s.id);
    if (sessionIds.length)
      await tx.nativeUpdate(
        UserSession,
        { id: { $in: sessionIds }, revokedAt: null },
        { revokedAt: now, revokedReason: reason },
      );
    await tx.nativeUpdate(RefreshToken, { userId, revokedAt: null }, { revokedAt: now });
    await tx.nativeUpdate(User, { id: userId }, { sessionsValidAfter: now });
    const payload: UserSessionsRevokedPayload = {
      userId,
      sessionIds,
      reason,
      validAfter: now.toISOString(),
      tokensExpireBy: this.expireBy(now),
    };
    recordEvent(tx, {
      type: EventType.USER_SESSIONS_REVOKED,
      subjectId: userId,
      scope: SESSION_EVENT_SCOPE,
      occurredAt: now,
      payload: { ...payload },
    });
    return sessionIds;
  }

  /**
   * Whether each presented access token's session still stands, for the gateway (SERVICE only;
   * the resolver's grant). A token is revoked when its user is unknown or disabled, its session
   * unknown, ended or another user's, or (a token naming no session) issued before the user's
   * `sessionsValidAfter`. Two indexed reads per call, however many sessions it asks about.
   */
  async statuses(ctx: DealersContext, checks: SessionCheckInput[]): Promise<SessionStatus[]> {
    if (!Array.isArray(checks) || checks.length > MAX_SESSION_CHECKS)
      throw new UserInputError(`sessions must hold at most ${MAX_SESSION_CHECKS} checks`, 'sessions');
    const userIds = [...new Set(checks.map((c) => c.userId))];
    const sessionIds = [
      ...new Set(checks.map((c) => c.sessionId).filter((id): id is string => typeof id === 'string')),
    ];
    const [users, sessions] = await Promise.all([
      userIds.length
        ? ctx.em.find(User, { id: { $in: userIds } }, { fields: ['id', 'active', 'sessionsValidAfter'] })
        : Promise.resolve([] as User[]),
      sessionIds.length
        ? ctx.em.find(UserSession, { id: { $in: sessionIds } }, { fields: ['id', 'userId', 'revokedAt'] })
        : Promise.resolve([] as UserSession[]),
    ]);
    const userById = new Map(users.map((u) => [u.id, u]));
    const sessionById = new Map(sessions.map((s) => [s.id, s]));
    return checks.map((check) => {
      const user = userById.get(check.userId);
      let revoked = !user || !user.active;
      if (!revoked && check.sessionId) {
        const session = sessionById.get(check.sessionId);
        revoked = !session || session.userId !== check.userId || session.revokedAt !== null;
      } else if (!revoked && user!.sessionsValidAfter) {
        revoked = check.issuedAt * 1000 < user!.sessionsValidAfter.getTime();
      }
      return { sessionId: check.sessionId ?? null, userId: check.userId, issuedAt: check.issuedAt, revoked };
    });
  }

  private expireBy(now: Date): string {
    return new Date(now.getTime() + this.accessTtlSeconds * 1000).toISOString();
  }
}
