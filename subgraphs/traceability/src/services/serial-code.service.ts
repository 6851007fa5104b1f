import {
  AppError,
  decodeCursor,
  ForbiddenError,
  NotFoundError,
  pageSize,
  toPage,
  UnauthenticatedError,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { SerialCode } from '../entities/serial-code.entity.js';
import type { TraceEvent } from '../entities/trace-event.entity.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { parseCode } from './codes.service.js';
import { codeScope, inScope, scopeWhere } from './scope.service.js';

/** Reads of serial codes and their history, within the caller's data scope. */
export class SerialCodeService {
  /**
   * One code by its printed value. Anonymous callers are UNAUTHENTICATED, callers without a code
   * scope (catalogue-only partners) FORBIDDEN; a malformed
   * code is BAD_USER_INPUT; an unknown code, or one outside the caller's scope, is NOT_FOUND
   * (never telling a dealer that another dealer's code exists).
   */
  async trace(ctx: TraceabilityContext, input: string): Promise<SerialCode> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError('Log in as an HQ, manager or dealer user to trace codes');
    const scope = codeScope(viewer);
    if (scope.kind === 'none') throw new ForbiddenError('Your role cannot trace codes');
    const parsed = parseCode(input);
    if (!parsed)
      throw new UserInputError(
        `"${input.slice(0, 40)}" is not a serial code ("JH", "JC" or "JP" and 16 Crockford base32 characters)`,
        'code',
      );
    const code = await ctx.loaders.codeByCode.load(parsed.code);
    if (!code || !inScope(scope, code)) throw new NotFoundError('SerialCode', parsed.code);
    return code;
  }

  /** A code by key for entity references and parent links; null when unknown or out of scope. */
  async visible(ctx: TraceabilityContext, code: string | null): Promise<SerialCode | null> {
    if (!code) return null;
    const row = await ctx.loaders.codeByCode.load(code);
    return row && inScope(codeScope(ctx.viewer), row) ? row : null;
  }

  /** The codes packed directly into `code` that the caller may see. */
  async children(ctx: TraceabilityContext, code: string): Promise<SerialCode[]> {
    const scope = codeScope(ctx.viewer);
    return (await ctx.loaders.codesByParent.load(code)).filter((c) => inScope(scope, c));
  }

  /** The history of a code, oldest first. */
  events(ctx: TraceabilityContext, code: string): Promise<TraceEvent[]> {
    return ctx.loaders.eventsByCode.load(code);
  }

  /**
   * One page of the codes a shipment carried (cases, pallets and their contents), by code, within
   * the caller's scope: a dealer sees its own, a warehouse operator those lying in its warehouses.
   */
  async byShipment(
    ctx: TraceabilityContext,
    shipmentId: string,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<SerialCode>> {
    const limit = pageSize(args.first);
    const scope = scopeWhere(codeScope(ctx.viewer));
    if (!scope) return toPage([], limit, Boolean(args.after), 0, () => []);
    const base: FilterQuery<SerialCode> = { $and: [scope, { shipmentId }] };
    const page: FilterQuery<SerialCode>[] = [base];
    if (args.after) {
      const [code] = decodeCursor(args.after, 1);
      if (typeof code !== 'string')
        throw new AppError('INVALID_CURSOR', '"after" is not a cursor this list issued', { field: 'after' });
      page.push({ code: { $gt: code } });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as SerialCode[])
        : ctx.em.find(SerialCode, { $and: page }, { orderBy: { code: 'asc' }, limit: limit + 1 }),
      ctx.em.count(SerialCode, base),
    ]);
    for (const row of rows) ctx.loaders.codeByCode.prime(row.code, row);
    return toPage(rows, limit, Boolean(args.after), total, (c) => [c.code]);
  }

  /** Item-level codes of a product within the caller's scope (batched per request). */
  itemCount(ctx: TraceabilityContext, productId: string): Promise<number> {
    return ctx.loaders.itemCountByProduct.load(productId);
  }
}
