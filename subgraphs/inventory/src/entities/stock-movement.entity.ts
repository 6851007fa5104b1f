import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Why a stock level changed; one value per kind of ledger entry. */
export enum MovementReason {
  RECEIPT = 'RECEIPT',
  ADJUSTMENT = 'ADJUSTMENT',
  RESERVATION = 'RESERVATION',
  RELEASE = 'RELEASE',
  SHIPMENT = 'SHIPMENT',
  TRANSFER_IN = 'TRANSFER_IN',
  TRANSFER_OUT = 'TRANSFER_OUT',
  SHIPMENT_RECEIPT = 'SHIPMENT_RECEIPT',
  RETURN_IN = 'RETURN_IN',
  RETURN_OUT = 'RETURN_OUT',
  RETURN_CANCELLED = 'RETURN_CANCELLED',
}
registerEnumType(MovementReason, {
  name: 'MovementReason',
  description: 'Why a stock level changed.',
  valuesConfig: {
    RECEIPT: { description: 'Goods received into the warehouse (入库).' },
    ADJUSTMENT: { description: 'A manual correction by HQ (damage, stock count, other).' },
    RESERVATION: { description: 'Units reserved for an order.' },
    RELEASE: { description: 'A reservation released (order cancelled or rejected).' },
    SHIPMENT: { description: 'Units shipped out for an order (出库).' },
    TRANSFER_IN: { description: 'Units received from another warehouse (调拨入).' },
    TRANSFER_OUT: { description: 'Units sent to another warehouse (调拨出).' },
    SHIPMENT_RECEIPT: { description: "A delivery signed for, into the dealer's own warehouse (签收入库)." },
    RETURN_IN: { description: 'Returned goods received back into a brand warehouse (退货入库).' },
    RETURN_OUT: { description: "Returned goods leaving the dealer's own warehouse (退货出库)." },
    RETURN_CANCELLED: { description: "A rejected return's goods put back into the dealer's warehouse." },
  },
});

/** Why HQ adjusted stock by hand; the finer reason behind an ADJUSTMENT or RECEIPT movement. */
export enum AdjustmentReason {
  RECEIPT = 'RECEIPT',
  ADJUSTMENT = 'ADJUSTMENT',
  DAMAGE = 'DAMAGE',
  COUNT_CORRECTION = 'COUNT_CORRECTION',
}
registerEnumType(AdjustmentReason, {
  name: 'AdjustmentReason',
  description: 'Why stock is adjusted by hand.',
  valuesConfig: {
    RECEIPT: { description: 'Goods received (delta must be positive); recorded as a RECEIPT movement.' },
    ADJUSTMENT: { description: 'Any other correction (the default).' },
    DAMAGE: { description: 'Damaged or spoiled goods written off.' },
    COUNT_CORRECTION: { description: 'Correction after a physical stock count (盘点).' },
  },
});

@Entity({ tableName: 'stock_movement' })
@Index({ properties: ['warehouseId', 'productId'] })
@Index({ properties: ['createdAt', 'id'] })
@ObjectType({
  description:
    'One entry of the stock ledger: a change of one stock level (库存流水). The deltas of a stock level add up ' +
    'to its on-hand quantity.',
})
export class StockMovement {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable movement id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  warehouseId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  productId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  lotId!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Change of the on-hand quantity (negative for outgoing units).' })
  delta!: number;

  /** Change of the quarantined units; the quarantine deltas of a level add up to its `quarantined`. */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Change of the quarantined units (held back from sale) by this movement.' })
  quarantineDelta!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'On-hand quantity right after this movement.' })
  balanceAfter!: number;

  @Enum({ items: () => MovementReason, nativeEnumName: undefined })
  @Field(() => MovementReason, { description: 'Kind of movement.' })
  reason!: MovementReason;

  @Enum({ items: () => AdjustmentReason, nativeEnumName: undefined, nullable: true })
  @Field(() => AdjustmentReason, {
    nullable: true,
    description: 'For manual adjustments, the reason HQ gave; null otherwise.',
  })
  adjustmentReason!: AdjustmentReason | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Business reference, e.g. an order or transfer id; null when none.',
  })
  reference!: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free-text note of the person who made the change.' })
  note!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, { nullable: true, description: 'Id of the user who made the change; null for system changes.' })
  actorUserId!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the movement was recorded.' })
  createdAt!: Date;
}
