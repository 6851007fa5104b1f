import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Kinds of licence a dealer must hold. */
export enum QualificationKind {
  BUSINESS_LICENSE = 'BUSINESS_LICENSE',
  FOOD_DISTRIBUTION_LICENSE = 'FOOD_DISTRIBUTION_LICENSE',
  GSP_CERTIFICATE = 'GSP_CERTIFICATE',
}
registerEnumType(QualificationKind, {
  name: 'QualificationKind',
  description: 'Kind of licence or certificate (资质) a dealer holds.',
  valuesConfig: {
    BUSINESS_LICENSE: { description: 'Business licence (营业执照).' },
    FOOD_DISTRIBUTION_LICENSE: { description: 'Food distribution licence (食品经营许可证).' },
    GSP_CERTIFICATE: { description: 'Good Supply Practice certificate (GSP证书) for health products.' },
  },
});

/** Review state of a qualification row. */
export enum QualificationStatus {
  ACTIVE = 'ACTIVE',
  PENDING_REVIEW = 'PENDING_REVIEW',
  REJECTED = 'REJECTED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(QualificationStatus, {
  name: 'QualificationStatus',
  description: 'Review state of a licence (资质审核).',
  valuesConfig: {
    ACTIVE: { description: 'Approved and in force (it may still have expired: see `expired`).' },
    PENDING_REVIEW: { description: 'A renewal the dealer submitted; HQ or the region manager has not decided yet.' },
    REJECTED: { description: 'A renewal that was refused; the licence it would renew stays as it was.' },
    SUPERSEDED: { description: 'Replaced by an approved renewal.' },
  },
});

@Entity({ tableName: 'qualification' })
@Index({ properties: ['status', 'validUntil'] })
@ObjectType({ description: 'A licence or certificate a dealer holds (资质), with its validity.' })
export class Qualification {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable qualification id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  @Enum({ items: () => QualificationKind, nativeEnumName: undefined })
  @Field(() => QualificationKind, { description: 'Kind of licence.' })
  kind!: QualificationKind;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Licence number as printed on the document.' })
  number!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Authority that issued the licence.' })
  issuer!: string;

  @Property({ type: 'datetime' })
  @Index()
  @Field(() => Date, { description: 'Last moment the licence is valid.' })
  validUntil!: Date;

  @Enum({ items: () => QualificationStatus, nativeEnumName: undefined, default: QualificationStatus.ACTIVE })
  @Field(() => QualificationStatus, { description: 'Review state.' })
  status: QualificationStatus = QualificationStatus.ACTIVE;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description: "True when the law requires it for the dealer's business: once expired, the dealer may not order.",
  })
  required: boolean = false;

  /** Where the scanned document lies in the blob store; null for licences loaded without one. */
  @Property({ type: 'string', length: 200, nullable: true })
  blobKey: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  contentType: string | null = null;

  /** The qualification this renewal replaces once approved. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  replacesId: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  submittedByUserId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When a renewal was submitted; null for licences loaded at admission.',
  })
  submittedAt: Date | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  reviewedByUserId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When a renewal was approved or rejected.' })
  reviewedAt: Date | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The reviewer's comment." })
  reviewComment: string | null = null;
}
