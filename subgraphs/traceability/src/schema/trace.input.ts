import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { AlertStatus } from '../entities/diversion-alert.entity.js';

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

  @Field(() => ID, {
    description: "Region (usually a city) where the scan happened; checked against the owner's authorized regions.",
  })
  regionId!: string;

  @Field(() => String, { nullable: true, description: 'Free note kept with the event, at most 500 characters.' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'SELL only: the retail price the unit sold at, a decimal amount in CNY such as "52.80" (positive, at most ' +
      'two decimals); pricing checks it against the minimum resale price (控价).',
  })
  retailPrice?: string | null;
}

@InputType({ description: 'Narrows a list of diversion alerts. All given conditions must hold.' })
export class DiversionAlertFilter {
  @Field(() => AlertStatus, { nullable: true, description: 'Only alerts in this work state.' })
  status?: AlertStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only alerts about codes owned by this dealer.' })
  ownerDealerId?: string | null;
}
