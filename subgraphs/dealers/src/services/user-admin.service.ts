import {
  AppError,
  canActFor,
  NotFoundError,
  recordAudit,
  EventType,
  recordEvent,
  Role,
  SessionRevokeReason,
  UserInputError,
} from '@dnp/subgraph-kit';
import type { DealersContext } from '../dealers-context.js';
import { User } from '../entities/user.entity.js';
import type { SessionService } from './session.service.js';

/** Code of a disableUser aimed at the caller itself (an admin must not lock itself out). */
export const CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF';

/** Longest reason disableUser keeps. */
export const MAX_DISABLE_REASON_LENGTH = 500;

/**
 * Disabling and enabling users. Head office acts for every user; a dealer admin only for the
 * users of its own dealer (not its sub-dealers', which it only reads), never for itself. A user
 * outside the caller's reach answers NOT_FOUND, as if it did not exist.
 */
export class UserAdminService {
  constructor(
    private readonly sessions: SessionService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Disables a user: it can no longer log in, and every session of it ends at once (refresh
   * tokens revoked; the gateways refuse its access tokens and close its WebSocket connections).
   * Disabling a disabled user changes nothing.
   */
  async disable(ctx: DealersContext, id: string, reason?: string | null): Promise<User> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN);
    if (reason != null && typeof reason !== 'string') throw new UserInputError('reason must be a string', 'reason');
    const why = reason?.trim() || null;
    if (why && why.length > MAX_DISABLE_REASON_LENGTH)
      throw new UserInputError(`reason must be at most ${MAX_DISABLE_REASON_LENGTH} characters`, 'reason');
    if (id === viewer.userId) throw new AppError(CANNOT_DISABLE_SELF, 'You cannot disable your own account');
    const user = await this.actedFor(ctx, id);
    if (!user.active) return user;
    const now = this.now();
    await ctx.em.transactional(async (tx) => {
      // Conditional: of two concurrent disables one writes, the other finds it done.
      const changed = await tx.nativeUpdate(
        User,
        { id: user.id, active: true },
        { active: false, disabledAt: now, disabledReason: why },
      );
      if (changed !== 1) return;
      await this.sessions.revokeAll(tx, user.id, SessionRevokeReason.USER_DISABLED, now);
      recordEvent(tx, {
        type: EventType.USER_STATUS_CHANGED,
        subjectId: user.id,
        scope: { hqOnly: true },
        occurredAt: now,
        payload: { userId: user.id, active: false, reason: why },
      });
      recordAudit(tx, ctx, {
        operation: 'disableUser',
        action: 'DISABLE',
        entityType: 'User',
        entityId: user.id,
        before: { active: true },
        after: { active: false, disabledAt: now.toISOString(), disabledReason: why },
      });
    });
    ctx.log.info({ userId: user.id, by: viewer.userId }, 'user disabled; sessions revoked');
    return ctx.em.refreshOrFail(user);
  }

  /**
   * Enables a disabled user again: it may log in; its old sessions stay ended. Enabling an enabled user
   * changes nothing.
   */
  async enable(ctx: DealersContext, id: string): Promise<User> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN);
    const user = await this.actedFor(ctx, id);
    if (user.active) return user;
    const now = this.now();
    await ctx.em.transactional(async (tx) => {
      const changed = await tx.nativeUpdate(
        User,
        { id: user.id, active: false },
        { active: true, disabledAt: null, disabledReason: null },
      );
      if (changed !== 1) return;
      recordEvent(tx, {
        type: EventType.USER_STATUS_CHANGED,
        subjectId: user.id,
        scope: { hqOnly: true },
        occurredAt: now,
        payload: { userId: user.id, active: true },
      });
      recordAudit(tx, ctx, {
        operation: 'enableUser',
        action: 'ENABLE',
        entityType: 'User',
        entityId: user.id,
        before: { active: false, disabledReason: user.disabledReason },
        after: { active: true },
      });
    });
    ctx.log.info({ userId: user.id, by: viewer.userId }, 'user enabled');
    return ctx.em.refreshOrFail(user);
  }

  /** The user `id` if the caller may act for it; NOT_FOUND otherwise (ids reveal nothing). */
  private async actedFor(ctx: DealersContext, id: string): Promise<User> {
    if (typeof id !== 'string' || id.length < 1 || id.length > 40)
      throw new UserInputError('id must be 1 to 40 characters', 'id');
    const user = await ctx.em.findOne(User, { id });
    if (!user) throw new NotFoundError('User', id);
    if (ctx.isHq) return user;
    // A dealer admin acts for its own dealer only: head-office and manager users have no dealer.
    if (!user.dealerId || !canActFor(ctx.scope, user.dealerId)) throw new NotFoundError('User', id);
    return user;
  }
}
