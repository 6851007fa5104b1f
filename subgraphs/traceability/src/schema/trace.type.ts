import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { DiversionAlert } from '../entities/diversion-alert.entity.js';
import { SerialCode } from '../entities/serial-code.entity.js';
import { TraceEvent } from '../entities/trace-event.entity.js';

/** A page of diversion alerts (`DiversionAlertConnection` with `DiversionAlertEdge`), Relay-style. */
export const DiversionAlertConnection = connectionType(DiversionAlert, 'DiversionAlert', 'diversion alert');

/** A page of serial codes (`SerialCodeConnection` with `SerialCodeEdge`), Relay-style. */
export const SerialCodeConnection = connectionType(SerialCode, 'SerialCode', 'serial code');

@ObjectType({
  description:
    'Result of scanCode: the updated code, the recorded event and any diversion alert, ' +
    'or errors (then nothing was written).',
})
export class ScanCodePayload {
  @Field(() => SerialCode, {
    nullable: true,
    description: 'The scanned code after the scan; null when the scan failed.',
  })
  serialCode!: SerialCode | null;

  @Field(() => TraceEvent, { nullable: true, description: 'The recorded event; null when the scan failed.' })
  event!: TraceEvent | null;

  @Field(() => DiversionAlert, {
    nullable: true,
    description: "The diversion alert the scan raised, if it happened outside the owner's authorized regions.",
  })
  diversionAlert!: DiversionAlert | null;

  @Field(() => [UserError], { description: 'Business failures; empty on success.' })
  errors!: UserError[];
}
