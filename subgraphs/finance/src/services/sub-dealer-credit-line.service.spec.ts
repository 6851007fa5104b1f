import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND_SELLER, CreditAccount } from '../entities/credit-account.entity.js';
import { CreditLimitChange } from '../entities/credit-limit-change.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { SubDealerCreditLineInput } from '../schema/credit-limit-change.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditHoldService } from './credit-hold.service.js';
import { parentFromPath, SubDealerCreditLineService } from './sub-dealer-credit-line.service.js';

// Parent credit lines (§8.2): Jiangsu (dlr_0002, js_admin) grants Nanjing (dlr_0003), its direct
// sub-dealer in the demo, a line of its own; the brand's account of Nanjing never changes.

const JS = 'dlr_0002';
const NJ = 'dlr_0003';
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
let jsAdmin: Viewer;
let njAdmin: Viewer;
let grandchild: string;
let db: TestSubgraph<FinanceLoaders>;
/** The tree from the accounts' path copies (no dealers subgraph in a unit test). */
const lines = new SubDealerCreditLineService(async () => undefined);

const set = (viewer: Viewer, dealerId: string, limit: string, termDays = 30, reason = 'spec') =>
  lines.set(db.context(viewer), { dealerId, limit, termDays, reason } as SubDealerCreditLineInput);
const writes = async () => {
  const em = db.orm.em.fork();
  return [
    await em.count(CreditAccount, {}),
    await em.count(CreditLimitChange, {}),
    await em.count(AuditEntry, {}),
    await em.count(OutboxEvent, {}),
  ];
};

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
  const below = await db.orm.em.fork().find(CreditAccount, { dealerPath: { $like: `%/${JS}/%` } });
  const subDealerIds = below.map((a) => a.dealerId).filter((id) => id !== JS);
  jsAdmin = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: JS, subDealerIds };
  njAdmin = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: NJ };
  grandchild = below.find((a) => a.dealerPath.includes(`/${NJ}/`) && a.dealerId !== NJ)!.dealerId;
});
afterAll(() => db.close());

describe('parentFromPath', () => {
  it('names the segment before the dealer; null at the top or when the dealer is not on the path', () => {
    expect(parentFromPath('/dlr_0001/dlr_0002/dlr_0003/', NJ)).toBe(JS);
    expect(parentFromPath('/dlr_0001/', 'dlr_0001')).toBeNull();
    expect(parentFromPath('/dlr_0001/', NJ)).toBeNull();
  });
});

