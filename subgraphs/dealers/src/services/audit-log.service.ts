import {
  AuditEntry,
  decodeCursor,
  pageSize,
  ServiceClient,
  serviceUrls,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import type { DealersContext } from '../dealers-context.js';

/** The filter of `auditLog`; every part optional. */
export interface AuditLogFilterArgs {
  actorId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  subgraph?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Where the audit log is read from: one service client per subgraph. */
export interface AuditSources {
  /** SUBGRAPH_URLS of the configuration (`name=url,…` over the embedded defaults). */
  subgraphUrls: string;
  /** INTERNAL_JWT_SECRET, to call the subgraphs as the service identity. */
  secret: string;
}

const QUERY = `query AuditEntries(
  $first: Int!, $before: ID, $actorId: String, $entityType: String, $entityId: ID, $from: DateTimeISO, $to: DateTimeISO
) {
  auditEntries(
    first: $first, before: $before, actorId: $actorId, entityType: $entityType, entityId: $entityId
    from: $from, to: $to
  ) {
    totalCount
    entries {
      id at actorId actorRole actorDealerId actorName operation action entityType entityId before after requestId
    }
  }
}`;

type WireEntry = Omit<AuditEntry, 'at'> & { at: string };

/**
 * HQ's audit log over the whole platform: asks every subgraph (as the service identity) for its
 * newest entries older than the cursor, merges them by time (entry ids sort by time) and keeps one
 * page. A subgraph that does not answer fails the query rather than silently hiding its entries.
 */
export class AuditLogService {
  private readonly clients: Map<string, ServiceClient>;

  constructor(sources: AuditSources) {
    const urls = serviceUrls(sources.subgraphUrls);
    this.clients = new Map(
      Object.entries(urls).map(([name, url]) => [
        name,
        new ServiceClient({
          caller: 'dealers',
          target: name,
          url,
          secret: sources.secret,
          timeoutMs: 10_000,
          connections: 4,
        }),
      ]),
    );
  }

  /** The subgraphs the log reads, in a stable order. */
  get subgraphs(): string[] {
    return [...this.clients.keys()].sort();
  }

  /** One page of entries, newest first. HQ only (the resolver's grant; checked again here). */
  async page(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; filter?: AuditLogFilterArgs | null },
  ): Promise<Page<AuditEntry>> {
    ctx.requireRole('HQ_ADMIN');
    const limit = pageSize(args.first);
    const filter = args.filter ?? {};
    const before = args.after ? String(decodeCursor(args.after, 1)[0]) : null;
    if (filter.subgraph && !this.clients.has(filter.subgraph))
      throw new UserInputError(
        `Unknown subgraph "${filter.subgraph}"; one of ${this.subgraphs.join(', ')}`,
        'subgraph',
      );
    if (filter.from && filter.to && filter.from > filter.to)
      throw new UserInputError('"from" must not be after "to"', 'from');
    const targets = filter.subgraph ? [filter.subgraph] : this.subgraphs;
    const variables = {
      first: limit + 1,
      before,
      actorId: filter.actorId ?? null,
      entityType: filter.entityType ?? null,
      entityId: filter.entityId ?? null,
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
    };
    const batches = await Promise.all(
      targets.map(async (name) => {
        const data = await this.clients
          .get(name)!
          .request<{ auditEntries: { totalCount: number; entries: WireEntry[] } }>(QUERY, variables);
        return { name, ...data.auditEntries };
      }),
    );
    const merged = batches
      .flatMap((b) =>
        b.entries.map((e) => Object.assign(new AuditEntry(), { ...e, at: new Date(e.at), subgraph: b.name })),
      )
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, limit + 1);
    const total = batches.reduce((sum, b) => sum + b.totalCount, 0);
    return toPage(merged, limit, Boolean(args.after), total, (e) => [e.id]);
  }

  close(): Promise<void[]> {
    return Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}
