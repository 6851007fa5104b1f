import { Money, YearMonthScalar } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { FinanceContext } from '../finance-context.js';
import { ReceivablesMonthTotal } from '../schema/receivables-report.type.js';
import { RECEIVABLES_REPORT_GRANTS } from '../services/finance-exports.js';
import { ReceivablesReportService } from '../services/receivables-report.service.js';

const reports = new ReceivablesReportService();
const CURRENCY = 'CNY';

@Resolver()
export class ReceivablesReportResolver {
  @Authorized(...RECEIVABLES_REPORT_GRANTS)
  @Query(() => [ReceivablesMonthTotal], {
    description:
      "The receivables trend: open, overdue and over-90 receivables at each month's end from the month-end " +
      "snapshots, summed over the dealers in the viewer's scope (BAD_USER_INPUT for bad months or over 36).",
  })
  async receivablesReport(
    @Ctx() ctx: FinanceContext,
    @Arg('from', () => YearMonthScalar, { description: 'First month.' }) from: string,
    @Arg('to', () => YearMonthScalar, { description: 'Last month (inclusive).' }) to: string,
  ): Promise<ReceivablesMonthTotal[]> {
    const money = (minor: number) => Money.fromMinor(minor, CURRENCY);
    return (await reports.report(ctx, { from, to })).map((r) => ({
      ...{ month: r.month, taken: r.taken, dealers: r.dealers, open: money(r.openMinor) },
      ...{ overdue: money(r.overdueMinor), over90: money(r.over90Minor), unapplied: money(r.unappliedMinor) },
    }));
  }
}
