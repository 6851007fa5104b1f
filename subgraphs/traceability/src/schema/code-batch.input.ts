import { Directive, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Units of one product the serial codes must fit in.' })
export class CodeLineInput {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field(() => Int, { description: 'Units of it; the codes may carry at most this many items of it.' })
  quantity!: number;
}

@InputType({ description: 'Codes an operator means to ship from a warehouse with a shipment (service only).' })
export class CheckShipCodesInput {
  @Field(() => ID, { description: 'The warehouse the goods leave.' })
  warehouseId!: string;

  @Field(() => [CodeLineInput], { description: 'What the shipment carries, per product.' })
  lines!: CodeLineInput[];

  @Field(() => [String], { description: 'Item, case or pallet codes as scanned; cases and pallets carry their items.' })
  codes!: string[];
}

@InputType({ description: 'Codes a dealer means to return with a return request (service only).' })
export class CheckReturnCodesInput {
  @Field(() => ID, { description: 'The dealer returning the goods; it must hold every code.' })
  dealerId!: string;

  @Field(() => [CodeLineInput], { description: 'What the return carries, per product.' })
  lines!: CodeLineInput[];

  @Field(() => [String], { description: 'Item, case or pallet codes as scanned.' })
  codes!: string[];
}

@InputType({ description: 'The codes that left with a shipment, and the dealer they now belong to (service only).' })
export class LinkShipmentCodesInput {
  @Field(() => String, { description: 'Idempotency key, "ship:<shipment id>"; a replay writes nothing.' })
  key!: string;

  @Field(() => ID, { description: 'The shipment that carried the codes.' })
  shipmentId!: string;

  @Field(() => ID, { description: 'The order of the shipment (kept in the trace events).' })
  orderId!: string;

  @Field(() => ID, { description: 'The dealer the goods were shipped to: the codes’ new owner.' })
  dealerId!: string;

  @Field(() => String, { description: 'The dealer’s region path, e.g. "/reg_cn/reg_east/reg_js/".' })
  dealerRegionPath!: string;

  @Field(() => [ID], { description: 'The dealer’s authorized regions, for the diversion (窜货) check.' })
  authorizedRegionIds!: string[];

  @Field(() => ID, { description: 'The warehouse the goods left.' })
  warehouseId!: string;

  @Field(() => [String], { description: 'Item, case or pallet codes; cases and pallets ship their contents.' })
  codes!: string[];
}

@InputType({ description: 'The dealer signed for a shipment: its codes are received (service only).' })
export class ReceiveShipmentCodesInput {
  @Field(() => String, { description: 'Idempotency key, "receive:<shipment id>".' })
  key!: string;

  @Field(() => ID, { description: 'The shipment signed for.' })
  shipmentId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The dealer’s warehouse the goods went into; null when it has none.',
  })
  warehouseId?: string | null;
}

@InputType({ description: 'Codes a dealer returned, received into a brand warehouse (service only).' })
export class ReturnCodesInput {
  @Field(() => String, { description: 'Idempotency key, "return:<return id>".' })
  key!: string;

  @Field(() => ID, { description: 'The return request the goods came back with.' })
  returnId!: string;

  @Field(() => ID, { description: 'The receiving warehouse: the codes’ new location.' })
  warehouseId!: string;

  @Field(() => [String], { description: 'Item, case or pallet codes; cases and pallets return their contents.' })
  codes!: string[];

  @Field(() => Boolean, { description: 'True when the goods are held for inspection (待检/隔离) and may not ship.' })
  quarantined!: boolean;
}

@InputType({ description: 'Units of one lot still quarantined in a warehouse, after inventory released some.' })
@Directive('@inaccessible')
export class QuarantinedLotInput {
  @Field(() => String, { description: 'Batch number (批号) of the lot.' })
  lotNumber!: string;

  @Field(() => Int, { description: 'Units of the lot inventory still holds quarantined (0 or more).' })
  quarantined!: number;
}

@InputType({ description: 'Quarantined stock of a product inventory released to sale (service only).' })
@Directive('@inaccessible')
export class ReleaseQuarantinedCodesInput {
  @Field(() => ID, { description: 'The warehouse holding the goods.' })
  warehouseId!: string;

  @Field(() => ID, { description: 'The product released.' })
  productId!: string;

  @Field(() => [QuarantinedLotInput], { description: "The product's lots there and their quarantined units now." })
  lots!: QuarantinedLotInput[];
}
