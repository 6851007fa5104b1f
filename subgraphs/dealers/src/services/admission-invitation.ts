import type { EntityManager } from '@mikro-orm/core';
import type { User } from '../entities/user.entity.js';

/** The one-time link of an INVITE invitation; null while the invitation service is not on this branch. */
export interface AdminInvitation {
  invitationUrl: string | null;
  expiresAt: Date | null;
}

/**
 * Issues the INVITE invitation of an admitted dealer's first administrator, in the admission's
 * transaction (docs/design/network-administration.md §7.2).
 *
 * TODO(n4): the `user_invitation` table and the invitation service are helper n4's (P4) and not on
 * main yet. This function is the single seam: once they land it calls their issue function with
 * `tx`, `user`, `createdByUserId` and `now` and answers its URL and expiry. Until then the user row
 * exists (inactive, password hash "!", so it cannot log in) and no link is answered.
 */
export async function issueAdminInvitation(
  _tx: EntityManager,
  _user: User,
  _createdByUserId: string,
  _now: Date,
): Promise<AdminInvitation> {
  return { invitationUrl: null, expiresAt: null };
}
