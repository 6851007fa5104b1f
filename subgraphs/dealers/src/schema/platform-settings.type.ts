import { Field, Int, ObjectType } from 'type-graphql';

/** The brand-wide settings the apps need to show business time and money rules as the API applies them. */
@ObjectType({
  description:
    'Brand-wide settings the apps follow: the business time zone (days, months and years of reports, invoices ' +
    'and expiry) and the share of an order a rebate balance may pay.',
})
export class PlatformSettings {
  @Field(() => String, {
    description: 'The brand\'s IANA time zone (BUSINESS_TIME_ZONE, e.g. "Asia/Shanghai"): business days begin there.',
  })
  businessTimeZone!: string;

  @Field(() => Int, {
    description: 'The most of an order a rebate balance may pay, in basis points (REBATE_MAX_ORDER_SHARE_BP).',
  })
  rebateMaxOrderShareBp!: number;
}
