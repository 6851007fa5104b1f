import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One login session: opened by `login`, carried through every refresh (each refresh token and
 * access token of the session names it: `sessionId`, the access token's `sid` claim) and ended
 * by `logout`, by disabling the user, or by the reuse of a rotated refresh token. The gateway
 * asks for its state (`sessionStatuses`) so an ended session's access tokens stop working at once.
 */
@Entity({ tableName: 'user_session' })
export class UserSession {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  userId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Set when the session ended; its tokens never work again. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt!: Date | null;

  /** Why it ended (a SessionRevokeReason). */
  @Property({ type: 'string', length: 40, nullable: true })
  revokedReason!: string | null;
}
