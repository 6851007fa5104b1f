import { Field, ID, InputType, Int } from 'type-graphql';
import { ShipmentStatus } from '../entities/shipment.entity.js';

@InputType({
  description: 'Narrows a shipment list; all given conditions hold, and the viewer’s scope always applies.',
})
export class ShipmentFilter {
  @Field(() => [ShipmentStatus], { nullable: true, description: 'Only shipments in one of these statuses.' })
  status?: ShipmentStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only shipments of this order.' })
  orderId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only shipments of this dealer.' })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only shipments from this warehouse.' })
  warehouseId?: string | null;
}

@InputType({ description: 'Units of one lot to ship for a line.' })
export class ShipLotInput {
  @Field(() => ID, { description: 'The lot (from the pick list).' })
  lotId!: string;

  @Field(() => Int, { description: 'Units from this lot.' })
  quantity!: number;
}

@InputType({ description: 'How many units of one order line ship now.' })
export class ShipLineInput {
  @Field(() => ID, { description: 'The order line (one of the shipment’s lines).' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units shipping now: 1 to the units the shipment carries of the line.' })
  quantity!: number;

  @Field(() => [ShipLotInput], {
    nullable: true,
    description: 'Lots the units come from, summing to quantity; omitted: first expiry first (FEFO).',
  })
  lots?: ShipLotInput[] | null;
}

@InputType({ description: 'Ships a PICKING shipment, in full or in part.' })
export class ShipShipmentInput {
  @Field(() => ID, { description: 'The shipment.' })
  shipmentId!: string;

  @Field(() => String, { description: 'Carrier (承运商), 1 to 60 characters.' })
  carrier!: string;

  @Field(() => String, { description: 'Tracking number: 6 to 40 letters, digits or dashes.' })
  trackingNumber!: string;

  @Field(() => String, { nullable: true, description: 'A remark for the order timeline (at most 500 characters).' })
  note?: string | null;

  @Field(() => [ShipLineInput], {
    nullable: true,
    description: 'What ships now; omitted: everything on the shipment. Less than everything splits off the rest.',
  })
  lines?: ShipLineInput[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Serial codes scanned out (any packaging level), at most 5000.',
  })
  serialCodes?: string[] | null;
}

@InputType({ description: 'What the dealer received of one order line.' })
export class ReceiptLineInput {
  @Field(() => ID, { description: 'The order line (one of the shipment’s lines).' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units received, 0 to the units shipped; the rest is short (少发).' })
  receivedQuantity!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Of the received units, how many arrived damaged (破损).' })
  damagedQuantity!: number;
}

@InputType({ description: 'The dealer signs for a shipment, in full or with discrepancies per line.' })
export class ConfirmReceiptInput {
  @Field(() => ID, { description: 'The shipment (SHIPPED).' })
  shipmentId!: string;

  @Field(() => String, { nullable: true, description: 'A remark (at most 500 characters).' })
  comment?: string | null;

  @Field(() => [ReceiptLineInput], {
    nullable: true,
    description: 'Per line what arrived; omitted: everything, in good order.',
  })
  lines?: ReceiptLineInput[] | null;
}
