import { AuditEntry, connectionType, Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers.loader.js';
import type { AuditLogService } from '../services/audit-log.service.js';

@ObjectType('AuditEntryConnection', { description: 'A page of audit entries, newest first.' })
export class AuditEntryConnection extends connectionType(AuditEntry, 'AuditEntry', 'audit entry') {}

@InputType({ description: 'Which audit entries to list; every field optional, all given ones must match.' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: 'Only changes by this actor (user id, or a service name).' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes of this entity type, e.g. "Order".' })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes of this entity id.' })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only entries recorded by this subgraph (products, dealers, pricing, inventory, orders, finance, traceability); BAD_USER_INPUT for another name.' })
  subgraph?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only changes at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only changes before this time.' })
  to?: Date | null;
}

/** Builds the `auditLog` resolver around the fan-out service (it holds the service clients). */
export function createAuditLogResolver(service: AuditLogService) {
  @Resolver()
  class AuditLogResolver {
    @Authorized(Grant.HQ_ADMIN)
    @Query(() => AuditEntryConnection, {
      description: 'HQ only: every audited change on the platform (all subgraphs), newest first, with who, what, when and before/after. FORBIDDEN for other roles.',
    })
    auditLog(
      @Ctx() ctx: DealersContext,
      @Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 100).' }) first?: number,
      @Arg('after', () => String, { nullable: true, description: 'Cursor of the last entry of the previous page.' }) after?: string,
      @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Which entries to list.' }) filter?: AuditLogFilter,
    ) {
      return service.page(ctx, { first, after, filter });
    }
  }
  return AuditLogResolver;
}
