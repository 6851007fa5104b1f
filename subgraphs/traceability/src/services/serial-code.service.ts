import { ForbiddenError, NotFoundError, UnauthenticatedError, UserInputError } from '@dnp/subgraph-kit';
import type { SerialCode } from '../entities/serial-code.entity.js';
import type { TraceEvent } from '../entities/trace-event.entity.js';
import type { TraceabilityContext } from '../traceability-context.js';
import { parseCode } from './codes.service.js';
import { codeScope, inScope } from './scope.service.js';

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

  /** Item-level codes of a product within the caller's scope (batched per request). */
  itemCount(ctx: TraceabilityContext, productId: string): Promise<number> {
    return ctx.loaders.itemCountByProduct.load(productId);
  }
}
