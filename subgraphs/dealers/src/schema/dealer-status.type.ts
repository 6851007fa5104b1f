import { UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { Dealer } from '../entities/dealer.entity.js';
import { Qualification } from '../entities/qualification.entity.js';

@ObjectType({ description: 'Why a dealer may not order now; the order saga refuses its orders with the same code.' })
export class DealerOrderingBlock {
  @Field(() => String, {
    description:
      'DEALER_NOT_ACTIVE (suspended, terminated or not admitted) or QUALIFICATION_EXPIRED (a required licence ' +
      'expired and no renewal is approved yet).',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation, with the reason of a suspension.' })
  message!: string;

  @Field(() => Date, { description: 'Since when: the status change, or the moment the licence expired.' })
  since!: Date;

  @Field(() => Qualification, { nullable: true, description: 'The expired licence, for QUALIFICATION_EXPIRED.' })
  qualification!: Qualification | null;
}

@ObjectType({ description: 'Result of a change to a dealer: the dealer as it is now, or why nothing changed.' })
export class DealerPayload {
  @Field(() => Dealer, { nullable: true, description: 'The dealer after the change; null when refused.' })
  dealer!: Dealer | null;

  @Field(() => [UserError], {
    description:
      'Why nothing changed: changeDealerStatus INVALID_TRANSITION, REASON_REQUIRED, FORBIDDEN (a manager ' +
      'terminating); setDealerParent DEALER_CYCLE, PARENT_NOT_ACTIVE, LEVEL_ORDER, REASON_REQUIRED.',
  })
  errors!: UserError[];
}
