import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { DealerStatusChange } from '../entities/dealer-status-change.entity.js';
import { Dealer } from '../entities/dealer.entity.js';
import { ChangeDealerStatusInput, SetDealerParentInput } from '../schema/dealer-status.input.js';
import { DealerOrderingBlock, DealerPayload } from '../schema/dealer-status.type.js';
import type { DealerParentService } from '../services/dealer-parent.service.js';
import type { DealerStatusService } from '../services/dealer-status.service.js';
import type { OrderingBlockService } from '../services/ordering-block.service.js';

/** The dealer lifecycle's status resolver, over the services `subgraph.ts` builds. */
export function createDealerStatusResolver(
  statuses: DealerStatusService,
  blocks: OrderingBlockService,
  parents: DealerParentService,
) {
  @Resolver(() => Dealer)
  class DealerStatusResolver {
    @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
    @Mutation(() => DealerPayload, {
      description:
        'Suspends (暂停合作: cannot order, keeps paying and receiving), reinstates or terminates (淘汰) a dealer. ' +
        'Managers suspend and reinstate in their region; only head office terminates, which ends every session ' +
        "of the dealer's users and revokes its partner keys.",
    })
    async changeDealerStatus(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => ChangeDealerStatusInput, { description: 'The dealer, its new state and why.' })
      input: ChangeDealerStatusInput,
    ) {
      const result = await statuses.change(ctx, input);
      return Object.assign(new DealerPayload(), { dealer: result.dealer, errors: toUserErrors(result.errors) });
    }

    @Authorized(Grant.HQ_ADMIN)
    @Mutation(() => DealerPayload, {
      description:
        'Moves a dealer, with every dealer below it, under another parent (head office only): its sub-dealers ' +
        'then buy from the new parent; open orders keep their seller.',
    })
    async setDealerParent(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => SetDealerParentInput, { description: 'The dealer, its new parent and why.' })
      input: SetDealerParentInput,
    ) {
      const result = await parents.setParent(ctx, input);
      return Object.assign(new DealerPayload(), { dealer: result.dealer, errors: toUserErrors(result.errors) });
    }

    @FieldResolver(() => [DealerStatusChange], { description: 'Every change of the lifecycle state, newest first.' })
    statusHistory(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
      return statuses.history(ctx, dealer);
    }

    @FieldResolver(() => DealerOrderingBlock, {
      nullable: true,
      description:
        'Why the dealer may not order now (status first, then the earliest expired required licence without ' +
        'an approved renewal); null when it may. Computed on every read; the order saga reads it too.',
    })
    async orderingBlock(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
      const block = await blocks.of(ctx.em, dealer);
      return block && Object.assign(new DealerOrderingBlock(), block);
    }
  }
  return DealerStatusResolver;
}
