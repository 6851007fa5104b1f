import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, ErrorCode, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus as Status } from '../entities/credit-limit-change.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { ReviewDecision, type CreditLimitChangeInput } from '../schema/credit-limit-change.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditLimitChangeService } from './credit-limit-change.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, displayName: '总部管理员' };
const hq2: Viewer = { userId: 'usr_hq_admin2', role: Role.HQ_ADMIN, displayName: '总部复核员' };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK, displayName: '总部财务专员' };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0003' };

/** ¥100,000, the default threshold. */
const THRESHOLD = 10_000_000;
let db: TestSubgraph<FinanceLoaders>;
const service = new CreditLimitChangeService(THRESHOLD);
/** Accounts of the demo no test shares: each test takes its own. */
let spare: CreditAccount[] = [];

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
  // Seeded accounts with room below their limit, in East China (the manager's) and elsewhere.
  spare = await db.orm.em.fork().find(CreditAccount, {}, { orderBy: { id: 'asc' } });
});
afterAll(() => db.close());

/** The next spare account, in East China or outside it. */
function take(inEast = true): CreditAccount {
  const i = spare.findIndex((a) => a.dealerRegionPath.includes('/reg_east/') === inEast);
  return spare.splice(i, 1)[0]!;
}

const yuan = (minor: number) => (minor / 100).toFixed(2);
const input = (
  a: CreditAccount,
  limitMinor: number,
  termDays = a.termDays,
  reason = 'sales grew',
): CreditLimitChangeInput =>
  ({ dealerId: a.dealerId, limit: yuan(limitMinor), termDays, reason }) as CreditLimitChangeInput;
const account = (id: string) => db.orm.em.fork().findOneOrFail(CreditAccount, { id });
const counts = async () => {
  const em = db.orm.em.fork();
  return [await em.count(CreditLimitChange, {}), await em.count(AuditEntry, {}), await em.count(OutboxEvent, {})];
};
const events = async (type: EventType, subjectId: string) =>
  (await db.orm.em.fork().find(OutboxEvent, { type, subjectId })).map((e) =>
    typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
  );

describe('requestCreditLimitChange', () => {
  it('applies an increase of exactly the threshold at once, with its audit entry and event', async () => {
    const a = take();
    const result = await service.request(db.context(clerk), input(a, a.limitMinor + THRESHOLD, a.termDays + 15));
    expect(result.errors).toEqual([]);
    expect(result.change).toMatchObject({
      status: Status.APPLIED,
      needsSecondApproval: false,
      fromLimitMinor: a.limitMinor,
      toLimitMinor: a.limitMinor + THRESHOLD,
      fromTermDays: a.termDays,
      toTermDays: a.termDays + 15,
      requestedByName: '总部财务专员',
    });
    const after = await account(a.id);
    expect([after.limitMinor, after.termDays]).toEqual([a.limitMinor + THRESHOLD, a.termDays + 15]);
    expect(after.utilizationPpm).toBe(
      utilizationPpm(after.limitMinor, after.usedMinor, after.heldMinor, after.balanceMinor),
    );
    expect(result.account?.limitMinor).toBe(a.limitMinor + THRESHOLD);
    const [changed] = await events(EventType.CREDIT_LIMIT_CHANGED, a.id);
    expect(changed).toMatchObject({
      changeId: result.change!.id,
      dealerId: a.dealerId,
      sellerDealerId: null,
      toLimitMinor: a.limitMinor + THRESHOLD,
      availableMinor: after.limitMinor - after.usedMinor - after.heldMinor + after.balanceMinor,
    });
    const audit = await db.orm.em.fork().findOneOrFail(AuditEntry, { entityId: result.change!.id });
    expect([audit.operation, audit.action, audit.actorId]).toEqual(['requestCreditLimitChange', 'APPLY', clerk.userId]);
  });

  it('waits for approval one fen above the threshold, the account unchanged', async () => {
    const a = take();
    const result = await service.request(db.context(hq), input(a, a.limitMinor + THRESHOLD + 1));
    expect(result.change).toMatchObject({
      status: Status.PENDING_APPROVAL,
      needsSecondApproval: true,
      appliedAt: null,
    });
    expect((await account(a.id)).limitMinor).toBe(a.limitMinor);
    expect(await events(EventType.CREDIT_LIMIT_CHANGE_REQUESTED, result.change!.id)).toEqual([
      expect.objectContaining({ fromLimitMinor: a.limitMinor, toLimitMinor: a.limitMinor + THRESHOLD + 1 }),
    ]);
    expect(await events(EventType.CREDIT_LIMIT_CHANGED, a.id)).toEqual([]);
  });

  it('applies decreases and term changes at once, whatever their size', async () => {
    const a = take();
    const down = Math.max(a.usedMinor + a.heldMinor, a.limitMinor - 5 * THRESHOLD);
    const cut = await service.request(db.context(hq), input(a, down));
    expect(cut.change?.status).toBe(Status.APPLIED);
    const terms = await service.request(db.context(hq), input(a, down, 90));
    expect(terms.change).toMatchObject({ status: Status.APPLIED, fromTermDays: a.termDays, toTermDays: 90 });
    expect([(await account(a.id)).limitMinor, (await account(a.id)).termDays]).toEqual([down, 90]);
  });

  it('refuses each bad request with its own code and writes nothing', async () => {
    const a = take();
    const pendingOn = take();
    expect(
      (await service.request(db.context(hq), input(pendingOn, pendingOn.limitMinor + 2 * THRESHOLD))).errors,
    ).toEqual([]);
    const before = await counts();
    const owed = a.usedMinor + a.heldMinor;
    const cases: [CreditLimitChangeInput, string][] = [
      [{ ...input(a, 1), limit: '12,000' }, 'AMOUNT_INVALID'],
      [{ ...input(a, 1), limit: '0' }, 'AMOUNT_NOT_POSITIVE'],
      [{ ...input(a, 1), limit: '100.001' }, 'AMOUNT_TOO_PRECISE'],
      [{ ...input(a, 1), limit: '99999999999999' }, 'AMOUNT_TOO_LARGE'],
      [input(a, a.limitMinor, 366), 'TERM_DAYS_INVALID'],
      [input(a, a.limitMinor, -1), 'TERM_DAYS_INVALID'],
      [input(a, a.limitMinor + 100, a.termDays, '  '), 'REASON_REQUIRED'],
      [input(a, a.limitMinor + 100, a.termDays, 'x'.repeat(501)), 'REASON_TOO_LONG'],
      [input(a, a.limitMinor), 'NO_CHANGE'],
      [input(pendingOn, pendingOn.limitMinor + 100), 'CHANGE_PENDING'],
    ];
    if (owed > 1) cases.push([input(a, owed - 1), 'LIMIT_BELOW_USED']);
    for (const [bad, code] of cases) {
      const result = await service.request(db.context(hq), bad);
      expect([result.errors.map((e) => e.code), result.change], `${code}: ${JSON.stringify(bad)}`).toEqual([
        [code],
        null,
      ]);
    }
    expect(await counts()).toEqual(before);
    expect((await account(a.id)).limitMinor).toBe(a.limitMinor);
  });

  it('lets a region manager act in its region only, and no dealer user at all', async () => {
    const inside = take(true);
    const outside = take(false);
    expect((await service.request(db.context(east), input(inside, inside.limitMinor + 100))).change?.status).toBe(
      Status.APPLIED,
    );
    const before = await counts();
    await expect(service.request(db.context(east), input(outside, outside.limitMinor + 100))).rejects.toMatchObject({
      extensions: { code: ErrorCode.NOT_FOUND },
    });
    await expect(service.request(db.context(njAdmin), input(inside, inside.limitMinor + 200))).rejects.toMatchObject({
      extensions: { code: ErrorCode.FORBIDDEN },
    });
    expect(await counts()).toEqual(before);
  });
});

