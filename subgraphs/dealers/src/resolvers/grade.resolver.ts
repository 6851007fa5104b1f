import { Grant, Grants, LocalDateScalar, Money, toUserErrors, YearMonthScalar } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { DealerGradeChange, GradeProposal } from '../entities/grade.entity.js';
import { DecideGradeProposalInput, GradeProposalFilter } from '../schema/grade.input.js';
import { GradeEvaluationPayload, GradeProposalConnection, GradeProposalPayload } from '../schema/grade.type.js';
import type { GradeEvaluationService } from '../services/grade-evaluation.service.js';

/** Grade evaluation, proposals and decisions, over the service `subgraph.ts` builds. */
export function createGradeResolvers(grades: GradeEvaluationService) {
  @Resolver(() => GradeProposal)
  class GradeProposalResolver {
    @Authorized(Grant.HQ_ADMIN)
    @Mutation(() => GradeEvaluationPayload, {
      description:
        "Runs the grade evaluation of a month now (it also runs on the 1st): each dealer's trailing 12 months " +
        'of purchases against GRADE_THRESHOLDS; a differing grade becomes a proposal. Idempotent per month.',
    })
    async runGradeEvaluation(
      @Ctx() ctx: DealersContext,
      @Arg('period', () => YearMonthScalar, { description: 'The evaluation month, up to the current one.' })
      period: string,
    ) {
      const result = await grades.run(ctx, period);
      return Object.assign(new GradeEvaluationPayload(), { ...result, errors: toUserErrors(result.errors) });
    }

    @Authorized(Grant.HQ_ADMIN)
    @Mutation(() => GradeProposalPayload, {
      description: "Approves (the dealer's grade changes, effective from its next order) or rejects a proposal.",
    })
    async decideGradeProposal(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => DecideGradeProposalInput, { description: 'The proposal and the decision.' })
      input: DecideGradeProposalInput,
    ) {
      const result = await grades.decide(ctx, input);
      return Object.assign(new GradeProposalPayload(), { ...result, errors: toUserErrors(result.errors) });
    }

    @Authorized(...Grants.MANAGERS)
    @Query(() => GradeProposalConnection, {
      description: 'Grade proposals (head office: all; managers: their region), newest first.',
    })
    gradeProposals(
      @Ctx() ctx: DealersContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
      after?: string,
      @Arg('filter', () => GradeProposalFilter, { nullable: true, description: 'Conditions to meet.' })
      filter?: GradeProposalFilter,
    ) {
      return grades.list(ctx, { first, after, status: filter?.status, period: filter?.period });
    }

    @FieldResolver(() => Dealer, { description: 'The dealer.' })
    dealer(@Root() p: GradeProposal, @Ctx() ctx: DealersContext) {
      return ctx.loaders.dealerById.load(p.dealerId);
    }

    @FieldResolver(() => Money, { description: 'Purchases over the window (shipped minus credited, gross).' })
    purchases(@Root() p: GradeProposal) {
      return Money.fromMinor(p.purchasesMinor, 'CNY');
    }

    @FieldResolver(() => LocalDateScalar, { description: 'First business day of the window.' })
    windowFrom(@Root() p: GradeProposal) {
      return p.windowFrom;
    }

    @FieldResolver(() => LocalDateScalar, { description: 'Last business day of the window.' })
    windowTo(@Root() p: GradeProposal) {
      return p.windowTo;
    }
  }

  @Resolver(() => Dealer)
  class DealerGradeResolver {
    @FieldResolver(() => [DealerGradeChange], { description: 'Every change of the grade, newest first.' })
    gradeHistory(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
      return grades.history(ctx, dealer);
    }
  }
  return [GradeProposalResolver, DealerGradeResolver] as const;
}
