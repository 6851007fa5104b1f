// Rebates and reports on MariaDB and Redis (docs/design/rebates-reports.md §13, issue 16): a tiered policy
// accrues from the Jiangsu agent's shipments and a return takes its share back; the period's settlements
// become a REBATE credit note the statement shows and a rebate balance; the balance pays part of the next
// order within the cap; a growth policy over two years of history written by SQL gives the hand-computed
// figure; orders shipped at 23:30 and 00:30 Beijing time across a month end and a year end fall on the right
// day and month of the sales report; each bad input answers its own code and writes nothing. The expected
// figures come from the test's own half-up arithmetic (./support/o2c.ts), never from the code under test.
// `rebateProgressChanged` is followed over graphql-ws as the dealer (and, for another dealer, not at all).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate, businessMonth, fen, halfUp, lit, partFen, previousMonth, sqlRows, yuan } from './support/o2c.js';
import {
  codeOf,
  payloadOf,
  placeApproved,
  rowCounts,
  settledCounts,
  sleep,
  sqlNumber,
  type PlacedOrder,
} from './support/o2c-fixtures.js';
import { bootSharedPlatform, ROOT, SEEDED_MARIADB, type GqlResponse, type TestPlatform } from './support/platform.js';
import { subscribe, type LiveSubscription } from './support/subscriptions.js';

const POLICY = `mutation($input: RebatePolicyInput!) { createRebatePolicy(input: $input) {
  policy { id version status } errors { code message field } } }`;
const ACTIVATE = `mutation($id: ID!, $v: Int!) { activateRebatePolicy(id: $id, expectedVersion: $v) {
  policy { id version status } errors { code message } } }`;
const PROGRESS = `query($d: ID!, $p: String!) { rebateProgress(dealerId: $d, period: $p) {
  id policyId period basisMinor quantity accruedMinor tierIndex version nextTier { threshold remaining rateBp } } }`;
const PROGRESS_CHANGED = `subscription($d: ID!) { rebateProgressChanged(dealerId: $d) {
  id policyId dealerId period basisMinor accruedMinor tierIndex version } }`;
const PREVIEW = `query($input: RebatePolicyInput!, $p: String!) { previewRebatePolicy(input: $input, period: $p) {
  rows { dealerId basis accruedMinor tierIndex } errors { code message } } }`;
const PROPOSE = `mutation($p: String!) { proposeRebateSettlements(period: $p) { period proposed
  errors { code message } } }`;
const SETTLEMENTS = `query($f: RebateSettlementFilter) { rebateSettlements(first: 50, filter: $f) { edges { node {
  id policyId dealerId period status form amountMinor accruedMinor creditNoteId version
  lines { productId taxClass basisMinor amountMinor } } } } }`;
const APPROVE_SETTLEMENT = `mutation($input: ApproveRebateSettlementInput!) { approveRebateSettlement(input: $input) {
  settlement { id status creditNoteId version } errors { code message } } }`;
const BALANCE = `query($d: ID) { rebateBalance(dealerId: $d) { dealerId available held settled captured } }`;
const STATEMENT = `query($d: ID!, $p: YearMonth!, $after: String) { statement(dealerId: $d, period: $p) { id
  creditNotesTotal { amount } lines(first: 100, after: $after) { edges { node { kind documentId number
  credit { amount } } } pageInfo { hasNextPage endCursor } } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id orderNumber status placedAt total { amount } rebate { amount }
  lines { id quantity product { id } lineTotal { amount } } shipments { id status warehouse { id } }
  invoices { id number issuedAt amount { amount } outstanding { amount } } } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  order { id status rebate { amount } total { amount } shipments { id } } errors { code message field } } }`;
const QUOTE = `query($input: QuoteInput!) { quote(input: $input) { total { amount }
  rebate { cap { amount } requested { amount } applied { amount } payable { amount } balance { amount } code } } }`;
const SHIP = `mutation($input: ShipShipmentInput!) { shipShipment(input: $input) {
  shipment { id status } remainder { id } errors { code message } } }`;
const RECEIPT = `mutation($input: ConfirmReceiptInput!) { confirmReceipt(input: $input) {
  shipment { id status } errors { code message } } }`;
