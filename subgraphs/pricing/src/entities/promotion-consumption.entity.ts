import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Life cycle of one key's promotion budget consumption. */
export enum PromotionConsumptionStatus {
  /** The budgets are spent (its redemptions count). */
  CONSUMED = 'CONSUMED',
  /** Given back by the saga's compensation or the reconciler, or a tombstone (see below). */
  RELEASED = 'RELEASED',
}

/**
 * One row per idempotency key ever consumed or released (the kit's keyed-hold protocol,
 * docs/order-saga.md): `consumePromotionBudget` inserts it before touching any budget, and a
 * release of a key never consumed inserts a tombstone (RELEASED, no dealer). The unique key lets
 * exactly one of them in, so a consumption that arrives after its release is refused. Its
 * redemptions (one per promotion) carry the amounts. Not part of the GraphQL schema.
 */
@Entity({ tableName: 'promotion_consumption' })
@Index({ properties: ['status', 'createdAt', 'id'] })
export class PromotionConsumption {
  @PrimaryKey({ type: 'string', length: 60 })
  id!: string;

  /** The consumption's idempotency key (the order id): one row per key, ever. */
  @Property({ type: 'string', length: 100, unique: true })
  idempotencyKey!: string;

  /** The dealer the order is for; `TOMBSTONE_OWNER` (empty) for a tombstone. */
  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'string', length: 60, nullable: true })
  orderId!: string | null;

  @Enum({ items: () => PromotionConsumptionStatus, nativeEnumName: undefined })
  status!: PromotionConsumptionStatus;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
