import { Money } from '@dnp/subgraph-kit';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Tier of a dealer in the distribution network. */
export enum DealerLevel {
  NATIONAL_AGENT = 'NATIONAL_AGENT',
  PROVINCIAL_AGENT = 'PROVINCIAL_AGENT',
  REGIONAL_DEALER = 'REGIONAL_DEALER',
  RETAILER = 'RETAILER',
}
registerEnumType(DealerLevel, {
  name: 'DealerLevel',
  description: 'Tier of a dealer in the distribution network.',
  valuesConfig: {
    NATIONAL_AGENT: { description: 'National agent (总代): supplies the provincial agents.' },
    PROVINCIAL_AGENT: { description: 'Provincial agent (省代): supplies the regional dealers of a province.' },
    REGIONAL_DEALER: { description: 'Regional dealer (区域经销商): serves one city or district.' },
    RETAILER: { description: 'Retailer (终端门店) supplied by a regional dealer.' },
  },
});

/** Pricing tier of a dealer. */
export enum DealerGrade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}
registerEnumType(DealerGrade, {
  name: 'DealerGrade',
  description: 'Pricing tier of a dealer (经销商分级); price lists are defined per grade.',
  valuesConfig: {
    A: { description: 'Top tier: largest volumes, best prices.' },
    B: { description: 'Second tier.' },
    C: { description: 'Third tier.' },
    D: { description: 'Entry tier, e.g. small retailers.' },
  },
});

/** Lifecycle state of a dealer (招募-准入-运营-淘汰). */
export enum DealerStatus {
  APPLICANT = 'APPLICANT',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(DealerStatus, {
  name: 'DealerStatus',
  description: 'Lifecycle state of a dealer: recruitment, admission, operation, exit.',
  valuesConfig: {
    APPLICANT: { description: 'Applied to join; not yet reviewed.' },
    UNDER_REVIEW: { description: 'Application and qualifications are being reviewed.' },
    ACTIVE: { description: 'Admitted and trading.' },
    SUSPENDED: { description: 'Temporarily barred from ordering (e.g. expired qualification, overdue debt).' },
    TERMINATED: { description: 'Left the network; its users can no longer log in.' },
  },
});

/** Sales figures of a dealer; resolved by the orders subgraph, declared here for `healthScore`'s @requires. */
@ObjectType({ description: "A dealer's sales figures, computed by the orders service." })
@Directive('@shareable')
export class DealerSalesStats {
  @Field(() => Int, { description: 'Orders in the last 12 months (not cancelled).' })
  orderCount!: number;

  @Field(() => Money, { description: 'Total amount of those orders.' })
  totalAmount!: Money;

  @Field(() => Money, { description: 'Total amount of the orders of the last 90 days.' })
  last90DaysAmount!: Money;

  @Field(() => Date, { nullable: true, description: 'When the dealer last ordered; null when never.' })
  lastOrderAt!: Date | null;
}

/** Payment behaviour of a dealer; resolved by the finance subgraph, declared here for `healthScore`'s @requires. */
@ObjectType({ description: "A dealer's payment behaviour, computed by the finance service." })
@Directive('@shareable')
export class DealerPaymentStats {
  @Field(() => Float, { description: 'Share of invoices paid by their due date, 0..1 (1 when there are none).' })
  onTimeRate!: number;

  @Field(() => Money, { description: 'Amount past due now.' })
  overdueAmount!: Money;

  @Field(() => Float, { description: 'Credit used divided by the credit limit, 0..1.' })
  creditUtilization!: number;
}

@Entity({ tableName: 'dealer' })
@Index({ properties: ['name', 'id'] })
@Index({ properties: ['code', 'id'] })
@Index({ properties: ['joinedAt', 'id'] })
@ObjectType({
  description: 'A company in the distribution network (经销商) that buys from the brand or from a parent dealer.',
})
@Directive('@key(fields: "id")')
export class Dealer {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable dealer id, e.g. "dlr_0001".' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Dealer code, e.g. "D00001".' })
  code!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Registered Chinese company name.' })
  name!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'English company name.' })
  nameEn!: string;

  @Enum({ items: () => DealerLevel, nativeEnumName: undefined })
  @Field(() => DealerLevel, { description: 'Tier in the distribution network.' })
  level!: DealerLevel;

  @Enum({ items: () => DealerGrade, nativeEnumName: undefined })
  @Field(() => DealerGrade, { description: 'Pricing tier.' })
  grade!: DealerGrade;

  @Enum({ items: () => DealerStatus, nativeEnumName: undefined })
  @Field(() => DealerStatus, { description: 'Lifecycle state.' })
  status!: DealerStatus;

  /** The dealer that supplies this one; null for the national agent. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  // The id alone, readable wherever the dealer is: a sub-dealer names its parent as the seller of a quote
  // (two-tier distribution) though the parent's row lies outside its scope (`parent` answers null then).
  @Field(() => ID, {
    nullable: true,
    description:
      'Id of the dealer that supplies this one (null for the national agent), even when `parent` is outside the ' +
      "caller's scope: a sub-dealer names it as `QuoteInput.sellerDealerId` to buy from its parent.",
  })
  parentId!: string | null;

  /** Home region (where the dealer is registered). */
  @Property({ type: 'string', length: 40 })
  @Index()
  regionId!: string;

  /** Copy of the home region's path ("/reg_cn/reg_east/reg_js/reg_js_nj/"), so region scopes need no join. */
  @Property({ type: 'string', length: 400 })
  @Index()
  regionPath!: string;

  /** Materialized path of dealer ids from the top down to this dealer ("/dlr_0001/dlr_0002/"), for subtree queries. */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerPath!: string;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'Name of the contact person.' })
  contactName!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'Phone number of the contact person.' })
  contactPhone!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the dealer joined the network.' })
  joinedAt!: Date;

  /** Lower-cased names, code and contact, for case-insensitive search. */
  @Property({ type: 'string', length: 600 })
  searchText!: string;

  /** Not stored: the gateway passes it in the entity representation (orders owns it). */
  @Field(() => DealerSalesStats, { description: 'Sales figures (resolved by the orders service).' })
  @Directive('@external')
  salesStats?: DealerSalesStats;

  /** Not stored: the gateway passes it in the entity representation (finance owns it). */
  @Field(() => DealerPaymentStats, { description: 'Payment behaviour (resolved by the finance service).' })
  @Directive('@external')
  paymentStats?: DealerPaymentStats;
}

/** A region a dealer may sell into (区域授权). */
@Entity({ tableName: 'dealer_authorized_region' })
export class DealerAuthorizedRegion {
  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  @Index()
  regionId!: string;
}