describe('approveCreditLimitChange', () => {
  const pendingFor = async (a: CreditAccount, by: Viewer = clerk) => {
    const result = await service.request(db.context(by), input(a, a.limitMinor + 20_000_000, a.termDays + 30));
    expect(result.change?.status).toBe(Status.PENDING_APPROVAL);
    return result.change!;
  };
  const decide = (viewer: Viewer, id: string, decision = ReviewDecision.APPROVE, comment?: string) =>
    service.decide(db.context(viewer), { id, decision, comment });

  it('refuses the requester (APPROVER_IS_REQUESTER) and lets another HQ person apply it', async () => {
    const a = take();
    const change = await pendingFor(a, hq);
    const before = await counts();
    const own = await decide(hq, change.id);
    expect(own.errors.map((e) => e.code)).toEqual(['APPROVER_IS_REQUESTER']);
    expect(await counts()).toEqual(before);
    const approved = await decide(hq2, change.id, ReviewDecision.APPROVE, 'checked the payment record');
    expect(approved.errors).toEqual([]);
    expect(approved.change).toMatchObject({
      status: Status.APPLIED,
      decidedByUserId: hq2.userId,
      decidedByName: '总部复核员',
      decisionComment: 'checked the payment record',
    });
    const after = await account(a.id);
    expect([after.limitMinor, after.termDays]).toEqual([a.limitMinor + 20_000_000, a.termDays + 30]);
    expect(await events(EventType.CREDIT_LIMIT_CHANGED, a.id)).toEqual([
      expect.objectContaining({ changeId: change.id, fromLimitMinor: a.limitMinor }),
    ]);
    const again = await decide(hq, change.id);
    expect(again.errors.map((e) => e.code)).toEqual(['CHANGE_NOT_PENDING']);
  });

  it('rejects: the account keeps its terms and the next request may follow', async () => {
    const a = take();
    const change = await pendingFor(a);
    const rejected = await decide(hq, change.id, ReviewDecision.REJECT, 'payment record too short');
    expect(rejected.change).toMatchObject({ status: Status.REJECTED, appliedAt: null, decidedByUserId: hq.userId });
    expect((await account(a.id)).limitMinor).toBe(a.limitMinor);
    expect((await service.request(db.context(hq), input(a, a.limitMinor + 100))).change?.status).toBe(Status.APPLIED);
  });

  it('supersedes the change when the account moved since the request (ACCOUNT_CHANGED_MEANWHILE)', async () => {
    const a = take();
    const change = await pendingFor(a);
    await db.orm.em.fork().nativeUpdate(CreditAccount, { id: a.id }, { limitMinor: a.limitMinor + 1 });
    const result = await decide(hq, change.id);
    expect(result.errors.map((e) => e.code)).toEqual(['ACCOUNT_CHANGED_MEANWHILE']);
    expect(result.change?.status).toBe(Status.SUPERSEDED);
    const stored = await db.orm.em.fork().findOneOrFail(CreditLimitChange, { id: change.id });
    expect([stored.status, stored.appliedAt]).toEqual([Status.SUPERSEDED, null]);
    expect((await account(a.id)).limitMinor).toBe(a.limitMinor + 1);
    expect(await events(EventType.CREDIT_LIMIT_CHANGED, a.id)).toEqual([]);
  });

  it('is for HQ only: a clerk or manager is FORBIDDEN, an unknown id NOT_FOUND', async () => {
    const change = await pendingFor(take());
    for (const viewer of [clerk, east]) {
      await expect(decide(viewer, change.id)).rejects.toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
    }
    await expect(decide(hq, 'clc_nothing')).rejects.toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
    const long = await decide(hq2, change.id, ReviewDecision.APPROVE, 'x'.repeat(501));
    expect(long.errors.map((e) => e.code)).toEqual(['COMMENT_TOO_LONG']);
  });
});

