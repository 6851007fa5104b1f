import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import { SerialCode } from '../entities/serial-code.entity.js';
import { TraceEvent } from '../entities/trace-event.entity.js';
import { UserError } from '@dnp/subgraph-kit';

/** The kit's shared payload error, re-exported for this subgraph's payload types. */
export { UserError };

/** What a scan records. */
export enum ScanAction {
  SELL = 'SELL',
  SCAN = 'SCAN',
  RECEIVE = 'RECEIVE',
}
registerEnumType(ScanAction, {
  name: 'ScanAction',
  description: 'What a scan of a serial code records.',
  valuesConfig: {
    SELL: { description: 'Sale of an item to the end customer; the code becomes SOLD (only once).' },
    SCAN: { description: 'Inspection or consumer check; changes no state but is checked for diversion.' },
    RECEIVE: { description: 'Goods receipt by the owning dealer; a case or pallet receives its contents too.' },
  },
});

@InputType({ description: 'A scan of one serial code at a place.' })
export class ScanCodeInput {
  @Field(() => String, { description: 'The scanned code, e.g. "JH0123456789ABCDEF".' })
  code!: string;

  @Field(() => ScanAction, { description: 'What the scan records.' })
  action!: ScanAction;

  @Field(() => ID, { description: 'Region (usually a city) where the scan happened; checked against the owner\'s authorized regions.' })
  regionId!: string;

  @Field(() => String, { nullable: true, description: 'Free note kept with the event, at most 500 characters.' })
  note?: string | null;
}

@ObjectType({ description: 'Result of scanCode: the updated code, the recorded event and any diversion alert, or errors (then nothing was written).' })
export class ScanCodePayload {
  @Field(() => SerialCode, { nullable: true, description: 'The scanned code after the scan; null when the scan failed.' })
  serialCode!: SerialCode | null;

  @Field(() => TraceEvent, { nullable: true, description: 'The recorded event; null when the scan failed.' })
  event!: TraceEvent | null;

  @Field(() => DiversionAlert, { nullable: true, description: 'The diversion alert the scan raised, if it happened outside the owner\'s authorized regions.' })
  diversionAlert!: DiversionAlert | null;

  @Field(() => [UserError], { description: 'Business failures; empty on success.' })
  errors!: UserError[];
}

@InputType({ description: 'Narrows a list of diversion alerts. All given conditions must hold.' })
export class DiversionAlertFilter {
  @Field(() => AlertStatus, { nullable: true, description: 'Only alerts in this work state.' })
  status?: AlertStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only alerts about codes owned by this dealer.' })
  ownerDealerId?: string | null;
}
