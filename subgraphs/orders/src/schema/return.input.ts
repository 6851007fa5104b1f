import { Field, ID, InputType, Int } from 'type-graphql';
import { ReturnDisposition } from '../entities/return-line.entity.js';
import { ReturnReason, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import { ReviewDecision } from './place-order.input.js';

@InputType({ description: 'Units of one delivered shipment line to return.' })
export class ReturnLineInput {
  @Field(() => ID, { description: 'The DELIVERED shipment the units came with.' })
  shipmentId!: string;

  @Field(() => ID, { description: 'The order line of those units.' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units to return, at least 1 and at most the line’s returnable units.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'The shipment lot the units came from, when known.' })
  lotId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Serial codes of the returned units (at most 500).' })
  serialCodes?: string[] | null;
}

@InputType({ description: 'A dealer’s request to return delivered goods of one order.' })
export class RequestReturnInput {
  @Field(() => ID, { description: 'The order the goods belong to.' })
  orderId!: string;

  @Field(() => String, {
    description: 'Client-chosen key (1–80 characters): asking again with it answers the first request.',
  })
  idempotencyKey!: string;

  @Field(() => ReturnReason, { description: 'Why the goods go back.' })
  reason!: ReturnReason;

  @Field(() => String, { nullable: true, description: 'Details, at most 500 characters; required for OTHER.' })
  comment?: string | null;

  @Field(() => [ReturnLineInput], { description: 'The units to return, 1 to 200 lines.' })
  lines!: ReturnLineInput[];
}

@InputType({ description: 'How many units of one return line HQ accepts.' })
export class AcceptLineInput {
  @Field(() => ID, { description: 'The return line.' })
  returnLineId!: string;

  @Field(() => Int, { description: 'Units accepted, 0 to the units requested.' })
  acceptedQuantity!: number;
}

@InputType({ description: 'HQ’s decision on a REQUESTED return.' })
export class ReviewReturnInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;

  @Field(() => ReviewDecision, { description: 'APPROVE or REJECT.' })
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'HQ’s comment, at most 500 characters.' })
  comment?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'With APPROVE and goods to come back: the HQ or regional warehouse that receives them.',
  })
  warehouseId?: string | null;

  @Field(() => [AcceptLineInput], {
    nullable: true,
    description: 'Accepted units per line; omitted: every line as requested.',
  })
  lines?: AcceptLineInput[] | null;
}

@InputType({ description: 'What the target warehouse received of one return line.' })
export class ReceiveLineInput {
  @Field(() => ID, { description: 'The return line (a GOODS line).' })
  returnLineId!: string;

  @Field(() => Int, { description: 'Units received, 0 to the units accepted.' })
  quantity!: number;

  @Field(() => ReturnDisposition, {
    nullable: true,
    description: 'Where the units go: sellable or quarantined; required when units were received.',
  })
  disposition?: ReturnDisposition | null;
}

@InputType({ description: 'The arrival of an APPROVED return’s goods in its target warehouse.' })
export class ReceiveReturnInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;

  @Field(() => [ReceiveLineInput], { description: 'Per GOODS line what arrived; lines left out arrived with 0.' })
  lines!: ReceiveLineInput[];
}

@InputType({ description: 'Which return requests to list.' })
export class ReturnFilter {
  @Field(() => [ReturnStatus], { nullable: true, description: 'Only these statuses.' })
  status?: ReturnStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only returns of this dealer.' })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only returns of this order.' })
  orderId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only returns into this target warehouse.' })
  warehouseId?: string | null;

  @Field(() => ReturnSource, { nullable: true, description: 'Only dealer returns, or only receipt claims.' })
  source?: ReturnSource | null;
}
