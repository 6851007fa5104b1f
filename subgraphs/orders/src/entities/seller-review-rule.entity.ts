import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * How a parent dealer reviews its sub-dealers' orders to it (two-tier, `setSubDealerReviewRules`).
 * No row: the brand's rule (approve below REVIEW_AMOUNT_THRESHOLD_MINOR).
 */
@Entity({ tableName: 'seller_review_rule' })
export class SellerReviewRule {
  @PrimaryKey({ type: 'string', length: 40 })
  sellerDealerId!: string;

  /** False: every order waits for the seller's review. */
  @Property({ type: 'boolean', default: true })
  autoApprove!: boolean;

  /** With autoApprove, orders at or above this total (minor units) wait for review; null: none do. */
  @Property({ type: 'integer', nullable: true })
  reviewThresholdMinor!: number | null;

  @Property({ type: 'string', length: 40 })
  updatedByUserId!: string;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
