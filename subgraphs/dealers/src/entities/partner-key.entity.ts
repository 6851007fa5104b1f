import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What a partner API key may read (docs/domain.md, Access; enforced by each subgraph's row scopes). */
export enum PartnerKeyScope {
  CATALOG_READ = 'CATALOG_READ',
  DEALER_READ = 'DEALER_READ',
}
registerEnumType(PartnerKeyScope, {
  name: 'PartnerKeyScope',
  description: 'What a partner API key may read; partners never change data.',
  valuesConfig: {
    CATALOG_READ: { description: 'The product catalogue and list prices only.' },
    DEALER_READ: { description: "One dealer's own data (orders, prices, stock, credit), read-only." },
  },
});

/**
 * A partner's API key. Only the SHA-256 of the key is stored: the key is 32 random bytes (256
 * bits), so unlike a password it cannot be guessed or found in a dictionary, and a fast hash is
 * as safe as a slow one while letting the gateway check a key on every request.
 */
@Entity({ tableName: 'partner_key' })
@ObjectType({
  description:
    "A partner's API key (created and revoked by head office); the key itself is shown only once, at creation.",
})
export class PartnerKey {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, {
    description:
      'Stable key id, e.g. "pk_01jb7x2k4m9v3d8q7w2c5e6f1g0h"; becomes the partner\'s user id in logs and audits.',
  })
  id!: string;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'Who the key is for, e.g. "Acme ERP".' })
  name!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => String, {
    description: 'The first characters of the key, to recognise it (e.g. "dnp_pk_Ab3x"); never enough to use it.',
  })
  keyPrefix!: string;

  /** Hex SHA-256 of the whole key. */
  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  @Enum({ items: () => PartnerKeyScope, nativeEnumName: undefined })
  @Field(() => PartnerKeyScope, { description: 'What the key may read.' })
  scope!: PartnerKeyScope;

  /** The dealer a DEALER_READ key reads for; null for CATALOG_READ. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  dealerId!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Requests per minute the gateway accepts with this key; more are refused with RATE_LIMITED.',
  })
  rateLimitPerMinute!: number;

  /** User id of the head-office admin who created the key. */
  @Property({ type: 'string', length: 40 })
  createdById!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the key was created.' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the key was revoked; null while it works. A revoked key never works again.',
  })
  revokedAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the gateway last accepted the key (updated at most once a minute); null if never used.',
  })
  lastUsedAt!: Date | null;
}
