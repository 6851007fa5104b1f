import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/** Packaging level of a serial code; items aggregate into cases, cases into pallets. */
export enum CodeLevel {
  ITEM = 'ITEM',
  CASE = 'CASE',
  PALLET = 'PALLET',
}
registerEnumType(CodeLevel, {
  name: 'CodeLevel',
  description: 'Packaging level a serial code is printed on (item → case → pallet).',
  valuesConfig: {
    ITEM: { description: 'A single selling unit (can, bottle); code prefix "JH".' },
    CASE: { description: 'A shipping case of items; code prefix "JC".' },
    PALLET: { description: 'A pallet of cases; code prefix "JP".' },
  },
});

/** Where a serial code is in its life. */
export enum CodeStatus {
  COMMISSIONED = 'COMMISSIONED',
  AGGREGATED = 'AGGREGATED',
  SHIPPED = 'SHIPPED',
  RECEIVED = 'RECEIVED',
  SOLD = 'SOLD',
  VOIDED = 'VOIDED',
  RETURNED = 'RETURNED',
}
registerEnumType(CodeStatus, {
  name: 'CodeStatus',
  description: 'Life-cycle state of a serial code.',
  valuesConfig: {
    COMMISSIONED: { description: 'Printed and activated at the factory.' },
    AGGREGATED: { description: 'Packed into a parent case or pallet.' },
    SHIPPED: { description: 'Shipped to a dealer, who now owns it.' },
    RECEIVED: { description: "Received into the owning dealer's stock." },
    SOLD: { description: 'Sold to the end customer; cannot be sold again.' },
    VOIDED: { description: 'Cancelled (damaged label, destroyed goods); no further events.' },
    RETURNED: { description: 'Returned by a dealer into a brand warehouse; no owner until shipped again.' },
  },
});

@Entity({ tableName: 'serial_code' })
@Index({ properties: ['productId', 'level'] })
@Index({ properties: ['ownerDealerId', 'productId'] })
@ObjectType({
  description: 'A unique serial code printed on one item, case or pallet (一物一码), with its trace history.',
})
@Directive('@key(fields: "code")')
export class SerialCode {
  @PrimaryKey({ type: 'string', length: 24 })
  @Field(() => String, { description: 'The code itself: "JH"/"JC"/"JP" followed by 16 Crockford base32 characters.' })
  code!: string;

  @Enum({ items: () => CodeLevel, nativeEnumName: undefined })
  @Field(() => CodeLevel, { description: 'Packaging level the code is printed on.' })
  level!: CodeLevel;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 32 })
  @Index()
  @Field(() => String, { description: 'Production lot (batch) number, e.g. "L20260315A".' })
  lotNumber!: string;

  @Property({ type: 'string', length: 24, nullable: true })
  @Index()
  parentCode!: string | null;

  @Enum({ items: () => CodeStatus, nativeEnumName: undefined })
  @Field(() => CodeStatus, { description: 'Where the code is in its life cycle.' })
  status!: CodeStatus;

  /** The dealer the code was shipped to; null until shipped. */
  @Property({ type: 'string', length: 40, nullable: true })
  ownerDealerId!: string | null;

  /** Materialized path of the owner's home region, so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400, nullable: true })
  @Index()
  ownerRegionPath!: string | null;

  /** The owner's authorized region ids at shipping time, comma-joined (they are our own ids, never holding commas). */
  @Property({ type: 'string', length: 400, nullable: true })
  ownerAuthorizedRegionIds!: string | null;

  /** The warehouse holding the code (the brand's before shipping and after a return, the dealer's once received). */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  locationWarehouseId!: string | null;

  /** The shipment that last carried the code to a dealer; null until shipped. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  shipmentId!: string | null;

  /** True for returned goods held back for inspection (待检/隔离): not shippable until released. */
  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'True while returned goods are held back for inspection (not shippable).' })
  quarantined!: boolean;

  @Property({ type: 'datetime', length: 3 })
  @Field(() => Date, { description: 'When the last trace event of this code happened.' })
  lastEventAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the code was created (commissioned).' })
  createdAt!: Date;
}