const RETURN = 'id status credited { amount } lines { id }';
const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const REVIEW_RETURN = `mutation($input: ReviewReturnInput!) { reviewReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const RECEIVE_RETURN = `mutation($input: ReceiveReturnInput!) { receiveReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const RETURN_REQUEST = `query($id: ID!) { returnRequest(id: $id) { ${RETURN} } }`;
const SALES = `query($input: SalesReportInput!) { salesReport(input: $input, first: 100) {
  rows { edges { node { key orders units gross { amount } } } } } }`;
const RETAIL_PRICE = `mutation($input: RetailPriceReportInput!) { reportRetailPrice(input: $input) {
  report { id } errors { code message } } }`;
const SETTINGS = '{ platformSettings { businessTimeZone rebateMaxOrderShareBp } }';
const START_EXPORT = `mutation($input: StartReportExportInput!) { startFinanceReportExport(input: $input) {
  job { id status } errors { code message } } }`;
const EXPORT_PROGRESSED = `subscription($id: ID!, $after: String) { exportProgressed(id: $id, after: $after) {
  id report status rowsDone rowsTotal downloadPath } }`;

const run = promisify(execFile);
/** How long a read model kept by an event consumer may take to catch up (a loaded CI machine lags). */
const CONSUMED = { timeout: 45_000, interval: 250 };

/** A tier of a tiered policy: from a basis in fen, a rate in basis points. */
type Tier = { from: number; rateBp: number };
interface Progress {
  id: string;
  policyId: string;
  period: string;
  basisMinor: string;
  accruedMinor: string;
  tierIndex: number | null;
  version: number;
  nextTier: { threshold: string; remaining: string; rateBp: number } | null;
}
interface Settlement {
  id: string;
  policyId: string;
  status: string;
  form: string;
  amountMinor: string;
  creditNoteId: string | null;
  version: number;
  lines: { productId: string; taxClass: string; basisMinor: string; amountMinor: string }[];
}

/** A retroactive tiered rebate (全额累进): the reached tier's rate on the whole basis, half up once. */
function retroactive(tiers: Tier[], basis: number): number {
  const reached = tiers.filter((t) => basis >= t.from).pop();
  return reached ? Number(halfUp(BigInt(basis) * BigInt(reached.rateBp), 10_000n)) : 0;
}

/** A marginal tiered rebate (超额累进): each band at its own rate, summed, then half up once. */
function marginal(tiers: Tier[], basis: number): number {
  let sum = 0n;
  tiers.forEach((t, i) => {
    const to = Math.min(basis, tiers[i + 1]?.from ?? Infinity);
    if (to > t.from) sum += BigInt(to - t.from) * BigInt(t.rateBp);
  });
  return Number(halfUp(sum, 10_000n));
}

/** The last day (YYYY-MM-DD) of a `YYYY-MM` month. */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

describe('rebates and reports on MariaDB (issue 16 acceptance)', () => {
  let t: TestPlatform;
  const tok: Record<string, string> = {};
  let jsDealer: string;
  const month = businessMonth();
  const prev = previousMonth(month);
  const stamp = Date.now().toString(36).toUpperCase();
  /** Untraceable products stocked in wh_east (the Jiangsu agent's nearest): tiers, balance order, time zone. */
  let pTier: string, pBalance: string, pZone: string, pGrowth: string;
  let live: LiveSubscription, foreign: LiveSubscription;
  // Handed from step to step (the steps run in order).
  let order1: PlacedOrder;
  let gross1: number;
  let credit1: number;
  const policy: Record<'A' | 'B', { id: string; tiers: Tier[] }> = {
    A: { id: '', tiers: [] },
    B: { id: '', tiers: [] },
  };
  let accrued: Record<'A' | 'B', number>;

  const gqlOk = async <T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  };
  const progressOf = async (period: string): Promise<Map<string, Progress>> => {
    const rows: Progress[] = (await gqlOk(PROGRESS, { d: jsDealer, p: period }, tok.js_admin!)).rebateProgress;
    return new Map(rows.map((r) => [r.policyId, r]));
  };
  const balance = async () => {
    const b = (await gqlOk(BALANCE, { d: jsDealer }, tok.fin_clerk!)).rebateBalance;
    return {
      available: Number(b.available),
      held: Number(b.held),
      settled: Number(b.settled),
      captured: Number(b.captured),
    };
  };
  const orderOf = async (id: string) => (await gqlOk(ORDER, { id }, tok.hq_admin!)).order;
  /** Ships every shipment of an order in full as HQ and answers the order once each is invoiced. */
  const shipAll = async (o: { id: string; shipments: { id: string }[] }) => {
    for (const s of o.shipments) {
      const shipped = (
        await gqlOk(
          SHIP,
          { input: { shipmentId: s.id, carrier: '顺丰速运', trackingNumber: `SF${stamp}${s.id.slice(-6)}` } },
          tok.hq_admin!,
        )
      ).shipShipment;
      expect(shipped.errors, s.id).toEqual([]);
    }
    let read: any;
    await expect
      .poll(async () => (read = await orderOf(o.id)).invoices.length, { timeout: 20_000, interval: 200 })
      .toBe(o.shipments.length);
    return read;
  };
  const createPolicy = async (input: Record<string, unknown>) =>
    payloadOf<{ policy: { id: string; version: number } }>(
      'createRebatePolicy',
      await t.gql(POLICY, { input }, tok.hq_admin),
    ).policy;
  const policyInput = (code: string, over: Record<string, unknown>) => ({
    code: `E2E-RBT-${code}-${stamp}`,
    name: `验收返利 ${code}`,
    periodKind: 'MONTH',
    validFrom: `${prev}-01`,
    validTo: lastDayOf(month),
    basis: 'SHIPPED',
    settlementForm: 'CREDIT_NOTE',
    scope: { dealerIds: [jsDealer], productIds: [pTier] },
    ...over,
  });

  beforeAll(async () => {
    t = await bootSharedPlatform('mariadb', SEEDED_MARIADB);
    const users = ['hq_admin', 'fin_clerk', 'js_admin', 'nj_admin'];
    const tokens = await Promise.all(users.map((u) => t.login(u)));
    users.forEach((u, i) => (tok[u] = tokens[i]!));
    jsDealer = (await gqlOk('{ me { dealer { id } } }', {}, tok.js_admin!)).me.dealer.id;
    // ACTIVE, nationwide, untraceable products whose unexpired wh_east lots alone cover 30 units.
    const candidates = sqlRows(
      t,
      `select p.id from dnp_products.product p
         join dnp_inventory.stock_level s on s.product_id = p.id and s.warehouse_id = 'wh_east'
        where p.status = 'ACTIVE' and p.sales_regions is null and p.traceable = 0
          and s.on_hand - s.reserved - s.quarantined >= 30
          and (select coalesce(sum(l.quantity - l.reserved - l.quarantined), 0) from dnp_inventory.lot l
                where l.warehouse_id = s.warehouse_id and l.product_id = p.id
                  and l.expires_at > now() + interval 30 day) >= 30
        order by p.sku desc limit 4`,
    ).map(([id]) => id!);
    expect(candidates).toHaveLength(4);
    [pTier, pBalance, pZone, pGrowth] = candidates as [string, string, string, string];
  }, 600_000);
  afterAll(async () => {
    await Promise.all([live?.dispose(), foreign?.dispose()]);
    await t?.stop();
  });

  it('tiered policies (retroactive, marginal) accrue from a shipment; the dealer watches it live', async () => {
    order1 = await placeApproved(t, tok.js_admin!, [{ productId: pTier, quantity: 4 }]);
    const placed = await orderOf(order1.id);
    gross1 = fen(placed.lines[0].lineTotal.amount);
    // A (retroactive, credit note): 3 % once the whole order's gross is reached, else 1 %.
    policy.A.tiers = [
      { from: 0, rateBp: 100 },
      { from: gross1, rateBp: 300 },
    ];
    // B (marginal, balance): 2 % on the first third, 5 % above it.
    policy.B.tiers = [
      { from: 0, rateBp: 200 },
      { from: Math.floor(gross1 / 3), rateBp: 500 },
    ];
    for (const [key, mode, form] of [
      ['A', 'RETROACTIVE', 'CREDIT_NOTE'],
      ['B', 'MARGINAL', 'BALANCE'],
    ] as const) {
      const p = await createPolicy(
        policyInput(key, {
          calculation: 'TIERED',
          settlementForm: form,
          parameters: JSON.stringify({ mode, tiers: policy[key].tiers }),
        }),
      );
      const active = payloadOf('activateRebatePolicy', await t.gql(ACTIVATE, { id: p.id, v: p.version }, tok.hq_admin));
      expect(active.policy.status).toBe('ACTIVE');
      policy[key].id = p.id;
    }

    // The dealer follows its own progress; the Nanjing dealer asking for Jiangsu's gets nothing.
    const url = t.platform.gateways[0]!.url;
    live = subscribe(url, `Bearer ${tok.js_admin}`, PROGRESS_CHANGED, { d: jsDealer });
    foreign = subscribe(url, `Bearer ${tok.nj_admin}`, PROGRESS_CHANGED, { d: jsDealer });
    await Promise.all([live.connected, foreign.connected]);
    await sleep(300);

    await shipAll(order1);
    const expectA = retroactive(policy.A.tiers, gross1);
    const expectB = marginal(policy.B.tiers, gross1);
    let rows = new Map<string, Progress>();
    await expect
      .poll(async () => (rows = await progressOf(month)).get(policy.B.id)?.accruedMinor, CONSUMED)
      .toBe(String(expectB));
    const a = rows.get(policy.A.id)!;
    expect([a.period, a.basisMinor, a.accruedMinor, a.tierIndex, a.nextTier]).toEqual([
      month,
      String(gross1),
      String(expectA),
      1,
      null,
    ]);
    expect(rows.get(policy.B.id)!.tierIndex).toBe(1);
    // Each progress row reaches the subscriber re-read as the dealer, with its stable id.
    const seen = await live.waitFor(
      (m) => [policy.A.id, policy.B.id].every((id) => m.some((x) => x.data?.rebateProgressChanged?.policyId === id)),
      30_000,
    );
    const pushedA = seen
      .map((m) => m.data!.rebateProgressChanged)
      .filter((p: any) => p.policyId === policy.A.id)
      .pop();
    expect(pushedA).toMatchObject({ id: a.id, dealerId: jsDealer, period: month, accruedMinor: String(expectA) });
  });

  it('a return of one unit takes its share back: below the 3 % tier again, live', async () => {
    // The dealer signs, returns one unit; its credit note reverses that unit's share.
    const shipmentId = order1.shipments[0]!.id;
    const orderLineId = order1.shipments[0]!.lines[0]!.orderLine.id;
    expect((await gqlOk(RECEIPT, { input: { shipmentId } }, tok.js_admin!)).confirmReceipt.errors).toEqual([]);
    const requested = (
      await gqlOk(
        REQUEST_RETURN,
        {
          input: {
            orderId: order1.id,
            idempotencyKey: `e2e-rbt-return-${randomUUID()}`,
            reason: 'QUALITY',
            comment: '返利验收退货',
            lines: [{ shipmentId, orderLineId, quantity: 1 }],
          },
        },
        tok.js_admin!,
      )
    ).requestReturn;
    expect(requested.errors).toEqual([]);
    const returnId = requested.returnRequest.id;
    const returnLineId = requested.returnRequest.lines[0].id;
    const warehouseId = order1.shipments[0]!.warehouse.id;
    const reviewed = (
      await gqlOk(
        REVIEW_RETURN,
        { input: { returnId, decision: 'APPROVE', warehouseId, lines: [{ returnLineId, acceptedQuantity: 1 }] } },
        tok.hq_admin!,
      )
    ).reviewReturn;
    expect(reviewed.errors).toEqual([]);
    const received = (
      await gqlOk(
        RECEIVE_RETURN,
        { input: { returnId, lines: [{ returnLineId, quantity: 1, disposition: 'SELLABLE' }] } },
        tok.hq_admin!,
      )
    ).receiveReturn;
    expect(received.errors).toEqual([]);
    let ret: any;
    await expect
      .poll(async () => (ret = (await gqlOk(RETURN_REQUEST, { id: returnId }, tok.hq_admin!)).returnRequest).status, {
        timeout: 20_000,
      })
      .toBe('CREDITED');
    credit1 = partFen(gross1, 4, 0, 1);
    expect(fen(ret.credited.amount)).toBe(credit1);

    const net = gross1 - credit1;
    let rows = new Map<string, Progress>();
    accrued = { A: retroactive(policy.A.tiers, net), B: marginal(policy.B.tiers, net) };
    await expect
      .poll(async () => (rows = await progressOf(month)).get(policy.A.id)?.accruedMinor, CONSUMED)
      .toBe(String(accrued.A));
    // Below the 3 % tier again: "再进货 ¥x 即达 3% 档".
    expect(rows.get(policy.A.id)).toMatchObject({
      basisMinor: String(net),
      tierIndex: 0,
      nextTier: { threshold: String(gross1), remaining: String(credit1), rateBp: 300 },
    });
    expect(rows.get(policy.B.id)).toMatchObject({ basisMinor: String(net), accruedMinor: String(accrued.B) });
    await live.waitFor(
      (m) =>
        m.some(
          (x) =>
            x.data?.rebateProgressChanged?.accruedMinor === String(accrued.A) &&
            x.data.rebateProgressChanged.policyId === policy.A.id,
        ),
      30_000,
    );
    expect(foreign.messages, 'another dealer never sees Jiangsu progress').toEqual([]);
  });

  it("a report export's progress reaches its requester live, and no one else", async () => {
    // Resumed from the last rebate event seen: the runner may take the job before the subscription starts.
    const after = live.messages.at(-1)!.extensions!.event!.position;
    const filters = JSON.stringify({ from: prev, to: month });
    const input = { report: 'receivablesReport', filters, format: 'CSV' };
    const job = payloadOf<{ job: { id: string } }>(
      'startFinanceReportExport',
      await t.gql(START_EXPORT, { input }, tok.fin_clerk),
    ).job;
    expect(job.id).toMatch(/^exp_fin[0-9a-z]{26}$/);
    const url = t.platform.gateways[0]!.url;
    const mine = subscribe(url, `Bearer ${tok.fin_clerk}`, EXPORT_PROGRESSED, { id: job.id, after });
    const other = subscribe(url, `Bearer ${tok.hq_admin}`, EXPORT_PROGRESSED, { id: job.id, after });
    try {
      const seen = await mine.waitFor((m) => m.some((x) => x.data?.exportProgressed?.status === 'DONE'), 20_000);
      const steps = seen.map((m) => m.data!.exportProgressed);
      expect(steps.every((x: any) => x.id === job.id && x.report === 'receivablesReport')).toBe(true);
      const done = steps.at(-1);
      expect(done).toMatchObject({ status: 'DONE', downloadPath: `/exports/${job.id}`, rowsTotal: 2 });
      expect(done.rowsDone).toBe(done.rowsTotal);
      // HQ may export too, but this job is the clerk's: its re-read answers nothing.
      await other.connected;
      await sleep(500);
      expect(other.messages).toEqual([]);
      expect(other.error).toBeNull();
    } finally {
      await Promise.all([mine.dispose(), other.dispose()]);
    }
  });

  it('settling the period: a REBATE credit note the statement shows, and a rebate balance', async () => {
    // The period must have ended to be settled: the two policies' entries and progress are dated into
    // last month by SQL (the accrual itself ran live above).
    const ids = [policy.A.id, policy.B.id].map(lit).join(', ');
    t.mariadb!.sql(
      `update dnp_finance.rebate_accrual_entry set period = ${lit(prev)}, document_date = ${lit(lastDayOf(prev))}
         where policy_id in (${ids});
       update dnp_finance.rebate_progress set period = ${lit(prev)} where policy_id in (${ids})`,
    );
    const early = await t.gql(PROPOSE, { p: month }, tok.fin_clerk);
    expect(codeOf(early)).toBe('PERIOD_NOT_ENDED');
    const run = payloadOf<{ proposed: number }>(
      'proposeRebateSettlements',
      await t.gql(PROPOSE, { p: prev }, tok.fin_clerk),
    );
    expect(run.proposed).toBeGreaterThanOrEqual(2);
    const settlementOf = async (key: 'A' | 'B'): Promise<Settlement> => {
      const edges = (await gqlOk(SETTLEMENTS, { f: { policyId: policy[key].id, period: prev } }, tok.fin_clerk!))
        .rebateSettlements.edges;
      expect(edges).toHaveLength(1);
      return edges[0].node;
    };
    const sA = await settlementOf('A');
    expect([sA.status, sA.form, sA.amountMinor]).toEqual(['PROPOSED', 'CREDIT_NOTE', String(accrued.A)]);
    expect(sA.lines.reduce((s, l) => s + Number(l.amountMinor), 0)).toBe(accrued.A);
    expect(sA.lines.map((l) => [l.productId, l.basisMinor])).toEqual([[pTier, String(gross1 - credit1)]]);

    const before = (await gqlOk(STATEMENT, { d: jsDealer, p: month }, tok.fin_clerk!)).statement;
    // The clerk approves (HQ created the policies): the credit note is issued in the same transaction.
    const approved = payloadOf<{ settlement: { status: string; creditNoteId: string } }>(
      'approveRebateSettlement',
      await t.gql(APPROVE_SETTLEMENT, { input: { id: sA.id, expectedVersion: sA.version } }, tok.fin_clerk),
    ).settlement;
    expect(approved.status).toBe('APPROVED');
    const noteId = approved.creditNoteId;
    expect(sqlRows(t, `select kind, amount_minor from dnp_finance.credit_note where id = ${lit(noteId)}`)).toEqual([
      ['REBATE', String(accrued.A)],
    ]);
    const after = (await gqlOk(STATEMENT, { d: jsDealer, p: month }, tok.js_admin!)).statement;
    expect(fen(after.creditNotesTotal.amount) - fen(before.creditNotesTotal.amount)).toBe(accrued.A);
    // The dealer's statement lines, page by page, as the dealer reads them.
    let page = after.lines;
    let line = page.edges.map((e: any) => e.node).find((l: any) => l.documentId === noteId);
    while (!line && page.pageInfo.hasNextPage) {
      const next = { d: jsDealer, p: month, after: page.pageInfo.endCursor };
      page = (await gqlOk(STATEMENT, next, tok.js_admin!)).statement.lines;
      line = page.edges.map((e: any) => e.node).find((l: any) => l.documentId === noteId);
    }
    expect(line, 'the statement lists the rebate credit note').toBeDefined();
    expect([line.kind, fen(line.credit.amount)]).toEqual(['CREDIT_NOTE', accrued.A]);

    // B pays into the balance.
    const b0 = await balance();
    const sB = await settlementOf('B');
    expect([sB.status, sB.form, sB.amountMinor]).toEqual(['PROPOSED', 'BALANCE', String(accrued.B)]);
    const paid = payloadOf<{ settlement: { status: string; creditNoteId: string | null } }>(
      'approveRebateSettlement',
      await t.gql(APPROVE_SETTLEMENT, { input: { id: sB.id, expectedVersion: sB.version } }, tok.fin_clerk),
    ).settlement;
    expect([paid.status, paid.creditNoteId]).toEqual(['APPROVED', null]);
    const b1 = await balance();
    expect([b1.available - b0.available, b1.settled - b0.settled]).toEqual([accrued.B, accrued.B]);
  });

  it('the rebate balance pays part of the next order within the cap; the invoice shows the offset', async () => {
    const { rebateMaxOrderShareBp: capBp } = (await gqlOk(SETTINGS, {}, tok.js_admin!)).platformSettings;
    const b0 = await balance();
    expect(b0.available).toBeGreaterThan(0);
    const lines = [{ productId: pBalance, quantity: 3 }];
    // The quote shows the cap and the part: asking for the whole balance gets min(balance, cap).
    const quote = (await gqlOk(QUOTE, { input: { lines, rebateAmount: yuan(b0.available) } }, tok.js_admin!)).quote;
    const total = fen(quote.total.amount);
    const cap = Math.floor((total * capBp) / 10_000);
    const applied = Math.min(b0.available, cap);
    expect([quote.rebate.cap, quote.rebate.applied, quote.rebate.payable].map((m: any) => fen(m.amount))).toEqual([
      cap,
      applied,
      total - applied,
    ]);

    const placed = payloadOf<{ order: { id: string; status: string; rebate: { amount: string } } }>(
      'placeOrder',
      await t.gql(
        PLACE,
        { input: { idempotencyKey: `e2e-rbt-${randomUUID()}`, lines, rebateAmount: yuan(applied) } },
        tok.js_admin,
      ),
    ).order;
    expect(placed.status).toBe('APPROVED');
    expect(fen(placed.rebate.amount)).toBe(applied);
    // Finance holds the rebate, and credit only for the rest.
    expect(sqlRows(t, `select amount_minor from dnp_finance.rebate_hold where \`key\` = ${lit(placed.id)}`)).toEqual([
      [String(applied)],
    ]);
    expect(sqlNumber(t, `select amount_minor from dnp_finance.credit_hold where \`key\` = ${lit(placed.id)}`)).toBe(
      total - applied,
    );
    const b1 = await balance();
    expect([b1.available, b1.held]).toEqual([b0.available - applied, b0.held + applied]);

    // Shipped: the invoice is paid by the rebate as an OFFSET payment; the hold is captured.
    const o = await shipAll({ id: placed.id, shipments: (await orderOf(placed.id)).shipments });
    const invoice = o.invoices[0];
    expect(fen(invoice.amount.amount)).toBe(total);
    await expect
      .poll(async () => fen((await orderOf(placed.id)).invoices[0].outstanding.amount), { timeout: 20_000 })
      .toBe(total - applied);
    expect(
      sqlRows(
        t,
        `select p.method, p.amount_minor from dnp_finance.payment p join dnp_finance.receivable_allocation a
           on a.source_id = p.id where a.invoice_id = ${lit(invoice.id)}`,
      ),
    ).toEqual([['OFFSET', String(applied)]]);
    const b2 = await balance();
    expect([b2.available, b2.held, b2.captured]).toEqual([b1.available, b0.held, b0.captured + applied]);
  });

  it('a growth policy over two years of SQL-written history gives the hand-computed figure to the fen', async () => {
    // 24 months of shipped basis for the dealer and one product (2024-01 … 2025-12), as finance's
    // aggregates hold them; no live document touches these months.
    expect(
      sqlNumber(
        t,
        `select count(*) from dnp_finance.rebate_basis_month where dealer_id = ${lit(jsDealer)}
           and product_id = ${lit(pGrowth)} and month between '2024-01' and '2025-12'`,
      ),
    ).toBe(0);
    const amount = (year: number, m: number) => (year === 2024 ? 1_234_567 + m * 10_101 : 1_357_913 + m * 12_345);
    const values: string[] = [];
    for (const year of [2024, 2025])
      for (let m = 1; m <= 12; m++)
        values.push(
          `(${lit(jsDealer)}, ${lit(pGrowth)}, '${year}-${String(m).padStart(2, '0')}', ${amount(year, m)}, ${m}, 0)`,
        );
    t.mariadb!.sql(
      `insert into dnp_finance.rebate_basis_month (dealer_id, product_id, month, shipped_minor, quantity, paid_minor)
         values ${values.join(', ')}`,
    );
    const tiers = [
      { growthBp: 0, rateBp: 100 },
      { growthBp: 800, rateBp: 250 },
      { growthBp: 1500, rateBp: 400 },
    ];
    const sum = (year: number, months: number[]) => months.reduce((s, m) => s + amount(year, m), 0);
    const all = Array.from({ length: 12 }, (_, i) => i + 1);
    const input = (periodKind: string) =>
      policyInput('G', {
        periodKind,
        validFrom: '2024-01-01',
        validTo: lastDayOf(month),
        calculation: 'GROWTH',
        parameters: JSON.stringify({ tiers, baseWhenNone: 'NONE' }),
        scope: { dealerIds: [jsDealer], productIds: [pGrowth] },
      });
    for (const [kind, period, months] of [
      ['YEAR', '2025', all],
      ['QUARTER', '2025-Q2', [4, 5, 6]],
      ['MONTH', '2025-12', [12]],
    ] as const) {
      const now = sum(2025, [...months]);
      const last = sum(2024, [...months]);
      // Growth in bp rounded down; the reached tier's rate on the whole year, half up.
      const growthBp = Math.floor(((now - last) * 10_000) / last);
      const tierIndex = tiers.filter((x) => growthBp >= x.growthBp).length - 1;
      const expected = Number(halfUp(BigInt(now) * BigInt(tiers[tierIndex]!.rateBp), 10_000n));
      const res = payloadOf<{ rows: { dealerId: string; basis: string; accruedMinor: string; tierIndex: number }[] }>(
        'previewRebatePolicy',
        await t.gql(PREVIEW, { input: input(kind), p: period }, tok.hq_admin),
      );
      expect(res.rows, `${kind} ${period}`).toEqual([
        { dealerId: jsDealer, basis: String(now), accruedMinor: String(expected), tierIndex },
      ]);
    }
  });

  it('23:30 and 00:30 Beijing time across a month end and a year end: the sales report day and month', async () => {
    // Four one-unit orders, shipped now, then dated by SQL to the four instants; the report's aggregates
    // are rebuilt from the source tables (`pnpm reports:rebuild sales`), as after a migration.
    const instants = [
      ['2025-11-30T15:30:00Z', '2025-11-30'], // 23:30 on the last day of November
      ['2025-11-30T16:30:00Z', '2025-12-01'], // 00:30 on 1 December
      ['2025-12-31T15:30:00Z', '2025-12-31'], // 23:30 on New Year's Eve
      ['2025-12-31T16:30:00Z', '2026-01-01'], // 00:30 on New Year's Day
    ] as const;
    expect(
      sqlNumber(
        t,
        `select count(*) from dnp_orders.shipment s join dnp_orders.sales_order o on o.id = s.order_id
           join dnp_orders.order_line l on l.order_id = o.id
          where o.dealer_id = ${lit(jsDealer)} and l.product_id = ${lit(pZone)}
            and s.shipped_at between '2025-11-01' and '2026-01-31'`,
      ),
    ).toBe(0);
    const orders = await Promise.all(
      instants.map(async () => shipAll(await placeApproved(t, tok.js_admin!, [{ productId: pZone, quantity: 1 }]))),
    );
    // Numbers of today's orders and invoices: the order's business day, the invoice's business year.
    for (const o of orders) {
      expect(o.orderNumber).toMatch(new RegExp(`^SO${businessDate(new Date(o.placedAt)).replaceAll('-', '')}\\d{4,}$`));
      expect(o.invoices[0].number.slice(0, 9)).toBe(
        `INV-${businessDate(new Date(o.invoices[0].issuedAt)).slice(0, 4)}-`,
      );
    }
    // The live consumer has counted today's shipments before the rebuild (it must be idle).
    const today = businessDate();
    const report = async (granularity: string, from: string, to: string) =>
      (
        await gqlOk(
          SALES,
          { input: { dimension: 'PERIOD', granularity, from, to, dealerId: jsDealer, productId: pZone } },
          tok.hq_admin!,
        )
      ).salesReport.rows.edges
        .map((e: any) => e.node)
        .filter((r: any) => r.units !== 0)
        .map((r: any) => [r.key, r.orders, r.units, fen(r.gross.amount)]);
    await expect.poll(async () => (await report('DAY', today, today))[0]?.[2], CONSUMED).toBeGreaterThanOrEqual(4);
    await settledCounts(t);
    orders.forEach((o, i) =>
      t.mariadb!.sql(
        `update dnp_orders.shipment set shipped_at = '${instants[i]![0].replace('T', ' ').replace('Z', '')}'
          where id = ${lit(o.shipments[0].id)}`,
      ),
    );
    // Run asynchronously: a test process blocked for seconds leaves the gateway's keep-alive sockets to close.
    await run(process.execPath, [join(ROOT, 'subgraphs/orders/dist/scripts/rebuild-sales-facts.js')], {
      env: { ...process.env, DB_CLIENT: 'mariadb', DB_URL: t.mariadb!.url('dnp_orders'), LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    const gross = orders.map((o) => fen(o.total.amount));
    expect(await report('DAY', '2025-11-30', '2026-01-01')).toEqual(
      instants.map(([, day], i) => [day, 1, 1, gross[i]]),
    );
    expect(await report('MONTH', '2025-11-01', '2026-01-31')).toEqual([
      ['2025-11', 1, 1, gross[0]],
      ['2025-12', 2, 2, gross[1]! + gross[2]!],
      ['2026-01', 1, 1, gross[3]],
    ]);
  });

  describe('bad input: its own code, nothing written', () => {
    /**
     * Runs calls that must each be refused with their code and checks they wrote nothing: every business
     * table's row count (audit entries and outbox events included) as it stood, settled, before the first.
     */
    async function refusedWithoutWrites(calls: [what: string, code: string, call: () => Promise<GqlResponse>][]) {
      const before = await settledCounts(t);
      expect(before).toHaveProperty(['dnp_finance.rebate_policy']);
      expect(before).toHaveProperty(['dnp_orders.sales_order']);
      for (const [what, code, call] of calls) {
        const res = await call();
        expect(codeOf(res), `${what}: ${JSON.stringify(res)}`).toBe(code);
      }
      await sleep(500);
      expect(rowCounts(t)).toEqual(before);
    }
    const tiered = (code: string, tiers: unknown) => () =>
      t.gql(
        POLICY,
        {
          input: policyInput(code, {
            calculation: 'TIERED',
            parameters: JSON.stringify({ mode: 'RETROACTIVE', tiers }),
          }),
        },
        tok.hq_admin,
      );

    it('overlap, a negative rate, over 100 %: TIERS_OVERLAP, RATE_NEGATIVE, RATE_TOO_HIGH', async () => {
      const overlap = [
        { from: 0, rateBp: 100 },
        { from: 50_000, rateBp: 200 },
        { from: 50_000, rateBp: 300 },
      ];
      await refusedWithoutWrites([
        ['overlap', 'TIERS_OVERLAP', tiered('OV', overlap)],
        ['negative', 'RATE_NEGATIVE', tiered('NEG', [{ from: 0, rateBp: -1 }])],
        ['over 100 %', 'RATE_TOO_HIGH', tiered('TOP', [{ from: 0, rateBp: 10_001 }])],
      ]);
    });

    it('rebate over the balance: REBATE_OVER_BALANCE; a retail price ≤ 0: PRICE_NOT_POSITIVE', async () => {
      const b = await balance();
      const [[regionId]] = sqlRows(t, `select region_id from dnp_dealers.dealer where id = ${lit(jsDealer)}`) as [
        [string],
      ];
      const retail = (priceMinor: number) => () =>
        t.gql(RETAIL_PRICE, { input: { productId: pTier, regionId, priceMinor } }, tok.js_admin);
      await refusedWithoutWrites([
        [
          'over balance',
          'REBATE_OVER_BALANCE',
          () =>
            t.gql(
              PLACE,
              {
                input: {
                  idempotencyKey: `e2e-rbt-${randomUUID()}`,
                  lines: [{ productId: pBalance, quantity: 5 }],
                  rebateAmount: yuan(b.available + 1),
                },
              },
              tok.js_admin,
            ),
        ],
        ['retail 0', 'PRICE_NOT_POSITIVE', retail(0)],
        ['retail -1', 'PRICE_NOT_POSITIVE', retail(-100)],
      ]);
      expect(await balance()).toEqual(b);
    });
  });
});
