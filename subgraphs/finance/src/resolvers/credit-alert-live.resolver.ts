import { Grants, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import { Arg, Authorized, Resolver, Subscription } from 'type-graphql';
import { CreditAlert } from '../entities/credit-alert.entity.js';

/** Finance's live feed: declared here so composition offers it; the gateway serves it. */
@Resolver(() => CreditAlert)
export class CreditAlertLiveResolver {
  @Authorized(...Grants.STAFF)
  @Subscription(() => CreditAlert, {
    subscribe: servedByGateway,
    description:
      'Each credit alert (credit use above the threshold) as it is raised, for the viewers who may read it ' +
      '(a dealer only its own); served by the gateway over graphql-ws. Pass the last ' +
      '`extensions.event.position` as `after` to catch up after a reconnect.',
  })
  creditAlertRaised(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): CreditAlert {
    throw subscriptionsViaGateway();
  }
}
