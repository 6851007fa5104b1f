import { ALERT_ACKNOWLEDGERS, Grant, Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { Qualification } from '../entities/qualification.entity.js';
import { QualificationRenewalInput, ReviewQualificationInput } from '../schema/qualification.input.js';
import {
  QualificationAlertConnection,
  QualificationAlertPayload,
  QualificationPayload,
} from '../schema/qualification.type.js';
import type { QualificationAlertScanner } from '../services/qualification-alert.scanner.js';
import type { QualificationReviewService } from '../services/qualification-review.service.js';

/** Licence renewals, their review and the expiry alerts, over the services `subgraph.ts` builds. */
export function createQualificationAdminResolver(
  reviews: QualificationReviewService,
  alerts: QualificationAlertScanner,
) {
  @Resolver(() => Qualification)
  class QualificationAdminResolver {
    @Authorized(Grant.HQ_ADMIN, ...Grants.DEALER_USERS)
    @Mutation(() => QualificationPayload, {
      description:
        'Submits a renewed licence for review (dealer users for their own dealer, head office): it waits ' +
        'PENDING_REVIEW until head office or the region manager approves it.',
    })
    async submitQualificationRenewal(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => QualificationRenewalInput, { description: 'The licence renewed and the new data.' })
      input: QualificationRenewalInput,
    ) {
      const result = await reviews.submitRenewal(ctx, input);
      return Object.assign(new QualificationPayload(), { ...result, errors: toUserErrors(result.errors) });
    }

    @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
    @Mutation(() => QualificationPayload, {
      description:
        'Approves (the old licence is superseded, its alerts resolve and an expired-licence ordering block ' +
        'lifts at once) or rejects a pending renewal. Head office, or the manager of the dealer’s region.',
    })
    async reviewQualification(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => ReviewQualificationInput, { description: 'The renewal and the decision.' })
      input: ReviewQualificationInput,
    ) {
      const result = await reviews.review(ctx, input);
      return Object.assign(new QualificationPayload(), { ...result, errors: toUserErrors(result.errors) });
    }

    @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, ...Grants.DEALER_USERS, Grant.SERVICE)
    @Query(() => QualificationAlertConnection, {
      description:
        "Licence expiry alerts in your scope (HQ: all; managers: their region; dealer users: their dealer's), " +
        'newest first.',
    })
    qualificationAlerts(
      @Ctx() ctx: DealersContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
      after?: string,
      @Arg('open', () => Boolean, { nullable: true, description: 'true: unresolved only; false: resolved only.' })
      open?: boolean,
    ) {
      return alerts.list(ctx, { first, after, open });
    }

    @Authorized(...ALERT_ACKNOWLEDGERS)
    @Mutation(() => QualificationAlertPayload, {
      description: 'Acknowledges a licence expiry alert once (HQ, the region manager, the dealer’s admin).',
    })
    async acknowledgeQualificationAlert(
      @Ctx() ctx: DealersContext,
      @Arg('id', () => ID, { description: 'Alert id ("qla_…").' }) id: string,
    ) {
      const alert = await alerts.acknowledge(ctx, id);
      return Object.assign(new QualificationAlertPayload(), { alert, errors: [] });
    }

    @FieldResolver(() => Qualification, { nullable: true, description: 'The licence this renewal replaces.' })
    replaces(@Root() q: Qualification, @Ctx() ctx: DealersContext) {
      return reviews.replaces(ctx, q);
    }
  }
  return QualificationAdminResolver;
}
