import { Role } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { PartnerKey, PartnerKeyScope } from '../entities/partner-key.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { hashPartnerKey, PartnerKeyService } from './partner-key.service.js';

let db: TestSubgraph<DealersLoaders>;
const keys = new PartnerKeyService();
const hq = () => db.context({ userId: 'usr_hq_admin', role: Role.HQ_ADMIN });
const gateway = () => db.context({ userId: 'gateway', role: Role.SERVICE });

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('PartnerKeyService', () => {
  it('creates a key shown once, stores only its hash, and resolves it for the gateway until revoked', async () => {
    const dealer = (await db.orm.em.fork().find(Dealer, {}, { limit: 1, orderBy: { code: 'asc' } }))[0]!;
    const created = await keys.create(hq(), {
      name: ' Acme ERP ',
      scope: PartnerKeyScope.DEALER_READ,
      dealerId: dealer.id,
      rateLimitPerMinute: 5,
    });
    expect(created.key).toMatch(/^dnp_pk_[A-Za-z0-9_-]{43}$/);
    expect(created.partnerKey).toMatchObject({
      name: 'Acme ERP',
      keyPrefix: created.key.slice(0, 11),
      scope: 'DEALER_READ',
      dealerId: dealer.id,
      rateLimitPerMinute: 5,
      createdById: 'usr_hq_admin',
    });
    const stored = await db.orm.em.fork().findOneOrFail(PartnerKey, { id: created.partnerKey.id });
    expect(stored.keyHash).toBe(hashPartnerKey(created.key));
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const identity = await keys.identity(gateway(), hashPartnerKey(created.key));
    expect(identity).toMatchObject({
      keyId: created.partnerKey.id,
      scope: 'DEALER_READ',
      dealerId: dealer.id,
      dealerGrade: dealer.grade,
      regionId: dealer.regionId,
      rateLimitPerMinute: 5,
    });
    expect(identity!.regionPath!.at(-1)).toBe(dealer.regionId);
    expect((await db.orm.em.fork().findOneOrFail(PartnerKey, { id: created.partnerKey.id })).lastUsedAt).not.toBeNull();

    const revoked = await keys.revoke(hq(), created.partnerKey.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await keys.identity(gateway(), hashPartnerKey(created.key))).toBeNull();
    expect((await keys.list(hq(), {})).edges.map((e) => e.node.id)).not.toContain(created.partnerKey.id);
    expect((await keys.list(hq(), { includeRevoked: true })).edges.map((e) => e.node.id)).toContain(
      created.partnerKey.id,
    );
  });

  it('refuses bad input with codes and writes nothing', async () => {
    const before = await db.orm.em.fork().count(PartnerKey, {});
    await expect(keys.create(hq(), { name: '', scope: PartnerKeyScope.CATALOG_READ })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'name' },
    });
    await expect(keys.create(hq(), { name: 'x', scope: PartnerKeyScope.DEALER_READ })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'dealerId' },
    });
    await expect(
      keys.create(hq(), { name: 'x', scope: PartnerKeyScope.CATALOG_READ, dealerId: 'dlr_x' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(
      keys.create(hq(), { name: 'x', scope: PartnerKeyScope.DEALER_READ, dealerId: 'dlr_nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      keys.create(hq(), { name: 'x', scope: PartnerKeyScope.CATALOG_READ, rateLimitPerMinute: 0 }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(keys.revoke(hq(), 'pk_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.orm.em.fork().count(PartnerKey, {})).toBe(before);
  });

  it('is head office only, and the identity lookup service only', async () => {
    const dealerUser = db.context({ userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_x' });
    await expect(keys.create(dealerUser, { name: 'x', scope: PartnerKeyScope.CATALOG_READ })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(keys.list(dealerUser, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(keys.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(keys.identity(hq(), 'ab'.repeat(32))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await keys.identity(gateway(), 'ab'.repeat(32))).toBeNull();
  });
});
