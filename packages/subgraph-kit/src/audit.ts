import 'reflect-metadata';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Arg, Authorized, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Grant } from './authorization.js';
import { UserInputError } from './errors.js';
import { newId } from './ids.js';
import type { RequestContext } from './request-context.js';
import type { Viewer } from './viewer.js';

/**
 * One audited change: who (the viewer), what (operation, entity), when, and the entity's state
 * before and after (JSON, secrets redacted). Every subgraph has its own `audit_entry` table and
 * writes the entry in the same transaction as the change; HQ reads them all through the dealers
 * subgraph's `auditLog`.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['entityType', 'entityId'] })
@Index({ properties: ['actorId'] })
@Index({ properties: ['at'] })
@ObjectType({ description: 'One audited change: who did what to which entity, when, and its state before and after.' })
@Directive('@shareable')
export class AuditEntry {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Entry id ("aud_…"); ids sort by time.' })
  id!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the change was made.' })
  at!: Date;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, {
    description: 'Who made it: a user id, the service name for the service identity, or "anonymous" (a failed login).',
  })
  actorId!: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => String, {
    description:
      "The actor's role at the time (HQ_ADMIN, REGION_MANAGER, DEALER_ADMIN, DEALER_STAFF, PARTNER, SERVICE, " +
      'ANONYMOUS).',
  })
  actorRole!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: 'The dealer the actor acted for; null for HQ, managers and services not acting for a dealer.',
  })
  actorDealerId!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, { nullable: true, description: "The actor's display name at the time." })
  actorName!: string | null;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, {
    description: 'The GraphQL mutation (or service operation) that made the change, e.g. "placeOrder".',
  })
  operation!: string;

  @Property({ type: 'string', length: 30 })
  @Field(() => String, {
    description:
      'What happened to the entity: CREATE, UPDATE, DELETE, or an operation-specific verb (LOGIN, CANCEL, …).',
  })
  action!: string;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'Type of the changed entity, e.g. "Order", "StockLevel", "PriceList".' })
  entityType!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => ID, { description: 'Id of the changed entity.' })
  entityId!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'JSON of the changed fields before the change; null for a creation. Secrets (passwords, tokens, keys) ' +
      'are redacted.',
  })
  before!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'JSON of the changed fields after the change; null for a deletion. Secrets are redacted.',
  })
  after!: string | null;

  @Property({ type: 'string', length: 60, nullable: true })
  @Field(() => String, { nullable: true, description: 'Request id of the change, to find it in the logs.' })
  requestId!: string | null;

  /** Set by the fan-out in `auditLog`, not stored: each subgraph's table holds only its own entries. */
  @Field(() => String, {
    nullable: true,
    description:
      'The subgraph that recorded the entry (products, dealers, pricing, inventory, orders, finance, ' +
      'traceability); set by auditLog.',
  })
  subgraph?: string | null;
}

/** Entities every subgraph registers for the audit log (add to the subgraph's `entities`). */
export const AUDIT_ENTITIES = [AuditEntry];

/** What a service passes to record one change. */
export interface AuditInput {
  /** The mutation or service operation, e.g. "adjustStock". */
  operation: string;
  /** CREATE, UPDATE, DELETE or an operation verb. */
  action: string;
  entityType: string;
  entityId: string;
  /** The changed fields before the change (omit for creations). */
  before?: unknown;
  /** The changed fields after the change (omit for deletions). */
  after?: unknown;
}

/** Object keys whose values never reach the audit log. */
const SECRET_KEY = /(password|secret|token|apikey|api_key|keyhash|key_hash|hash)$/i;
/** Longest JSON kept per side; longer snapshots are cut (a marker says so). */
export const AUDIT_MAX_JSON = 16_000;

/**
 * The JSON of an audit snapshot: Dates as ISO strings, bigints as strings, secret-looking keys
 * as "[REDACTED]", at most AUDIT_MAX_JSON characters. null for undefined/null.
 */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value, (key, v) => {
    if (key && SECRET_KEY.test(key)) return v == null ? v : '[REDACTED]';
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
  if (text === undefined) return null;
  return text.length > AUDIT_MAX_JSON
    ? JSON.stringify({ truncated: true, prefix: text.slice(0, AUDIT_MAX_JSON - 100) })
    : text;
}

/**
 * The row of an audit entry, as plain data (inserts need no entity instance, whose construction runs
 * MikroORM's property hooks).
 */
function entryOf(viewer: Viewer | null, requestId: string | null, input: AuditInput, at: Date): AuditEntry {
  return {
    id: newId('aud', at),
    at,
    actorId: viewer?.userId ?? 'anonymous',
    actorRole: viewer?.role ?? 'ANONYMOUS',
    actorDealerId: viewer?.dealerId ?? null,
    actorName: viewer?.displayName?.slice(0, 120) ?? null,
    operation: input.operation.slice(0, 60),
    action: input.action.slice(0, 30),
    entityType: input.entityType.slice(0, 60),
    entityId: input.entityId.slice(0, 120),
    before: auditJson(input.before),
    after: auditJson(input.after),
    requestId: requestId?.slice(0, 60) ?? null,
  } as AuditEntry;
}

/**
 * Records one change for the unit of work of `em`: the entry is persisted and written by the
 * caller's next `flush`, in the same transaction as the change (call it before that flush).
 */
