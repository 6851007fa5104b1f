import { BigIntType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * One promotion's share of one placed order: the benefit consumed from its budget. Written by
 * `consumePromotionBudget` (the order saga), at most once per (idempotency key, promotion).
 */
@Entity({ tableName: 'promotion_redemption' })
@Unique({ properties: ['idempotencyKey', 'promotionId'] })
@Index({ properties: ['promotionId', 'dealerId'] })
@ObjectType({ description: 'Budget consumed by one promotion for one placed order.' })
// Only the saga's service operations return it.
@Directive('@inaccessible')
export class PromotionRedemption {
  @PrimaryKey({ type: 'string', length: 60 })
  @Field(() => ID, { description: 'Stable redemption id ("prr_…").' })
  id!: string;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'The idempotency key of the consumption (usually the order placement key).' })
  idempotencyKey!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The promotion whose budget was consumed.' })
  promotionId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer the order is for.' })
  dealerId!: string;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => ID, { nullable: true, description: 'The order, when known.' })
  orderId!: string | null;

  /** Benefit consumed (fen). */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** Set when the saga compensated (released) the consumption; the row then no longer counts. */
  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the consumption was released by a compensation; null while it counts.',
  })
  releasedAt!: Date | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the budget was consumed.' })
  createdAt!: Date;
}
