import {
  cursorDate,
  decodeCursor,
  newId,
  NotFoundError,
  type Page,
  pageSize,
  recordAudit,
  Role,
  toPage,
  UserInputError,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { createHash, randomBytes } from 'node:crypto';
import type { DealersContext } from '../dealers-context.js';
import { Dealer, DealerStatus } from '../entities/dealer.entity.js';
import { PartnerKey, PartnerKeyScope } from '../entities/partner-key.entity.js';
import { pathIds } from '../entities/region.entity.js';
import { User } from '../entities/user.entity.js';
import type { CreatePartnerKeyInput } from '../schema/partner-key.input.js';
import type { CreatedPartnerKey, PartnerKeyIdentity } from '../schema/partner-key.type.js';

/** Every key starts with this, so leaked keys are easy to recognise (and to scan for). */
export const PARTNER_KEY_PREFIX = 'dnp_pk_';
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
export const MAX_RATE_LIMIT_PER_MINUTE = 6000;
/** lastUsedAt is written at most this often per key, so busy keys cause no write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Hex SHA-256 of a presented key; the gateway computes the same to look a key up. */
export function hashPartnerKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Partner API keys: head office creates, lists and revokes them; the gateway resolves them. */
export class PartnerKeyService {
  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Creates a key and returns its secret, which is never stored or shown again. HQ_ADMIN only. */
  async create(ctx: DealersContext, input: CreatePartnerKeyInput): Promise<CreatedPartnerKey> {
    const admin = ctx.requireRole(Role.HQ_ADMIN);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 80) throw new UserInputError('name must be 1 to 80 characters', 'name');
    const rate = input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_LIMIT_PER_MINUTE) {
      throw new UserInputError(
        `rateLimitPerMinute must be an integer from 1 to ${MAX_RATE_LIMIT_PER_MINUTE}`,
        'rateLimitPerMinute',
      );
    }
    let dealerId: string | null = null;
    if (input.scope === PartnerKeyScope.DEALER_READ) {
      if (!input.dealerId) throw new UserInputError('A DEALER_READ key needs a dealerId', 'dealerId');
      const dealer = await ctx.em.findOne(Dealer, { id: input.dealerId });
      if (!dealer) throw new NotFoundError('Dealer', input.dealerId);
      if (dealer.status === DealerStatus.TERMINATED) throw new UserInputError('The dealer is terminated', 'dealerId');
      dealerId = dealer.id;
    } else if (input.dealerId) {
      throw new UserInputError('A CATALOG_READ key reads no dealer; leave dealerId empty', 'dealerId');
    }

    const key = PARTNER_KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = ctx.em.create(PartnerKey, {
      id: newId('pk', this.now()),
      name,
      keyPrefix: key.slice(0, PARTNER_KEY_PREFIX.length + 4),
      keyHash: hashPartnerKey(key),
      scope: input.scope,
      dealerId,
      rateLimitPerMinute: rate,
      createdById: admin.userId,
      createdAt: this.now(),
      revokedAt: null,
      lastUsedAt: null,
    });
    ctx.em.persist(row);
    // One flush writes the key and its audit entry together (the secret itself is never recorded).
    recordAudit(ctx.em, ctx, {
      operation: 'createPartnerKey',
      action: 'CREATE',
      entityType: 'PartnerKey',
      entityId: row.id,
      after: { name, keyPrefix: row.keyPrefix, scope: row.scope, dealerId, rateLimitPerMinute: rate },
    });
    await ctx.em.flush();
    ctx.log.info({ partnerKeyId: row.id, scope: row.scope, dealerId, by: admin.userId }, 'partner key created');
    return { partnerKey: row, key };
  }

  /** Revokes a key (again: no change). HQ_ADMIN only; the gateway stops accepting it within its cache TTL. */
  async revoke(ctx: DealersContext, id: string): Promise<PartnerKey> {
    const admin = ctx.requireRole(Role.HQ_ADMIN);
    const row = await ctx.em.findOne(PartnerKey, { id });
    if (!row) throw new NotFoundError('PartnerKey', id);
    if (!row.revokedAt) {
      row.revokedAt = this.now();
      recordAudit(ctx.em, ctx, {
        operation: 'revokePartnerKey',
        action: 'REVOKE',
        entityType: 'PartnerKey',
        entityId: row.id,
        before: { revokedAt: null },
        after: { revokedAt: row.revokedAt.toISOString() },
      });
      await ctx.em.flush();
      ctx.log.info({ partnerKeyId: row.id, by: admin.userId }, 'partner key revoked');
    }
    return row;
  }

  /** Keys, newest first; revoked ones only when asked. HQ_ADMIN only. */
  async list(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; includeRevoked?: boolean | null },
  ): Promise<Page<PartnerKey>> {
    ctx.requireRole(Role.HQ_ADMIN);
    const limit = pageSize(args.first);
    const cursorOf = (k: PartnerKey) => [k.createdAt.toISOString(), k.id];
    const base: FilterQuery<PartnerKey> = args.includeRevoked ? {} : { revokedAt: null };
    const where: FilterQuery<PartnerKey>[] = [base];
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2) as [string, string];
      const createdAt = cursorDate(at);
      where.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as PartnerKey[])
        : ctx.em.find(PartnerKey, { $and: where }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
      ctx.em.count(PartnerKey, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, cursorOf);
  }

  /** The head-office user who created a key. */
  createdBy(ctx: DealersContext, key: PartnerKey): Promise<User | null> {
    return ctx.loaders.userById.load(key.createdById);
  }

  /** The dealer a DEALER_READ key reads for. */
  dealer(ctx: DealersContext, key: PartnerKey): Promise<Dealer | null> | null {
    return key.dealerId ? ctx.loaders.dealerById.load(key.dealerId) : null;
  }

  /**
   * The identity behind a key hash, for the gateway (SERVICE only): null for an unknown or
   * revoked key, or a DEALER_READ key whose dealer was terminated. Records when it was last used.
   */
  async identity(ctx: DealersContext, keyHash: string): Promise<PartnerKeyIdentity | null> {
    ctx.requireRole(Role.SERVICE);
    if (typeof keyHash !== 'string' || !/^[0-9a-f]{64}$/.test(keyHash))
      throw new UserInputError('keyHash must be a hex SHA-256', 'keyHash');
    const row = await ctx.em.findOne(PartnerKey, { keyHash });
    if (!row || row.revokedAt) return null;
    let dealer: Dealer | null = null;
    if (row.dealerId) {
      dealer = await ctx.em.findOne(Dealer, { id: row.dealerId });
      if (!dealer || dealer.status === DealerStatus.TERMINATED) return null;
    }
    const now = this.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
      await ctx.em.nativeUpdate(PartnerKey, { id: row.id }, { lastUsedAt: now });
    }
    return {
      keyId: row.id,
      name: row.name,
      scope: row.scope,
      rateLimitPerMinute: row.rateLimitPerMinute,
      dealerId: dealer?.id ?? null,
      dealerGrade: dealer?.grade ?? null,
      regionId: dealer?.regionId ?? null,
      regionPath: dealer ? pathIds(dealer.regionPath) : null,
    };
  }
}
