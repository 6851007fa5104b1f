import { Grant, Grants, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import { Arg, Authorized, ID, Resolver, Subscription } from 'type-graphql';
import { Payment } from '../entities/payment.entity.js';

/** Finance's live payment feed: declared here so composition offers it; the gateway serves it. */
@Resolver(() => Payment)
export class PaymentLiveResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Subscription(() => Payment, {
    subscribe: servedByGateway,
    description:
      'Each payment as it is recorded, for the viewers who may read it (a dealer only its own); served by the ' +
      'gateway over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up after a reconnect.',
  })
  paymentRecorded(
    @Arg('dealerId', () => ID, { nullable: true, description: "Only this dealer's payments." }) _dealerId?: string,
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): Payment {
    throw subscriptionsViaGateway();
  }
}
