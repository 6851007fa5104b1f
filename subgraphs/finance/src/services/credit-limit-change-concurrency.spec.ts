import { EventType, OutboxEvent } from '@dnp/event-bus';
import { createLogger, openDatabase, RequestContext, Role, type Viewer } from '@dnp/subgraph-kit';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import type { MikroORM } from '@mikro-orm/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus as Status } from '../entities/credit-limit-change.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import {
  ReviewDecision,
  type CreditLimitChangeInput,
  type SubDealerCreditLineInput,
} from '../schema/credit-limit-change.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditLimitChangeService } from './credit-limit-change.service.js';
import { SubDealerCreditLineService } from './sub-dealer-credit-line.service.js';

// Approvals and requests on a real MariaDB server: the guarded updates and the account row lock
// decide between transactions that run at the same time (SQLite runs one writer at a time).

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const log = createLogger('finance-credit-change-spec', 'silent');
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const approvers: Viewer[] = Array.from({ length: 6 }, (_, i) => ({ userId: `usr_hq_${i}`, role: Role.HQ_ADMIN }));
const service = new CreditLimitChangeService(10_000_000);
let mariadb: TestMariaDb;
let orm: MikroORM;
let n = 0;
const context = (viewer: Viewer) =>
  new RequestContext<FinanceLoaders>(viewer, orm.em.fork(), log, `spec-${++n}`, financeSubgraph.createLoaders);

const LIMIT = 50_000_000;
async function openAccount(k: number): Promise<CreditAccount> {
  const dealerId = `dlr_K${k}`;
  const row = {
    ...{ id: `cra_K${k}`, dealerId, dealerRegionPath: '/reg_cn/reg_east/', dealerPath: `/${dealerId}/` },
    ...{ currency: 'CNY', limitMinor: LIMIT, usedMinor: 1_000_000, heldMinor: 500_000, balanceMinor: 0 },
    ...{ oldestOpenDueDate: null, utilizationPpm: 30_000, termDays: 30, status: CreditStatus.ACTIVE },
    updatedAt: new Date(),
  };
  await orm.em.fork().insert(CreditAccount, row);
  return Object.assign(new CreditAccount(), row);
}
const request = (viewer: Viewer, a: CreditAccount, limitMinor: number) =>
  service.request(context(viewer), {
    dealerId: a.dealerId,
    limit: (limitMinor / 100).toFixed(2),
    termDays: 45,
    reason: 'race',
  } as CreditLimitChangeInput);

beforeAll(async () => {
  mariadb = await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `finance-credit-change-${Date.now()}`) });
  mariadb.sql('CREATE DATABASE dnp_finance_clc CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  orm = await openDatabase({
    config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_finance_clc'), DB_POOL_MAX: 12, LOG_LEVEL: 'silent' },
    entities: financeSubgraph.entities,
    migrations: financeSubgraph.migrations,
    log,
  });
}, 180_000);
afterAll(async () => {
  await orm?.close();
  await mariadb?.stop();
});

describe('credit-limit changes on MariaDB under concurrency', () => {
  it('lets exactly one of six concurrent HQ approvers apply a pending change, once', async () => {
    const a = await openAccount(1);
    const pending = await request(clerk, a, LIMIT + 30_000_000);
    expect(pending.change?.status).toBe(Status.PENDING_APPROVAL);
    const id = pending.change!.id;
    const results = await Promise.all(
      approvers.map((v) => service.decide(context(v), { id, decision: ReviewDecision.APPROVE })),
    );
    const won = results.filter((r) => r.errors.length === 0);
    expect(won).toHaveLength(1);
    expect(results.flatMap((r) => r.errors.map((e) => e.code)).sort()).toEqual(Array(5).fill('CHANGE_NOT_PENDING'));
    const em = orm.em.fork();
    const stored = await em.findOneOrFail(CreditLimitChange, { id });
    expect([stored.status, stored.decidedByUserId]).toEqual([Status.APPLIED, won[0]!.change!.decidedByUserId]);
    const account = await em.findOneOrFail(CreditAccount, { id: a.id });
    expect([account.limitMinor, account.termDays]).toEqual([LIMIT + 30_000_000, 45]);
    expect(await em.count(OutboxEvent, { type: EventType.CREDIT_LIMIT_CHANGED, subjectId: a.id })).toBe(1);
  }, 60_000);

  it('keeps one open request per account when eight requesters race', async () => {
    const a = await openAccount(2);
    const requesters = Array.from({ length: 8 }, (_, i) => ({ userId: `usr_req_${i}`, role: Role.HQ_ADMIN }));
    const results = await Promise.all(requesters.map((v, i) => request(v, a, LIMIT + 20_000_000 + i)));
    expect(results.filter((r) => r.change).length).toBe(1);
    expect(results.flatMap((r) => r.errors.map((e) => e.code))).toEqual(Array(7).fill('CHANGE_PENDING'));
    expect(await orm.em.fork().count(CreditLimitChange, { accountId: a.id, status: Status.PENDING_APPROVAL })).toBe(1);
  }, 60_000);

  it('applies concurrent small changes one after the other, each from the terms the one before left', async () => {
    const a = await openAccount(3);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => request(clerk, a, LIMIT + 1_000 * (i + 1))));
    const applied = results.filter((r) => r.change?.status === Status.APPLIED).map((r) => r.change!);
    // A request whose limit equals the account's by then is NO_CHANGE; every other one applies.
    expect(applied.length + results.filter((r) => r.errors[0]?.code === 'NO_CHANGE').length).toBe(8);
    const history = await orm.em
      .fork()
      .find(CreditLimitChange, { accountId: a.id, status: Status.APPLIED }, { orderBy: { id: 'asc' } });
    for (let i = 1; i < history.length; i++) expect(history[i]!.fromLimitMinor).toBe(history[i - 1]!.toLimitMinor);
    expect(history).toHaveLength(applied.length);
    const account = await orm.em.fork().findOneOrFail(CreditAccount, { id: a.id });
    expect(account.limitMinor).toBe(history.at(-1)!.toLimitMinor);
  }, 60_000);
});

describe('parent credit lines on MariaDB under concurrency', () => {
  it('opens a line once when ten parent admins set it at once, each change from the one before', async () => {
    const a = await openAccount(4);
    const parent: Viewer = {
      userId: 'usr_parent',
      role: Role.DEALER_ADMIN,
      dealerId: 'dlr_KP',
      subDealerIds: [a.dealerId],
    };
    const lines = new SubDealerCreditLineService(async () => 'dlr_KP');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        lines.set(context(parent), {
          dealerId: a.dealerId,
          limit: String(1_000 + i),
          termDays: 30,
          reason: 'race',
        } as SubDealerCreditLineInput),
      ),
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const em = orm.em.fork();
    const accounts = await em.find(CreditAccount, { dealerId: a.dealerId }, { orderBy: { sellerKey: 'asc' } });
    expect(accounts.map((x) => x.sellerKey)).toEqual(['BRAND', 'dlr_KP']);
    const line = accounts[1]!;
    const history = await em.find(CreditLimitChange, { accountId: line.id }, { orderBy: { id: 'asc' } });
    expect(history).toHaveLength(10);
    expect(history[0]!.fromLimitMinor).toBe(0);
    for (let i = 1; i < history.length; i++) expect(history[i]!.fromLimitMinor).toBe(history[i - 1]!.toLimitMinor);
    expect(line.limitMinor).toBe(history.at(-1)!.toLimitMinor);
    expect(accounts[0]!.limitMinor).toBe(LIMIT);
  }, 60_000);
});