describe('the history through the graph', () => {
  const HISTORY = `query($id: ID!) { creditAccount(id: $id) {
      limit { amount } pendingChange { id status }
      limitChanges(first: 10) { totalCount edges { node { id status reason requestedByName requestedByUserId
        decidedByName fromLimit { amount } toLimit { amount } dealer { id } seller { id } } } } } }`;

  it('lists applied changes newest first down to the opening row, with the pending one apart', async () => {
    const a = take();
    const small = await service.request(db.context(clerk), input(a, a.limitMinor + 50_000_00));
    const big = await service.request(db.context(clerk), input(a, a.limitMinor + 50_000_00 + 200_000_00));
    const res = await db.execute(HISTORY, { id: a.id }, hq);
    expect(res.errors).toBeUndefined();
    const acc = res.data!.creditAccount as any;
    expect(acc.pendingChange).toEqual({ id: big.change!.id, status: 'PENDING_APPROVAL' });
    expect(acc.limitChanges.totalCount).toBe(2);
    const nodes = acc.limitChanges.edges.map((e: any) => e.node);
    expect(nodes[0]).toMatchObject({
      id: small.change!.id,
      requestedByName: '总部财务专员',
      requestedByUserId: clerk.userId,
      decidedByName: null,
      fromLimit: { amount: yuan(a.limitMinor) },
      toLimit: { amount: yuan(a.limitMinor + 50_000_00) },
      dealer: { id: a.dealerId },
      seller: null,
    });
    // The opening row was asked for by no one: no requester id (the console's "yours" never matches it).
    expect(nodes[1]).toMatchObject({
      id: `clc_${a.id.slice(4)}`,
      reason: expect.stringMatching(/^opening/),
      requestedByUserId: null,
    });
    await service.decide(db.context(hq), { id: big.change!.id, decision: ReviewDecision.APPROVE });
    const later = (await db.execute(HISTORY, { id: a.id }, hq)).data!.creditAccount as any;
    expect(later.pendingChange).toBeNull();
    expect(later.limitChanges.edges[0].node).toMatchObject({ id: big.change!.id, decidedByName: '总部管理员' });
  });

  it('filters the approval queue and keeps a manager to its region', async () => {
    const LIST = `query($f: CreditLimitChangeFilter, $after: String, $n: Int) {
      creditLimitChanges(first: $n, after: $after, filter: $f) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id status dealer { id } } } } }`;
    const pending = (await db.execute(LIST, { f: { status: 'PENDING_APPROVAL' } }, hq)).data!.creditLimitChanges as any;
    expect(pending.totalCount).toBeGreaterThan(0);
    expect(pending.edges.every((e: any) => e.node.status === 'PENDING_APPROVAL')).toBe(true);
    const all = await db.orm.em.fork().count(CreditLimitChange, {});
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const res = (await db.execute(LIST, { after, n: 7 }, clerk)).data!.creditLimitChanges as any;
      for (const e of res.edges) seen.add(e.node.id);
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(seen.size).toBe(all);
    const regional = (await db.execute(LIST, { n: 100 }, east)).data!.creditLimitChanges as any;
    const eastIds = new Set(
      (await db.orm.em.fork().find(CreditLimitChange, { dealerRegionPath: { $like: '%/reg_east/%' } })).map(
        (c) => c.id,
      ),
    );
    expect(regional.totalCount).toBe(eastIds.size);
    expect(regional.edges.every((e: any) => eastIds.has(e.node.id))).toBe(true);
  });
});
