import { Grant, Grants, LocalDateScalar, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { ApplicationDocument, BusinessScope, DealerApplication } from '../entities/dealer-application.entity.js';
import { Dealer } from '../entities/dealer.entity.js';
import { Region } from '../entities/region.entity.js';
import {
  DealerApplicationFilter,
  DealerApplicationInput,
  ReviewApplicationInput,
} from '../schema/dealer-application.input.js';
import {
  DealerApplicationConnection,
  DealerApplicationPayload,
  ReviewStep,
  SubmitApplicationPayload,
} from '../schema/dealer-application.type.js';
import type { AdmissionService } from '../services/admission.service.js';
import { applicationDocumentUrl } from '../services/application-document.service.js';
import type { DealerApplicationService } from '../services/dealer-application.service.js';

/** Applications and their reviews, over the services `subgraph.ts` builds. */
export function createDealerApplicationResolver(applications: DealerApplicationService, admissions: AdmissionService) {
  @Resolver(() => DealerApplication)
  class DealerApplicationResolver {
    @Authorized(Grant.ANYONE)
    @Mutation(() => SubmitApplicationPayload, {
      description:
        'Applies to join the dealer network (anyone; throttled per IP). Answers only the application number: ' +
        "an applicant cannot read applications. The region's manager reviews it first, then head office.",
    })
    async submitDealerApplication(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => DealerApplicationInput, { description: 'The company, its contact and its licences.' })
      input: DealerApplicationInput,
    ) {
      const result = await applications.submit(ctx, input);
      return Object.assign(new SubmitApplicationPayload(), {
        number: result.number,
        errors: toUserErrors(result.errors),
      });
    }

    @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER)
    @Mutation(() => DealerApplicationPayload, {
      description:
        "Reviews an application: a region manager approves (→ REGION_APPROVED) or rejects its region's; head " +
        'office rejects or admits (dealer, licences, inactive administrator with a one-time invitation link, ' +
        'credit account and warehouse opened by finance and inventory from dealers.dealer_admitted).',
    })
    async reviewDealerApplication(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => ReviewApplicationInput, { description: 'The decision and, for admission, the terms.' })
      input: ReviewApplicationInput,
    ) {
      const result = await admissions.review(ctx, input);
      return Object.assign(new DealerApplicationPayload(), { ...result, errors: toUserErrors(result.errors) });
    }

    @Authorized(...Grants.MANAGERS)
    @Query(() => DealerApplicationConnection, {
      description: 'The application queue (head office: all; managers: their region subtree), oldest first.',
    })
    dealerApplications(
      @Ctx() ctx: DealersContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
      after?: string,
      @Arg('filter', () => DealerApplicationFilter, { nullable: true, description: 'Conditions to meet.' })
      filter?: DealerApplicationFilter,
    ) {
      return applications.list(ctx, { first, after, status: filter?.status, regionId: filter?.regionId });
    }

    @Authorized(...Grants.MANAGERS)
    @Query(() => DealerApplication, {
      nullable: true,
      description: 'One application; NOT_FOUND when unknown or outside your region.',
    })
    dealerApplication(
      @Ctx() ctx: DealersContext,
      @Arg('id', () => ID, { description: 'Application id ("app_…").' }) id: string,
    ) {
      return applications.findOne(ctx, id);
    }
  }
  return DealerApplicationResolver;
}

/** The fields of an application and its documents. */
export function createDealerApplicationFieldResolvers(applications: DealerApplicationService) {
  @Resolver(() => DealerApplication)
  class DealerApplicationFieldResolver {
    @FieldResolver(() => Region, { description: 'The sales region applied for.' })
    region(@Root() app: DealerApplication, @Ctx() ctx: DealersContext) {
      return applications.region(ctx, app);
    }

    @FieldResolver(() => Dealer, { nullable: true, description: 'The dealer it would buy from; null: the brand.' })
    parentDealer(@Root() app: DealerApplication, @Ctx() ctx: DealersContext) {
      return app.parentDealerId ? ctx.loaders.dealerById.load(app.parentDealerId) : null;
    }

    @FieldResolver(() => [BusinessScope], { description: 'What the company trades in.' })
    businessScopes(@Root() app: DealerApplication) {
      return applications.businessScopes(app);
    }

    @FieldResolver(() => [ApplicationDocument], { description: 'The licences submitted.' })
    documents(@Root() app: DealerApplication, @Ctx() ctx: DealersContext) {
      return applications.documents(ctx, app);
    }

    @FieldResolver(() => ReviewStep, { nullable: true, description: "The region manager's review; null until then." })
    regionReview(@Root() app: DealerApplication) {
      return applications.reviewStep(app.regionReviewedBy, app.regionReviewedAt, app.regionReviewComment);
    }

    @FieldResolver(() => ReviewStep, { nullable: true, description: "Head office's review; null until then." })
    hqReview(@Root() app: DealerApplication) {
      return applications.reviewStep(app.hqReviewedBy, app.hqReviewedAt, app.hqReviewComment);
    }

    @FieldResolver(() => Dealer, { nullable: true, description: 'The dealer admitted from it; null until approved.' })
    dealer(@Root() app: DealerApplication, @Ctx() ctx: DealersContext) {
      return app.dealerId ? ctx.loaders.dealerById.load(app.dealerId) : null;
    }
  }

  @Resolver(() => ApplicationDocument)
  class ApplicationDocumentResolver {
    @FieldResolver(() => LocalDateScalar, { description: 'Last valid day of the licence.' })
    validUntil(@Root() doc: ApplicationDocument) {
      return doc.validUntil;
    }

    @FieldResolver(() => String, {
      nullable: true,
      description:
        'Where the scanned document opens: a path on the gateway (GET /documents/…), fetched with the ' +
        "caller's own token; only head office and the manager of the application's region get the file (404 " +
        'NOT_FOUND for anyone else). Null when no file is stored.',
    })
    url(@Root() doc: ApplicationDocument) {
      return applicationDocumentUrl(doc);
    }
  }
  return [DealerApplicationFieldResolver, ApplicationDocumentResolver] as const;
}
