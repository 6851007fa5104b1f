import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { AuditLogFilter } from '../schema/audit-log.input.js';
import { AuditEntryConnection } from '../schema/audit-log.type.js';
import type { AuditLogService } from '../services/audit-log.service.js';

/** Builds the `auditLog` resolver around the fan-out service (it holds the service clients). */
export function createAuditLogResolver(service: AuditLogService) {
  @Resolver()
  class AuditLogResolver {
    @Authorized(Grant.HQ_ADMIN)
    @Query(() => AuditEntryConnection, {
      description:
        'HQ only: every audited change on the platform (all subgraphs), newest first, with who, what, when ' +
        'and before/after. FORBIDDEN for other roles.',
    })
    auditLog(
      @Ctx() ctx: DealersContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Cursor of the last entry of the previous page.' })
      after?: string,
      @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Which entries to list.' })
      filter?: AuditLogFilter,
    ) {
      return service.page(ctx, { first, after, filter });
    }
  }
  return AuditLogResolver;
}
