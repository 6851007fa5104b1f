import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What moved goods into or out of a warehouse outside an order's own shipping. */
export enum GoodsReceiptKind {
  DEALER_RECEIPT = 'DEALER_RECEIPT',
  RETURN_IN = 'RETURN_IN',
  RETURN_OUT = 'RETURN_OUT',
  RETURN_CANCELLED = 'RETURN_CANCELLED',
}
registerEnumType(GoodsReceiptKind, {
  name: 'GoodsReceiptKind',
  description: 'What a goods receipt records.',
  valuesConfig: {
    DEALER_RECEIPT: { description: "A delivery signed for by the dealer, into the dealer's own warehouse (签收)." },
    RETURN_IN: { description: 'Returned goods received into a brand warehouse.' },
    RETURN_OUT: { description: "Returned goods taken out of the dealer's own warehouse." },
    RETURN_CANCELLED: { description: "A rejected return: the goods taken out put back into the dealer's warehouse." },
  },
});

/**
 * Goods received into (or, for RETURN_OUT, taken out of) one warehouse under the caller's key:
 * one row per key, ever, so the service calls that write it are idempotent.
 */
@Entity({ tableName: 'goods_receipt' })
@Index({ properties: ['warehouseId', 'createdAt'] })
@ObjectType({ description: 'Goods received into, or taken out of, one warehouse under an idempotency key.' })
@Directive('@inaccessible')
export class GoodsReceipt {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable receipt id ("grc_…").' })
  id!: string;

  @Property({ type: 'string', length: 120, unique: true })
  @Field(() => String, { description: 'Idempotency key the receipt was written under.' })
  key!: string;

  @Enum({ items: () => GoodsReceiptKind, nativeEnumName: undefined })
  @Field(() => GoodsReceiptKind, { description: 'What the receipt records.' })
  kind!: GoodsReceiptKind;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Warehouse the goods came into (or left).' })
  warehouseId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  dealerId!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  reference!: string | null;

  /** Σ line quantities, kept for the answer and the event. */
  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units moved.' })
  units!: number;

  /** Σ quantities of the quarantined lines. */
  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Of those, units moved as quarantined (held back from sale).' })
  quarantinedUnits!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** One line of a goods receipt: units of one product (and lot) moved, sellable or quarantined. */
@Entity({ tableName: 'goods_receipt_line' })
export class GoodsReceiptLine {
  @PrimaryKey({ type: 'string', length: 40 })
  receiptId!: string;

  @PrimaryKey({ type: 'integer' })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  lotId!: string | null;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'boolean' })
  quarantined!: boolean;
}