describe('setSubDealerCreditLine', () => {
  it("opens the parent's line on first use, then changes it, each with history, audit and event", async () => {
    const brandBefore = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: NJ, sellerKey: BRAND_SELLER });
    const opened = await set(jsAdmin, NJ, '80000.00', 30, 'first line');
    expect(opened.errors).toEqual([]);
    expect(opened.change).toMatchObject({ sellerKey: JS, dealerId: NJ, fromLimitMinor: 0, toLimitMinor: 8_000_000 });
    expect(opened.change).toMatchObject({ fromTermDays: 0, toTermDays: 30, status: 'APPLIED' });
    expect(opened.account).toMatchObject({ sellerKey: JS, dealerId: NJ, limitMinor: 8_000_000, termDays: 30 });
    const changed = await set(jsAdmin, NJ, '120000', 45, 'grew');
    expect(changed.errors).toEqual([]);
    expect(changed.account!.id).toBe(opened.account!.id);
    expect(changed.change).toMatchObject({ fromLimitMinor: 8_000_000, toLimitMinor: 12_000_000, toTermDays: 45 });
    expect(changed.change!.needsSecondApproval).toBe(false);
    const audits = await db.orm.em.fork().find(AuditEntry, { operation: 'setSubDealerCreditLine' });
    expect(audits.map((a) => a.action).sort()).toEqual(['APPLY', 'CREATE']);
    const events = await db.orm.em.fork().find(OutboxEvent, {
      type: EventType.CREDIT_LIMIT_CHANGED,
      subjectId: opened.account!.id,
    });
    expect(events).toHaveLength(2);
    expect(events[0]!.payload).toMatchObject({ sellerDealerId: JS, dealerId: NJ, toLimitMinor: 8_000_000 });
    // The brand's account of the same dealer is untouched.
    const brandAfter = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: NJ, sellerKey: BRAND_SELLER });
    expect([brandAfter.limitMinor, brandAfter.termDays]).toEqual([brandBefore.limitMinor, brandBefore.termDays]);
  });

  it('lets the seller hold on the line it set (the saga with sellerDealerId)', async () => {
    const holds = new CreditHoldService();
    const hold = { key: 'ord_line_1', dealerId: NJ, amountMinor: 5_000_000, sellerDealerId: JS };
    expect((await holds.hold(db.context(service), hold)).errors).toEqual([]);
    const line = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: NJ, sellerKey: JS });
    expect(line.heldMinor).toBe(5_000_000);
    // Below what is held and used now: refused.
    expect((await set(jsAdmin, NJ, '40000')).errors.map((e) => e.code)).toEqual(['LIMIT_BELOW_USED']);
    await holds.release(db.context(service), 'ord_line_1');
  });

  it('refuses, writing nothing, with one code each', async () => {
    const before = await writes();
    const codes = async (viewer: Viewer, dealerId: string, limit: string, termDays = 30, reason = 'x') =>
      (await set(viewer, dealerId, limit, termDays, reason)).errors.map((e) => e.code);
    expect(await codes(jsAdmin, NJ, 'abc')).toEqual(['AMOUNT_INVALID']);
    expect(await codes(jsAdmin, NJ, '1.001')).toEqual(['AMOUNT_TOO_PRECISE']);
    expect(await codes(jsAdmin, NJ, '100', 366)).toEqual(['TERM_DAYS_INVALID']);
    expect(await codes(jsAdmin, NJ, '100', 30, '  ')).toEqual(['REASON_REQUIRED']);
    expect(await codes(jsAdmin, NJ, '120000', 45)).toEqual(['NO_CHANGE']);
    // Not a direct child: the grandchild, the parent itself, its own parent, an unknown id.
    expect(await codes(jsAdmin, grandchild, '100')).toEqual(['NOT_A_SUB_DEALER']);
    expect(await codes(jsAdmin, JS, '100')).toEqual(['NOT_A_SUB_DEALER']);
    expect(await codes(jsAdmin, 'dlr_0001', '100')).toEqual(['NOT_A_SUB_DEALER']);
    expect(await codes(jsAdmin, 'dlr_9999', '100')).toEqual(['NOT_A_SUB_DEALER']);
    // A sub-dealer may not grant its parent a line.
    expect(await codes(njAdmin, JS, '100')).toEqual(['NOT_A_SUB_DEALER']);
    // HQ: a dealer at the top has no parent to grant it a line.
    expect(await codes(hq, 'dlr_0001', '100')).toEqual(['NOT_A_SUB_DEALER']);
    expect(await writes()).toEqual(before);
    await expect(set(hq, 'dlr_9999', '100')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(set(service, NJ, '100')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("lets HQ set a line as the dealer's parent", async () => {
    const result = await set(hq, grandchild, '5000', 15, 'hq for the parent');
    expect(result.errors).toEqual([]);
    expect(result.account).toMatchObject({ sellerKey: NJ, dealerId: grandchild, limitMinor: 500_000 });
  });

  it('asks the dealers subgraph for the parent before the path copy (a moved dealer)', async () => {
    const movedUnderNj = new SubDealerCreditLineService(async () => NJ);
    const input = { dealerId: grandchild, limit: '100', termDays: 5, reason: 'x' } as SubDealerCreditLineInput;
    expect((await movedUnderNj.set(db.context(jsAdmin), input)).errors.map((e) => e.code)).toEqual([
      'NOT_A_SUB_DEALER',
    ]);
    const movedUnderJs = new SubDealerCreditLineService(async () => JS);
    expect((await movedUnderJs.set(db.context(jsAdmin), input)).account).toMatchObject({ sellerKey: JS });
  });
});

describe('subDealerCreditLines', () => {
  it("lists the seller's lines by dealer, paginated; others see their own or none", async () => {
    const first = await lines.list(db.context(jsAdmin), { first: 1 });
    expect(first.totalCount).toBe(2);
    expect(first.edges.map((e) => e.node.dealerId)).toEqual([NJ]);
    const second = await lines.list(db.context(jsAdmin), { first: 1, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.dealerId)).toEqual([grandchild]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await lines.list(db.context(njAdmin), {})).edges.map((e) => e.node.dealerId)).toEqual([grandchild]);
    expect((await lines.list(db.context(njAdmin), { sellerDealerId: JS })).totalCount).toBe(0);
    expect((await lines.list(db.context(hq), {})).totalCount).toBe(3);
    expect((await lines.list(db.context(hq), { sellerDealerId: NJ })).totalCount).toBe(1);
  });
});
