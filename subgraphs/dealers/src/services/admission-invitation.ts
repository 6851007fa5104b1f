import type { EntityManager } from '@mikro-orm/core';
import { InvitationKind } from '../entities/user-invitation.entity.js';
import type { User } from '../entities/user.entity.js';
import type { InvitationService } from './invitation.service.js';

/** The one-time link of an INVITE invitation (shown once, never stored). */
export interface AdminInvitation {
  invitationUrl: string | null;
  expiresAt: Date | null;
}

/**
 * Issues the INVITE invitation of an admitted dealer's first administrator in the admission's
 * transaction (docs/design/network-administration.md §7.2), through the invitation service user
 * administration uses; without one (specs of admission alone) no link is answered.
 */
export async function issueAdminInvitation(
  invitations: InvitationService | null,
  tx: EntityManager,
  user: User,
  createdByUserId: string,
  now: Date,
): Promise<AdminInvitation> {
  if (!invitations) return { invitationUrl: null, expiresAt: null };
  const issued = await invitations.issue(tx, user, InvitationKind.INVITE, createdByUserId, now);
  return { invitationUrl: issued.url, expiresAt: issued.expiresAt };
}
