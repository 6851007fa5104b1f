import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * How many placed orders of one dealer used one promotion. Incremented with a conditional
 * UPDATE (`orders < limit`) so concurrent orders can never exceed a per-dealer limit.
 */
@Entity({ tableName: 'promotion_dealer_usage' })
export class PromotionDealerUsage {
  @PrimaryKey({ type: 'string', length: 40 })
  promotionId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'integer' })
  orders!: number;
}
