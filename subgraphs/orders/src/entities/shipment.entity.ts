import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a shipment stands (docs/design/order-to-cash.md §4.2). */
export enum ShipmentStatus {
  /** Legacy name of PICKING: the migration moved every PENDING row to PICKING; nothing writes it. */
  PENDING = 'PENDING',
  PICKING = 'PICKING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: 'Where a shipment stands.',
  valuesConfig: {
    PENDING: { description: 'Planned (legacy name).', deprecationReason: 'Now PICKING' },
    PICKING: { description: 'Waiting in the warehouse: stock is reserved, nothing has left yet.' },
    SHIPPED: { description: 'Left the warehouse; in transit.' },
    DELIVERED: { description: 'Received by the dealer (in full or with discrepancies).' },
    CANCELLED: { description: 'Never shipped: the rest of the order was cancelled.' },
  },
});

/** Where the remote effects of shipping a shipment stand (its SHIP fulfilment task). */
export enum SettlementStatus {
  NONE = 'NONE',
  PENDING = 'PENDING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerEnumType(SettlementStatus, {
  name: 'SettlementStatus',
  description: 'Where the stock commit, the invoice and the code links of a shipped shipment stand.',
  valuesConfig: {
    NONE: { description: 'Not shipped yet (or shipped before fulfilment tasks existed).' },
    PENDING: { description: 'Shipped; the stock commit, invoice or code link is still being made.' },
    DONE: { description: 'Stock committed, invoice issued and codes linked.' },
    FAILED: { description: 'An effect was refused; HQ has a FULFILMENT_FAILED alert to resolve it.' },
  },
});

@Entity({ tableName: 'shipment' })
@Index({ properties: ['warehouseId', 'status', 'createdAt', 'id'] })
@Index({ properties: ['dealerId', 'shippedAt'] })
@ObjectType({ description: 'The part of an order one warehouse sends (智能分单 splits an order by warehouse).' })
@Directive('@key(fields: "id")')
export class Shipment {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable shipment id ("shp_…").' })
  id!: string;

  /** The order number, "-" and `seq` (e.g. "SO202611210001-2"); filled for legacy rows by the migration. */
  @Property({ type: 'string', length: 24, nullable: true, unique: true })
  number!: string | null;

  @Property({ type: 'string', length: 40 })
  @Index()
  orderId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  warehouseId!: string;

  /** The order's dealer (a copy: the shipments' scope). */
  @Property({ type: 'string', length: 40, default: '' })
  dealerId!: string;

  /** The order's dealer region path (a copy: region managers' scope). */
  @Property({ type: 'string', length: 400, default: '' })
  dealerRegionPath!: string;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Position of the shipment within its order (1, 2, …).' })
  seq!: number;

  @Enum({ items: () => ShipmentStatus, nativeEnumName: undefined })
  @Field(() => ShipmentStatus, { description: 'Current status.' })
  status!: ShipmentStatus;

  /** The shipment whose unshipped rest this one is (a partial shipment split it off). */
  @Property({ type: 'string', length: 40, nullable: true })
  splitFromId!: string | null;

  /** Bumped by every change (the guard of the ship and receipt claims). */
  @Property({ type: 'integer', default: 0 })
  version!: number;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'The carrier (承运商); null until shipped.' })
  carrier!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: "Carrier's tracking number; null until shipped." })
  trackingNumber!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it left the warehouse; null until shipped.' })
  shippedAt!: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  shippedByUserId!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who shipped it (the operator or HQ user); null until shipped.' })
  shippedByName!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the dealer received it; null until delivered.' })
  deliveredAt!: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  receivedByUserId!: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'What the dealer wrote when confirming receipt.' })
  receiptComment!: string | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  cancelReason!: string | null;

  /** Consignee snapshot at approval (the packing slip: operators see no dealer data). */
  @Property({ type: 'string', length: 200, nullable: true })
  consigneeName!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  consigneeContact!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  consigneePhone!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  deliveryWarehouseId!: string | null;

  /** The order's selling dealer (copied): its users ship from its warehouse; null when the brand sells. */
  @Property({ type: 'string', length: 40, nullable: true })
  sellerDealerId!: string | null;

  @Enum({ items: () => SettlementStatus, nativeEnumName: undefined, default: SettlementStatus.NONE })
  @Field(() => SettlementStatus, { description: 'Where the remote effects of shipping it stand.' })
  settlement!: SettlementStatus;

  /** The invoice finance issued for it (copied from finance's answer). */
  @Property({ type: 'string', length: 40, nullable: true })
  invoiceId!: string | null;

  /** When the shipment was made (at approval, or as the rest of a split); legacy rows filled by the migration. */
  @Property({ type: 'datetime', nullable: true })
  createdAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  updatedAt!: Date | null;
}
