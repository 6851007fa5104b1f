import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What happened to a code, after the GS1 EPCIS event vocabulary. */
export enum TraceAction {
  COMMISSION = 'COMMISSION',
  AGGREGATE = 'AGGREGATE',
  DISAGGREGATE = 'DISAGGREGATE',
  SHIP = 'SHIP',
  RECEIVE = 'RECEIVE',
  SELL = 'SELL',
  SCAN = 'SCAN',
  RETURN = 'RETURN',
}
registerEnumType(TraceAction, {
  name: 'TraceAction',
  description: 'What happened to a serial code (after the GS1 EPCIS business steps).',
  valuesConfig: {
    COMMISSION: { description: 'The code was printed and activated.' },
    AGGREGATE: { description: 'The code was packed into a parent case or pallet.' },
    DISAGGREGATE: { description: 'The code was unpacked from its parent.' },
    SHIP: { description: 'Shipped to a dealer.' },
    RECEIVE: { description: 'Received by the owning dealer.' },
    SELL: { description: 'Sold to the end customer.' },
    SCAN: { description: 'Scanned for inspection or by a consumer, without a change of state.' },
    RETURN: { description: 'Returned by the dealer into a brand warehouse (EPCIS disposition "returned").' },
  },
});

/** The EPCIS business step URN of each action. */
export const BIZ_STEPS: Record<TraceAction, string> = {
  [TraceAction.COMMISSION]: 'urn:epcglobal:cbv:bizstep:commissioning',
  [TraceAction.AGGREGATE]: 'urn:epcglobal:cbv:bizstep:packing',
  [TraceAction.DISAGGREGATE]: 'urn:epcglobal:cbv:bizstep:unpacking',
  [TraceAction.SHIP]: 'urn:epcglobal:cbv:bizstep:shipping',
  [TraceAction.RECEIVE]: 'urn:epcglobal:cbv:bizstep:receiving',
  [TraceAction.SELL]: 'urn:epcglobal:cbv:bizstep:retail_selling',
  [TraceAction.SCAN]: 'urn:epcglobal:cbv:bizstep:inspecting',
  [TraceAction.RETURN]: 'urn:epcglobal:cbv:bizstep:receiving',
};

/** The EPCIS disposition of a returned code, kept in a RETURN event's details. */
export const DISPOSITION_RETURNED = 'urn:epcglobal:cbv:disp:returned';

@Entity({ tableName: 'trace_event' })
@Index({ properties: ['code', 'at'] })
@ObjectType({ description: 'One event in the history of a serial code (modelled on a GS1 EPCIS event).' })
export class TraceEvent {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable event id ("evt_…").' })
  id!: string;

  @Property({ type: 'string', length: 24 })
  @Field(() => String, { description: 'The serial code the event is about.' })
  code!: string;

  @Enum({ items: () => TraceAction, nativeEnumName: undefined })
  @Field(() => TraceAction, { description: 'What happened.' })
  action!: TraceAction;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'EPCIS business step URN, e.g. "urn:epcglobal:cbv:bizstep:shipping".' })
  bizStep!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  dealerId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  warehouseId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  regionId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  actorUserId!: string | null;

  // Millisecond precision on MySQL too, so events of the same second keep their order.
  @Property({ type: 'datetime', length: 3 })
  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;

  /** True when this event raised a diversion (窜货) alert. */
  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: "True when the event happened outside the owner's authorized regions and raised a diversion alert.",
  })
  diverted!: boolean;

  /** The retail price a SELL scan carried (fen); null when none was entered. */
  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'SELL scans: the retail price entered at the till, in fen (分); null when none was entered.',
  })
  retailPriceMinor: number | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Extra event data as a JSON object text (e.g. parent code, note; shipmentId, orderId, returnId, disposition).',
  })
  details!: string | null;
}
