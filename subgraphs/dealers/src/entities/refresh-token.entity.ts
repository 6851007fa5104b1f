import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A refresh token; only its SHA-256 is stored, so a database leak yields no usable tokens. */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  userId!: string;

  /** The login session (UserSession) this token belongs to; null for tokens issued before sessions existed. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  sessionId!: string | null;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Set when the token was used (rotated) or revoked; a revoked token never works again. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt!: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
