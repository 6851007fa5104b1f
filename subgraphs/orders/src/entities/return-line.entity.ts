import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What a return line gives back: goods, or the value of units that never arrived. */
export enum ReturnLineKind {
  GOODS = 'GOODS',
  SHORT = 'SHORT',
}
registerEnumType(ReturnLineKind, {
  name: 'ReturnLineKind',
  description: 'What a return line gives back.',
  valuesConfig: {
    GOODS: { description: 'Units that travel back to a brand warehouse.' },
    SHORT: { description: 'Units shipped but never received (少发): credited as value only, nothing travels.' },
  },
});

/** Where received returned units go. */
export enum ReturnDisposition {
  SELLABLE = 'SELLABLE',
  QUARANTINE = 'QUARANTINE',
}
registerEnumType(ReturnDisposition, {
  name: 'ReturnDisposition',
  description: 'Where received returned units go.',
  valuesConfig: {
    SELLABLE: { description: 'Back into available stock.' },
    QUARANTINE: { description: 'On hand but not available (待检/隔离) until HQ releases or writes them off.' },
  },
});

@Entity({ tableName: 'return_line' })
@Unique({ properties: ['returnId', 'lineNo'] })
@ObjectType({ description: 'One shipment line’s units in a return request.' })
export class ReturnLine {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable return line id ("rtl_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  returnId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Position in the return, from 1.' })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  shipmentId!: string;

  @Property({ type: 'string', length: 40 })
  orderLineId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  /** The shipment lot the units came from, when the dealer named one. */
  @Property({ type: 'string', length: 40, nullable: true })
  lotId!: string | null;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'Lot number of the units, when known.' })
  lotNumber!: string | null;

  /** The lot's expiry (the receiving warehouse creates the lot with it when missing). */
  @Property({ type: 'datetime', nullable: true })
  expiresAt!: Date | null;

  @Enum({ items: () => ReturnLineKind, nativeEnumName: undefined })
  @Field(() => ReturnLineKind, { description: 'Goods that travel back, or short units credited as value.' })
  kind!: ReturnLineKind;

  /** Of GOODS units, whether they arrived damaged at the dealer (a discrepancy claim): they leave quarantine. */
  @Property({ type: 'boolean', default: false })
  damaged!: boolean;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Units asked for.' })
  requestedQuantity!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units HQ accepted; null until reviewed.' })
  acceptedQuantity!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units the target warehouse received; null until received.' })
  receivedQuantity!: number | null;

  @Enum({ items: () => ReturnDisposition, nativeEnumName: undefined, nullable: true })
  @Field(() => ReturnDisposition, { nullable: true, description: 'Where the received units went; null before.' })
  disposition!: ReturnDisposition | null;

  /** JSON list of the serial codes the dealer scanned (at most 500). */
  @Property({ type: 'text', nullable: true })
  codes!: string | null;

  /** Gross value credited for the line, in minor units (the parts rule), fixed when credited. */
  @Property({ type: 'integer', nullable: true })
  grossMinor!: number | null;
}
