import { EventType, newId, recordEvent, type EventPayload } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { createHash, randomBytes } from 'node:crypto';
import { InvitationKind, UserInvitation } from '../entities/user-invitation.entity.js';
import type { User } from '../entities/user.entity.js';

/** What invitations need from the configuration. */
export interface InvitationSettings {
  /** How long a link stays valid (INVITATION_TTL_HOURS). */
  ttlHours: number;
  /** The storefront's public base URL (STOREFRONT_URL); links are `<it>/invite/<token>`. */
  storefrontUrl: string;
}

/** Development defaults (the configuration's), for tests and tooling. */
export const DEFAULT_INVITATION_SETTINGS: InvitationSettings = {
  ttlHours: 72,
  storefrontUrl: 'http://127.0.0.1:4000/store',
};

/** A freshly issued invitation: the only moment its token exists outside the user's hands. */
export interface IssuedInvitation {
  invitation: UserInvitation;
  /** `STOREFRONT_URL/invite/<token>`: shown once, never stored. */
  url: string;
  expiresAt: Date;
}

/** Hex SHA-256 of an invitation token: what the database stores instead of the token. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Records `dealers.user_changed` for `user` in `tx`: head office and the user's dealer see it
 * (disabling and enabling stay `dealers.user_status_changed`).
 */
export function recordUserChanged(
  tx: EntityManager,
  user: Pick<User, 'id' | 'role' | 'dealerId'>,
  change: EventPayload<typeof EventType.USER_CHANGED>['change'],
  now: Date,
): void {
  recordEvent(tx, {
    type: EventType.USER_CHANGED,
    subjectId: user.id,
    scope: { hqOnly: true, ...(user.dealerId ? { dealerIds: [user.dealerId] } : {}) },
    occurredAt: now,
    payload: { userId: user.id, dealerId: user.dealerId, role: user.role, change },
  });
}

/** The `dealers.user_changed` change an issued invitation records. */
const CHANGE_OF: Record<InvitationKind, 'INVITED' | 'PASSWORD_RESET'> = {
  [InvitationKind.INVITE]: 'INVITED',
  [InvitationKind.PASSWORD_RESET]: 'PASSWORD_RESET',
};

/**
 * Invitation links: issued inside the transaction that creates or resets a user (inviteUser,
 * admission, resetUserPassword), claimed once by acceptInvitation. Tokens are 32 random bytes
 * (base64url); only their SHA-256 is stored, so a database reader cannot use a link.
 */
export class InvitationService {
  constructor(
    private readonly settings: InvitationSettings = DEFAULT_INVITATION_SETTINGS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Issues a `kind` invitation for `user` in `tx`: supersedes its open ones (only the newest link
   * works), stores the new token's hash and records `dealers.user_changed` (INVITED or PASSWORD_RESET).
   * The caller audits and flushes with its transaction.
   */
  async issue(
    tx: EntityManager,
    user: Pick<User, 'id' | 'role' | 'dealerId'>,
    kind: InvitationKind,
    createdByUserId: string | null,
    now: Date = this.now(),
  ): Promise<IssuedInvitation> {
    await this.cancelOpen(tx, user.id, now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.settings.ttlHours * 3_600_000);
    const invitation = tx.create(UserInvitation, {
      id: newId('inv', now),
      userId: user.id,
      kind,
      tokenSha256: hashInvitationToken(token),
      expiresAt,
      usedAt: null,
      createdByUserId,
      createdAt: now,
    });
    tx.persist(invitation);
    recordUserChanged(tx, user, CHANGE_OF[kind], now);
    const base = this.settings.storefrontUrl.replace(/\/+$/, '');
    return { invitation, url: `${base}/invite/${token}`, expiresAt };
  }

  /** Ends every open link of a user inside `tx` (a newer one is issued, or the user is disabled). */
  async cancelOpen(tx: EntityManager, userId: string, now: Date): Promise<void> {
    await tx.nativeUpdate(UserInvitation, { userId, usedAt: null }, { usedAt: now });
  }

  /**
   * The open invitation of `token` (unused, unexpired at `now`), or null for an unknown, used or
   * expired one alike: the caller answers one code for all three, so tokens cannot be probed.
   */
  async findOpen(em: EntityManager, token: string, now: Date): Promise<UserInvitation | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
    return em.findOne(UserInvitation, {
      tokenSha256: hashInvitationToken(token),
      usedAt: null,
      expiresAt: { $gt: now },
    });
  }

  /**
   * Marks `invitation` used inside `tx`; false when a concurrent accept (or a newer invitation)
   * got there first, so each link sets a password at most once.
   */
  async claim(tx: EntityManager, invitation: UserInvitation, now: Date): Promise<boolean> {
    const claimed = await tx.nativeUpdate(
      UserInvitation,
      { id: invitation.id, usedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    return claimed === 1;
  }
}
