import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Why an invitation was issued: a new user's first password, or a reset one's new password. */
export enum InvitationKind {
  INVITE = 'INVITE',
  PASSWORD_RESET = 'PASSWORD_RESET',
}

/**
 * A one-time link for a user to set its password (inviteUser, admission, resetUserPassword). Only the
 * SHA-256 of the token is stored: the link is shown once to whoever issued it and can never be read
 * back. Used once (`usedAt`), dead after `expiresAt`, and superseded when a newer one is issued.
 */
@Entity({ tableName: 'user_invitation' })
@Index({ properties: ['userId', 'usedAt'] })
export class UserInvitation {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  userId!: string;

  @Enum({ items: () => InvitationKind, nativeEnumName: undefined })
  kind!: InvitationKind;

  /** Hex SHA-256 of the token (32 random bytes, base64url). */
  @Property({ type: 'string', length: 64, unique: true })
  tokenSha256!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** When it was accepted or superseded by a newer invitation of the same user; null while open. */
  @Property({ type: 'datetime', nullable: true })
  usedAt!: Date | null;

  /** Who issued it (null when no person did). */
  @Property({ type: 'string', length: 40, nullable: true })
  createdByUserId!: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
