import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DealerLevel } from './dealer.entity.js';
import { QualificationKind } from './qualification.entity.js';

/** Where an application to join the network stands (招募 → 准入). */
export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  REGION_APPROVED = 'REGION_APPROVED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where an application to join the dealer network stands: region review first, then head office.',
  valuesConfig: {
    SUBMITTED: { description: "Waiting for the region manager's review (or head office's, where no manager is)." },
    REGION_APPROVED: { description: "The region manager approved; waiting for head office's decision." },
    APPROVED: { description: 'Head office admitted the applicant: the dealer exists.' },
    REJECTED: { description: 'Refused by the region manager or head office, with a reason.' },
    WITHDRAWN: { description: 'Withdrawn by the applicant.' },
  },
});

/** What an applicant trades in: decides which licences are required (食品经营许可证, GSP). */
export enum BusinessScope {
  FOOD = 'FOOD',
  DRUG = 'DRUG',
  GENERAL = 'GENERAL',
}
registerEnumType(BusinessScope, {
  name: 'BusinessScope',
  description: 'What a dealer trades in; decides which licences the law requires of it.',
  valuesConfig: {
    FOOD: { description: 'Food: requires a food distribution licence (食品经营许可证).' },
    DRUG: { description: 'Drugs and health products: requires a GSP certificate (药品经营质量管理规范证书).' },
    GENERAL: { description: 'General merchandise: the business licence alone.' },
  },
});

/** A company's application to join the network, reviewed by its region's manager and then head office. */
@Entity({ tableName: 'dealer_application' })
@Index({ properties: ['status', 'regionPath', 'submittedAt'] })
@ObjectType({ description: "A company's application to join the dealer network (经销商招募), and its reviews." })
export class DealerApplication {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable application id ("app_…").' })
  id!: string;

  @Property({ type: 'string', length: 20, unique: true })
  @Field(() => String, { description: 'Application number: "AP", the business day and a sequence ("AP202612070001").' })
  number!: string;

  @Enum({ items: () => ApplicationStatus, nativeEnumName: undefined })
  @Field(() => ApplicationStatus, { description: 'Where the application stands.' })
  status!: ApplicationStatus;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Row version: a review names the version it read (VERSION_CONFLICT otherwise).' })
  version!: number;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Registered Chinese company name.' })
  companyName!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'English company name.' })
  companyNameEn!: string | null;

  @Property({ type: 'string', length: 18 })
  @Index()
  @Field(() => String, { description: 'Unified social credit code (统一社会信用代码), 18 characters.' })
  creditCode!: string;

  /** The credit code while the application is open or approved, else null: unique, so one company applies once. */
  @Property({ type: 'string', length: 18, nullable: true, unique: true })
  liveCreditCode!: string | null;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'Legal representative (法定代表人).' })
  legalRepresentative!: string;

  @Property({ type: 'string', length: 300 })
  @Field(() => String, { description: 'Registered address.' })
  address!: string;

  @Enum({ items: () => DealerLevel, nativeEnumName: undefined })
  @Field(() => DealerLevel, { description: 'The tier the company applies for.' })
  levelApplied!: DealerLevel;

  @Property({ type: 'string', length: 40 })
  regionId!: string;

  /** Copy of the region's path, so region scopes need no join. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  /** The dealer it would buy from; null: from the brand. */
  @Property({ type: 'string', length: 40, nullable: true })
  parentDealerId!: string | null;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'Name of the contact person.' })
  contactName!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'Phone number of the contact person.' })
  contactPhone!: string;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, { nullable: true, description: 'E-mail address of the contact person.' })
  contactEmail!: string | null;

  /** The business scopes as a comma list ("FOOD,DRUG"). */
  @Property({ type: 'string', length: 40 })
  businessScope!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'True when the applicant wants its own dealer warehouse.' })
  wantsWarehouse!: boolean;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: "The applicant's note to the reviewers." })
  note!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the application was submitted.' })
  submittedAt!: Date;

  /** SHA-256 of the submitter's IP address (throttling and abuse reports), never the address itself. */
  @Property({ type: 'string', length: 64, nullable: true })
  submitterIpHash!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  regionReviewedBy!: string | null;

  @Property({ type: 'datetime', nullable: true })
  regionReviewedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  regionReviewComment!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  hqReviewedBy!: string | null;

  @Property({ type: 'datetime', nullable: true })
  hqReviewedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  hqReviewComment!: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the application was rejected.' })
  rejectionReason!: string | null;

  /** The dealer created by HQ's approval. */
  @Property({ type: 'string', length: 40, nullable: true })
  dealerId!: string | null;
}

/** A licence the applicant submitted with its application; becomes a qualification on admission. */
@Entity({ tableName: 'application_document' })
@ObjectType({ description: 'A licence submitted with an application; it becomes a qualification on admission.' })
export class ApplicationDocument {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  applicationId!: string;

  @Enum({ items: () => QualificationKind, nativeEnumName: undefined })
  @Field(() => QualificationKind, { description: 'Kind of licence.' })
  kind!: QualificationKind;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Licence number as printed on the document.' })
  number!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Authority that issued the licence.' })
  issuer!: string;

  /** Last valid business day, `YYYY-MM-DD`. */
  @Property({ type: 'string', length: 10 })
  validUntil!: string;

  @Property({ type: 'string', length: 40 })
  uploadId!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  blobKey!: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Media type of the scanned document.' })
  contentType!: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Size of the scanned document in bytes.' })
  byteSize!: number | null;
}