export function recordAudit(
  em: EntityManager,
  ctx: Pick<RequestContext<object>, 'viewer' | 'requestId'>,
  input: AuditInput,
): AuditEntry {
  const entry = Object.assign(new AuditEntry(), entryOf(ctx.viewer, ctx.requestId, input, new Date()));
  em.persist(entry);
  return entry;
}

/**
 * Records one change with a single INSERT on `tx`, for code that writes with `insert` inside
 * `em.transactional` (the placeOrder hot path): the entry commits or rolls back with the change.
 */
export async function insertAudit(
  tx: EntityManager,
  ctx: Pick<RequestContext<object>, 'viewer' | 'requestId'>,
  input: AuditInput,
): Promise<void> {
  await tx.insert(AuditEntry, entryOf(ctx.viewer, ctx.requestId, input, new Date()));
}

/** One request's change, for `insertAudits`. */
export interface RequestAudit {
  ctx: Pick<RequestContext<object>, 'viewer' | 'requestId'>;
  input: AuditInput;
}

/**
 * Records the changes of several requests with one multi-row INSERT on `tx` (a group commit's
 * batch, `groupCommitter`): each entry names its own request's actor.
 */
export async function insertAudits(tx: EntityManager, entries: readonly RequestAudit[]): Promise<void> {
  if (!entries.length) return;
  const at = new Date();
  await tx.insertMany(
    AuditEntry,
    entries.map(({ ctx, input }) => entryOf(ctx.viewer, ctx.requestId, input, at)),
  );
}

/** Filter of an audit query; every part optional. */
export interface AuditFilter {
  actorId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Most entries one audit page (and one subgraph's share of it) may hold. */
export const AUDIT_PAGE_MAX = 100;

/**
 * One page of this subgraph's entries, newest first, strictly older than the entry id `before`
 * (ids sort by time), plus how many match the filter in all.
 */
export async function listAuditEntries(
  em: EntityManager,
  filter: AuditFilter,
  first: number,
  before?: string | null,
): Promise<{ entries: AuditEntry[]; totalCount: number }> {
  if (!Number.isInteger(first) || first < 0 || first > AUDIT_PAGE_MAX + 1)
    throw new UserInputError(`"first" must be an integer between 0 and ${AUDIT_PAGE_MAX + 1}`, 'first');
  const where: FilterQuery<AuditEntry>[] = [];
  if (filter.actorId) where.push({ actorId: filter.actorId });
  if (filter.entityType) where.push({ entityType: filter.entityType });
  if (filter.entityId) where.push({ entityId: filter.entityId });
  if (filter.from) where.push({ at: { $gte: filter.from } });
  if (filter.to) where.push({ at: { $lt: filter.to } });
  const base: FilterQuery<AuditEntry> = where.length ? { $and: where } : {};
  const page: FilterQuery<AuditEntry> = before ? { $and: [...where, { id: { $lt: before } }] } : base;
  const [entries, totalCount] = await Promise.all([
    first ? em.find(AuditEntry, page, { orderBy: { id: 'desc' }, limit: first }) : Promise.resolve([]),
    em.count(AuditEntry, base),
  ]);
  return { entries, totalCount };
}

@ObjectType({ description: "Internal: a slice of one subgraph's audit entries, for the auditLog fan-out." })
@Directive('@shareable')
@Directive('@inaccessible')
export class AuditEntryBatch {
  @Field(() => [AuditEntry], { description: 'Entries, newest first.' })
  entries!: AuditEntry[];

  @Field(() => Int, { description: 'How many entries of this subgraph match the filter in all.' })
  totalCount!: number;
}

/**
 * The SERVICE-only query every subgraph serves over its own audit table (not exposed by the
 * gateway); the dealers subgraph's `auditLog` calls it on each subgraph and merges the answers.
 */
@Resolver()
export class AuditEntriesResolver {
  @Authorized(Grant.SERVICE)
  @Query(() => AuditEntryBatch, {
    description:
      "Internal (service identity only): this subgraph's audit entries, newest first, older than the entry " +
      'id `before`.',
  })
  @Directive('@shareable')
  @Directive('@inaccessible')
  async auditEntries(
    @Ctx() ctx: RequestContext<object>,
    @Arg('first', () => Int, { description: 'How many entries, at most 101.' }) first: number,
    @Arg('before', () => ID, { nullable: true, description: 'Only entries older than this entry id.' }) before?: string,
    @Arg('actorId', () => String, { nullable: true, description: 'Only changes by this actor.' }) actorId?: string,
    @Arg('entityType', () => String, { nullable: true, description: 'Only changes of this entity type.' })
    entityType?: string,
    @Arg('entityId', () => ID, { nullable: true, description: 'Only changes of this entity.' }) entityId?: string,
    @Arg('from', () => Date, { nullable: true, description: 'Only changes at or after this time.' }) from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Only changes before this time.' }) to?: Date,
  ): Promise<AuditEntryBatch> {
    return listAuditEntries(ctx.em, { actorId, entityType, entityId, from, to }, first, before);
  }
}

/** Resolver classes every subgraph adds to its schema for the audit log. */
export const AUDIT_RESOLVERS = [AuditEntriesResolver] as const;
