import {
  AppError,
  decodeCursor,
  ErrorCode,
  ForbiddenError,
  pageSize,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { CreditNote } from '../entities/credit-note.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { CreditNoteFilter } from '../schema/credit-note.input.js';
import { sellerFilter } from './invoice.service.js';
import { documentWhere, financeScope } from './scope.service.js';

const DEALER_ID = /^dlr_[A-Za-z0-9]{1,36}$/;

/** Credit note reads, limited to the viewer's scope (HQ and finance clerks: all). */
export class CreditNoteQueryService {
  /** One page of credit notes in scope, newest first (ties by id). */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: CreditNoteFilter | null },
  ): Promise<Page<CreditNote>> {
    const { dealerId, invoiceId, sellerDealerId } = args.filter ?? {};
    const scoped = documentWhere(financeScope(ctx.requireViewer()), sellerFilter(sellerDealerId));
    if (scoped === null) throw new ForbiddenError('Your role cannot read credit notes');
    const limit = pageSize(args.first);
    const where = [...scoped] as FilterQuery<CreditNote>[];
    if (dealerId != null) {
      if (!DEALER_ID.test(dealerId)) throw new UserInputError(`"${dealerId}" is not a dealer id`, 'filter.dealerId');
      where.push({ dealerId });
    }
    if (invoiceId != null) where.push({ invoiceId });
    const base: FilterQuery<CreditNote> = where.length ? { $and: where } : {};
    let page = base;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const when = typeof at === 'string' ? new Date(at) : null;
      if (!when || Number.isNaN(when.getTime()) || typeof id !== 'string') {
        throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
      }
      page = { $and: [base, { $or: [{ issuedAt: { $lt: when } }, { issuedAt: when, id: { $lt: id } }] }] };
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as CreditNote[])
        : ctx.em.find(CreditNote, page, { orderBy: { issuedAt: 'desc', id: 'desc' }, limit: limit + 1 }),
      ctx.em.count(CreditNote, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (c) => [c.issuedAt.toISOString(), c.id]);
  }
}
