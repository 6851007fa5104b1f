import { connectionType, ExpiryStatus } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { Order } from '../entities/order.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import { OrderError } from './place-order.type.js';

/** A page of shipments (Query.shipments, Query.warehouseQueue). */
export const ShipmentConnection = connectionType(Shipment, 'Shipment', 'shipment');

@ObjectType({
  description:
    'Who receives a shipment, as the dealer stood at approval (a snapshot: the packing slip; operators see ' +
    'no dealer data otherwise).',
})
export class Consignee {
  @Field(() => String, { nullable: true, description: 'Company name of the receiving dealer.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact person.' })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact phone.' })
  phone!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The dealer's own warehouse the goods go to (id); null for the dealer's default address.",
  })
  deliveryWarehouseId!: string | null;
}

// The kit's enum, re-exported for this subgraph's own modules.
export { ExpiryStatus };

@ObjectType({ description: 'One lot remainder to pick for a shipment, first expiry first (FEFO).' })
export class PickListLine {
  /** The product id (resolved as a Product reference). */
  productId!: string;

  /** The lot id, or null. */
  lotId!: string | null;

  @Field(() => String, { nullable: true, description: 'Lot number (批号); null for goods without lots.' })
  lotNumber!: string | null;

  @Field(() => Date, { nullable: true, description: 'Expiry of the lot; null when none.' })
  expiresAt!: Date | null;

  @Field(() => ExpiryStatus, {
    nullable: true,
    description:
      "The lot's expiry warning level, the same as its Lot.expiryStatus (inventory's thresholds); null without a lot.",
  })
  expiryStatus!: ExpiryStatus | null;

  @Field(() => Int, { description: 'Units reserved for the order in this lot and not yet shipped or released.' })
  quantity!: number;
}

@ObjectType({ description: 'Result of shipShipment: the shipment as shipped, the rest split off, the order.' })
export class ShipShipmentPayload {
  @Field(() => Shipment, {
    nullable: true,
    description:
      'The shipment as it stands now (also on SHIPMENT_ALREADY_SHIPPED, so a retry recognises its own ' +
      'tracking number); null when the input was refused before it was read.',
  })
  shipment!: Shipment | null;

  @Field(() => Shipment, {
    nullable: true,
    description: 'The new PICKING shipment with the unshipped rest, when only part shipped; else null.',
  })
  remainder!: Shipment | null;

  @Field(() => Order, { nullable: true, description: 'The order as it stands now; null when refused.' })
  order!: Order | null;

  @Field(() => [OrderError], {
    description:
      'SHIPMENT_ALREADY_SHIPPED, SHIPMENT_CANCELLED, ORDER_NOT_SHIPPABLE, LINES_EMPTY, LINE_NOT_IN_SHIPMENT, ' +
      'QUANTITY_INVALID, QUANTITY_EXCEEDS_RESERVED, LOT_NOT_RESERVED, CARRIER_INVALID, TRACKING_NUMBER_INVALID, ' +
      'TOO_MANY_SERIAL_CODES, SERIAL_CODE_DUPLICATE, SERIAL_CODE_UNKNOWN, SERIAL_CODE_NOT_IN_WAREHOUSE, ' +
      'SERIAL_CODE_PRODUCT_MISMATCH, SERIAL_CODES_EXCEED_QUANTITY; each writes nothing. Empty on success.',
  })
  errors!: OrderError[];
}

@ObjectType({ description: 'Result of confirmReceipt: the delivered shipment and its order.' })
export class ConfirmReceiptPayload {
  @Field(() => Shipment, { nullable: true, description: 'The shipment as it stands now; null when refused unread.' })
  shipment!: Shipment | null;

  @Field(() => Order, { nullable: true, description: 'The order as it stands now; null when refused.' })
  order!: Order | null;

  @Field(() => [OrderError], {
    description:
      'SHIPMENT_NOT_SHIPPED, SHIPMENT_ALREADY_DELIVERED, LINE_NOT_IN_SHIPMENT, QUANTITY_INVALID, ' +
      'RECEIPT_EXCEEDS_SHIPPED, DAMAGED_EXCEEDS_RECEIVED, COMMENT_TOO_LONG; each writes nothing. Empty on success.',
  })
  errors!: OrderError[];
}
