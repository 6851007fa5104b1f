import { Grant, Grants } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { CreditAlert } from '../entities/credit-alert.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { CreditAlertService } from '../services/credit-alert.service.js';
import { CreditAccountService } from '../services/credit-account.service.js';
import { CreditAlertConnection } from '../schema/credit-alert.type.js';

const alerts = new CreditAlertService();
const accounts = new CreditAccountService();

@Resolver(() => CreditAlert)
export class CreditAlertResolver {
  @Authorized(...Grants.STAFF)
  @Query(() => CreditAlertConnection, {
    description:
      "Credit alerts in the viewer's scope, newest first: HQ all, region managers their region subtree's " +
      'dealers, dealer users their own.',
  })
  creditAlerts(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('acknowledged', () => Boolean, {
      nullable: true,
      description: 'true: only acknowledged alerts; false: only unacknowledged ones.',
    })
    acknowledged?: boolean,
    @Arg('open', () => Boolean, {
      nullable: true,
      description: 'true: only alerts whose condition lasts; false: only cleared ones.',
    })
    open?: boolean,
  ) {
    return alerts.list(ctx, { first, after, acknowledged, open });
  }

  @Authorized(...Grants.STAFF)
  @Query(() => CreditAlert, { description: "One credit alert; NOT_FOUND when unknown or outside the viewer's scope." })
  creditAlert(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.get(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN)
  @Mutation(() => CreditAlert, {
    description: 'Acknowledges a credit alert in scope (HQ, region managers, dealer admins); idempotent.',
  })
  acknowledgeCreditAlert(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.acknowledge(ctx, id);
  }

  @FieldResolver(() => CreditAccount, { nullable: true, description: 'The credit account the alert is about.' })
  account(@Root() alert: CreditAlert, @Ctx() ctx: FinanceContext) {
    return accounts.byReference(ctx, alert.accountId);
  }

  @FieldResolver(() => Boolean, { description: 'True once someone acknowledged the alert.' })
  acknowledged(@Root() alert: CreditAlert) {
    return alert.acknowledgedAt != null;
  }
}
