import {
  AppError,
  canActFor,
  domainError,
  newId,
  NotFoundError,
  recordAudit,
  EventType,
  recordEvent,
  Role,
  SessionRevokeReason,
  UserInputError,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { InvitationKind } from '../entities/user-invitation.entity.js';
import { NO_PASSWORD, User, UserRole } from '../entities/user.entity.js';
import { UserWarehouse } from '../entities/user-warehouse.entity.js';
import type { InviteUserInput, SetUserRoleInput } from '../schema/user-admin.input.js';
import { InvitationService, recordUserChanged } from './invitation.service.js';
import type { SessionService } from './session.service.js';
import {
  isDealerUserRole,
  MAX_DISPLAY_NAME,
  roleRefusals,
  USERNAME_PATTERN,
  UserCode,
  warehouseIdsOf,
} from './user-role.rule.js';

/** Code of a disableUser aimed at the caller itself (an admin must not lock itself out). */
export const CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF';

/** Longest reason disableUser keeps. */
export const MAX_DISABLE_REASON_LENGTH = 500;

/** What inviteUser and resetUserPassword answer: the user and its one-time link, or why not. */
export interface InvitationResult {
  user: User | null;
  /** Shown once: never stored or answered again. */
  invitationUrl: string | null;
  expiresAt: Date | null;
  errors: DomainError[];
}

/** What setUserRole answers. */
export interface UserResult {
  user: User | null;
  errors: DomainError[];
}

/** Where a user belongs: its dealer (dealer users) and region. */
interface Placement {
  dealerId: string | null;
  regionId: string | null;
}

const refused = (...errors: DomainError[]): InvitationResult => ({
  user: null,
  invitationUrl: null,
  expiresAt: null,
  errors,
});

/**
 * The user administration: inviting, role changes, password resets, disabling and enabling. Head
 * office acts for every user; a dealer admin only for the users of its own dealer (not its
 * sub-dealers', which it only reads), never for itself. A user outside the caller's reach answers
 * NOT_FOUND, as if it did not exist.
 */
export class UserAdminService {
  constructor(
    private readonly sessions: SessionService,
    private readonly invitations: InvitationService = new InvitationService(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Creates a user without a password (inactive) and its INVITE link: head office any role (a
   * manager with its region, an operator with its warehouses, a dealer user of any dealer); a dealer
   * admin only its own dealer's admins and staff. Answers the link once.
   */
  async invite(ctx: DealersContext, input: InviteUserInput): Promise<InvitationResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN, Role.SERVICE);
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    const displayName = typeof input.displayName === 'string' ? input.displayName.trim() : '';
    if (displayName.length < 1 || displayName.length > MAX_DISPLAY_NAME)
      throw new UserInputError(`displayName must be 1 to ${MAX_DISPLAY_NAME} characters`, 'displayName');
    const warehouseIds = warehouseIdsOf(input.warehouseIds);
    if (!USERNAME_PATTERN.test(username))
      return refused(
        domainError(UserCode.USERNAME_INVALID, 'A username is 3 to 64 of a-z, 0-9, "_", "." and "-"', 'username'),
      );
    const target = { role: input.role, regionId: input.regionId, warehouseIds };
    const errors = roleRefusals(viewer.role, target);
    if (errors.length) return refused(...errors);
    const placement = await this.placementOf(ctx, viewer, input);
    if (!('dealerId' in placement)) return refused(placement);
    if (await ctx.em.count(User, { username }))
      return refused(domainError(UserCode.USERNAME_TAKEN, `The username "${username}" is taken`, 'username'));
    const now = this.now();
    try {
      return await ctx.em.transactional(async (tx) => {
        const user = tx.create(User, {
          id: newId('usr', now),
          username,
          passwordHash: NO_PASSWORD,
          displayName,
          role: input.role,
          ...placement,
          active: false,
          disabledAt: null,
          disabledReason: null,
          sessionsValidAfter: null,
          createdAt: now,
          lastLoginAt: null,
          invitedAt: now,
        });
        tx.persist(user);
        this.assignWarehouses(tx, user.id, user.role, warehouseIds, now);
        const issued = await this.invitations.issue(tx, user, InvitationKind.INVITE, viewer.userId, now);
        recordAudit(tx, ctx, {
          operation: 'inviteUser',
          action: 'CREATE',
          entityType: 'User',
          entityId: user.id,
          after: {
            username,
            displayName,
            role: user.role,
            ...placement,
            warehouseIds,
            invitationId: issued.invitation.id,
          },
        });
        return { user, invitationUrl: issued.url, expiresAt: issued.expiresAt, errors: [] };
      });
    } catch (err) {
      // Two concurrent invitations of one username: the unique index lets one in.
      if (err instanceof UniqueConstraintViolationException)
        return refused(domainError(UserCode.USERNAME_TAKEN, `The username "${username}" is taken`, 'username'));
      throw err;
    }
  }

  /**
   * Changes a user's role (and the region or warehouses it needs) under the invitation's role rules;
   * a dealer user stays a dealer user and a brand user a brand user (ROLE_NOT_ALLOWED), nobody
   * changes its own (CANNOT_CHANGE_OWN_ROLE). Every session of the user ends, so its next token
   * carries the new role. The same role, region and warehouses again change nothing.
   */
  async setRole(ctx: DealersContext, input: SetUserRoleInput): Promise<UserResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN, Role.SERVICE);
    const warehouseIds = warehouseIdsOf(input.warehouseIds);
    if (input.id === viewer.userId)
      return { user: null, errors: [domainError(UserCode.CANNOT_CHANGE_OWN_ROLE, 'You cannot change your own role')] };
    const user = await this.actedFor(ctx, input.id);
    const target = { role: input.role, regionId: input.regionId, warehouseIds };
    const errors = roleRefusals(viewer.role, target, user.role);
    if (errors.length) return { user: null, errors };
    const placement = isDealerUserRole(input.role)
      ? { dealerId: user.dealerId, regionId: user.regionId }
      : await this.brandPlacement(ctx, input.regionId ?? user.regionId);
    if (!('dealerId' in placement)) return { user: null, errors: [placement] };
    const before = { role: user.role, regionId: user.regionId, warehouseIds: await this.warehousesOf(ctx.em, user) };
    const kept = input.role === UserRole.WAREHOUSE_OPERATOR ? warehouseIds : [];
    const after = { role: input.role, regionId: placement.regionId, warehouseIds: kept };
    if (JSON.stringify(before) === JSON.stringify(after)) return { user, errors: [] };
    const now = this.now();
    await ctx.em.transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: user.id }, { role: input.role, regionId: after.regionId, roleChangedAt: now });
      await tx.nativeDelete(UserWarehouse, { userId: user.id });
      this.assignWarehouses(tx, user.id, input.role, kept, now);
      await this.sessions.revokeAll(tx, user.id, SessionRevokeReason.ROLE_CHANGED, now);
      recordUserChanged(tx, { ...user, role: input.role }, 'ROLE_CHANGED', now);
      recordAudit(tx, ctx, {
        operation: 'setUserRole',
        action: 'UPDATE',
        entityType: 'User',
        entityId: user.id,
        before,
        after,
      });
    });
    ctx.log.info({ userId: user.id, by: viewer.userId, role: input.role }, 'user role changed; sessions revoked');
    return { user: await ctx.em.refreshOrFail(user), errors: [] };
  }

  /**
   * Resets a user's password: the hash becomes NO_PASSWORD (no password logs in), every session
   * ends, and a PASSWORD_RESET link is answered once (accepted with acceptInvitation; a disabled
   * user stays disabled).
   */
  async resetPassword(ctx: DealersContext, id: string): Promise<InvitationResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN, Role.SERVICE);
    const user = await this.actedFor(ctx, id);
    const now = this.now();
    const issued = await ctx.em.transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: user.id }, { passwordHash: NO_PASSWORD });
      await this.sessions.revokeAll(tx, user.id, SessionRevokeReason.PASSWORD_RESET, now);
      // issue() records dealers.user_changed (PASSWORD_RESET) with the link.
      const link = await this.invitations.issue(tx, user, InvitationKind.PASSWORD_RESET, viewer.userId, now);
      recordAudit(tx, ctx, {
        operation: 'resetUserPassword',
        action: 'RESET_PASSWORD',
        entityType: 'User',
        entityId: user.id,
        before: { passwordSetAt: user.passwordSetAt },
        after: { invitationId: link.invitation.id, expiresAt: link.expiresAt },
      });
      return link;
    });
    ctx.log.info({ userId: user.id, by: viewer.userId }, 'user password reset; sessions revoked');
    const fresh = await ctx.em.refreshOrFail(user);
    return { user: fresh, invitationUrl: issued.url, expiresAt: issued.expiresAt, errors: [] };
  }

  /**
   * Disables a user: it can no longer log in, and every session of it ends at once (refresh
   * tokens revoked; the gateways refuse its access tokens and close its WebSocket connections).
   * Disabling a disabled user changes nothing; disabling an invited user who has not accepted yet
   * cancels its open links, so an invitation cannot be withdrawn only to be accepted later.
   */
  async disable(ctx: DealersContext, id: string, reason?: string | null): Promise<User> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN);
    if (reason != null && typeof reason !== 'string') throw new UserInputError('reason must be a string', 'reason');
    const why = reason?.trim() || null;
    if (why && why.length > MAX_DISABLE_REASON_LENGTH)
      throw new UserInputError(`reason must be at most ${MAX_DISABLE_REASON_LENGTH} characters`, 'reason');
    if (id === viewer.userId) throw new AppError(CANNOT_DISABLE_SELF, 'You cannot disable your own account');
    const user = await this.actedFor(ctx, id);
    // An invited user is inactive but not disabled yet: disabling it cancels its open invitation.
    if (!user.active && user.disabledAt) return user;
    const now = this.now();
    await ctx.em.transactional(async (tx) => {
      // Conditional: of two concurrent disables one writes, the other finds it done.
      const changed = await tx.nativeUpdate(
        User,
        { id: user.id, active: user.active, disabledAt: null },
        { active: false, disabledAt: now, disabledReason: why },
      );
      if (changed !== 1) return;
      await this.invitations.cancelOpen(tx, user.id, now);
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
        before: { active: user.active },
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

  /**
   * Where a new user belongs: a dealer user its dealer (a dealer admin's own unless it names
   * another, which is NOT_FOUND as out of reach) and that dealer's home region; a brand user no
   * dealer and the region it names. A refusal when the input does not place it.
   */
  private async placementOf(
    ctx: DealersContext,
    viewer: Viewer,
    input: Pick<InviteUserInput, 'role' | 'dealerId' | 'regionId'>,
  ): Promise<Placement | DomainError> {
    if (!isDealerUserRole(input.role)) {
      if (input.dealerId)
        return domainError(UserCode.ROLE_NOT_ALLOWED, `A ${input.role} belongs to no dealer`, 'dealerId');
      return this.brandPlacement(ctx, input.regionId);
    }
    const dealerId = input.dealerId ?? (viewer.role === Role.DEALER_ADMIN ? viewer.dealerId : null);
    if (!dealerId) return domainError(UserCode.DEALER_REQUIRED, "A dealer's user needs its dealer", 'dealerId');
    const dealer = typeof dealerId === 'string' ? await ctx.em.findOne(Dealer, { id: dealerId }) : null;
    if (!dealer || !canActFor(ctx.scope, dealer.id, dealer.regionPath)) throw new NotFoundError('Dealer', dealerId);
    if (dealer.status === DealerStatus.TERMINATED)
      return domainError(UserCode.DEALER_NOT_ACTIVE, 'The dealer has left the network', 'dealerId');
    return { dealerId: dealer.id, regionId: dealer.regionId };
  }

  /** A brand user's placement: no dealer, the region it names (REGION_UNKNOWN when there is none such). */
  private async brandPlacement(ctx: DealersContext, regionId?: string | null): Promise<Placement | DomainError> {
    if (regionId == null) return { dealerId: null, regionId: null };
    const region = typeof regionId === 'string' ? await ctx.loaders.regionById.load(regionId) : null;
    if (!region) return domainError(UserCode.REGION_UNKNOWN, 'There is no such region', 'regionId');
    return { dealerId: null, regionId: region.id };
  }

  /** The warehouses of a user, by id. */
  private async warehousesOf(em: EntityManager, user: User): Promise<string[]> {
    const rows = await em.find(UserWarehouse, { userId: user.id }, { orderBy: { warehouseId: 'asc' } });
    return rows.map((r) => r.warehouseId);
  }

  /** Gives a warehouse operator exactly `warehouseIds` (others none), within `tx`. */
  private assignWarehouses(tx: EntityManager, userId: string, role: UserRole, warehouseIds: string[], now: Date): void {
    if (role !== UserRole.WAREHOUSE_OPERATOR) return;
    for (const warehouseId of warehouseIds)
      tx.persist(tx.create(UserWarehouse, { userId, warehouseId, createdAt: now }));
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
