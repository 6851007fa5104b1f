// Order to cash refusing bad input, on MariaDB with events over Redis (docs/design/order-to-cash.md §11.1,
// §17): each refusal answers its own code and writes nothing — the row count of every table of the
// business subgraphs (their audit entries and outbox events included), every stock level and its ledger
// sum, and the dealer's account are the same before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BARE_UTF8_EXPORT,
  bankCsv,
  businessDate,
  businessMonth,
  DEMO_BANK_ACCOUNT,
  previousMonth,
  sqlRows,
  type BankRow,
} from './support/o2c.js';
import {
  accountOf,
  codeOf,
  O2C,
  payloadOf,
  placeApproved,
  plentifulProducts,
  rowCounts,
  settledCounts,
  sleep,
  sqlNumber,
  stockFigures,
  type PlacedOrder,
} from './support/o2c-fixtures.js';
import { bootSharedPlatform, SEEDED_MARIADB, type GqlResponse, type TestPlatform } from './support/platform.js';

/** The month before this business month ("2026-11" in December 2026). */
const previousPeriod = () => previousMonth(businessMonth());

describe('order to cash refusing bad input (mariadb, redis)', () => {
  let t: TestPlatform;
  const tok: Record<string, string> = {};
  let jsDealer: string;
  let njDealer: string;
  /** The Nanjing dealer's order of 3 units, one shipment, taken through the stages by the tests in turn. */
  let order: PlacedOrder;
  let shipmentId: string;
  let orderLineId: string;

  beforeAll(async () => {
    // Alert scans run once at start, then not again within the run (SEEDED_MARIADB).
    t = await bootSharedPlatform('mariadb', SEEDED_MARIADB);
    for (const u of ['hq_admin', 'fin_clerk', 'js_admin', 'nj_admin']) tok[u] = await t.login(u);
    const me = async (u: string) => (await t.gql('{ me { dealer { id } } }', {}, tok[u])).data.me.dealer.id as string;
    jsDealer = await me('js_admin');
    njDealer = await me('nj_admin');
    const [product] = plentifulProducts(t, ['wh_hq', 'wh_east'], 50, 1);
    order = await placeApproved(t, tok.nj_admin!, [{ productId: product!, quantity: 3 }]);
    expect(order.shipments).toHaveLength(1);
    shipmentId = order.shipments[0]!.id;
    orderLineId = order.shipments[0]!.lines[0]!.orderLine.id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  /**
   * Runs a call that must be refused with `code` and checks it wrote nothing: every table's row count
   * (audit entries and outbox events included) and every stock level with its ledger sum unchanged.
   */
  async function refusedWithoutWrites(what: string, code: string, call: () => Promise<GqlResponse>) {
    const before = await settledCounts(t);
    // The counts cover the business tables, the audit trail and the outbox of each subgraph.
    for (const db of ['orders', 'inventory', 'finance'])
      for (const table of ['audit_entry', 'outbox_events']) expect(before).toHaveProperty([`dnp_${db}.${table}`]);
    expect(before['dnp_finance.payment']).toBeGreaterThan(0);
    const stock = stockFigures(t);
    const res = await call();
    expect(codeOf(res), `${what}: ${JSON.stringify(res)}`).toBe(code);
    await sleep(500);
    expect(rowCounts(t), what).toEqual(before);
    expect(stockFigures(t), what).toBe(stock);
    return res;
  }
  const shipmentStatus = () => sqlRows(t, `select status from dnp_orders.shipment where id = '${shipmentId}'`)[0]![0];

  it('shipping more than reserved: QUANTITY_EXCEEDS_RESERVED, nothing written', async () => {
    await refusedWithoutWrites('ship 4 of 3', 'QUANTITY_EXCEEDS_RESERVED', () =>
      t.gql(
        O2C.ship,
        {
          input: {
            ...{ shipmentId, carrier: '顺丰速运', trackingNumber: 'SFBAD00001' },
            lines: [{ orderLineId, quantity: 4 }],
          },
        },
        tok.hq_admin,
      ),
    );
    expect(shipmentStatus()).toBe('PICKING');
    // The whole shipment then ships.
    const shipped = payloadOf(
      'ship',
      await t.gql(O2C.ship, { input: { shipmentId, carrier: '顺丰速运', trackingNumber: 'SFGOOD0001' } }, tok.hq_admin),
    );
    expect(shipped.shipment.status).toBe('SHIPPED');
  });

  it('receiving more than shipped: RECEIPT_EXCEEDS_SHIPPED, nothing written', async () => {
    await refusedWithoutWrites('receive 4 of 3', 'RECEIPT_EXCEEDS_SHIPPED', () =>
      t.gql(O2C.receive, { input: { shipmentId, lines: [{ orderLineId, receivedQuantity: 4 }] } }, tok.nj_admin),
    );
    expect(shipmentStatus()).toBe('SHIPPED');
    const received = payloadOf('receive', await t.gql(O2C.receive, { input: { shipmentId } }, tok.nj_admin));
    expect(received.shipment.status).toBe('DELIVERED');
  });

  it('returning more than delivered: RETURN_EXCEEDS_DELIVERED, nothing written', async () => {
    await refusedWithoutWrites('return 4 of 3', 'RETURN_EXCEEDS_DELIVERED', () =>
      t.gql(
        O2C.requestReturn,
        {
          input: {
            ...{ orderId: order.id, idempotencyKey: 'e2e-bad-return-1', reason: 'QUALITY', comment: 'e2e' },
            lines: [{ shipmentId, orderLineId, quantity: 4 }],
          },
        },
        tok.nj_admin,
      ),
    );
  });

  it('paying 0, -1 or 0.001: AMOUNT_NOT_POSITIVE twice, then AMOUNT_TOO_PRECISE, nothing written', async () => {
    const account = await accountOf(t, tok.hq_admin!, njDealer);
    const cases: [string, string][] = [
      ['0', 'AMOUNT_NOT_POSITIVE'],
      ['-1', 'AMOUNT_NOT_POSITIVE'],
      ['0.001', 'AMOUNT_TOO_PRECISE'],
    ];
    for (const [i, [amount, code]] of cases.entries()) {
      const res = await refusedWithoutWrites(`pay ${amount}`, code, () =>
        t.gql(
          O2C.pay,
          {
            input: {
              ...{ dealerId: njDealer, idempotencyKey: `e2e-bad-pay-${i}`, amount, method: 'BANK_TRANSFER' },
              ...{ reference: `E2E-BAD-${i}`, receivedOn: businessDate() },
            },
          },
          tok.fin_clerk,
        ),
      );
      expect(res.data.recordPayment.errors).toHaveLength(1);
      expect(res.data.recordPayment.payment).toBeNull();
    }
    expect(await accountOf(t, tok.hq_admin!, njDealer)).toEqual(account);
  });

  // Long because: the refused file, then the same file with the good lines asked for.
  it('a malformed CSV line: CSV_LINE_MALFORMED with its line number; the good lines only when asked', async () => {
    const row = (i: number): BankRow => ({
      ...{ date: businessDate(), amount: `${i}0.00`, payerName: '无名客户', payerAccount: `62170000555${i}` },
      ...{ summary: `E2E 坏行 ${i}`, serial: `E2EBAD${i}` },
    });
    // Line 1 the preamble, 2 the header, 3 good, 4 short of columns, 5 good.
    const file = bankCsv([row(1), `${businessDate()},20.00,,无名客户`, row(3)], BARE_UTF8_EXPORT).toString('base64');
    const input = { fileName: 'bad-line.csv', contentBase64: file, bankAccount: DEMO_BANK_ACCOUNT };
    const refused = await refusedWithoutWrites('malformed line', 'CSV_LINE_MALFORMED', () =>
      t.gql(O2C.importBank, { input }, tok.fin_clerk),
    );
    const payload = refused.data.importBankStatement;
    expect(payload.import).toBeNull();
    expect(payload.errors.map((e: { code: string; line: number }) => [e.code, e.line])).toEqual([
      ['CSV_LINE_MALFORMED', 4],
    ]);
    // Asked for, the two good lines are imported and the bad one is not.
    const lines0 = sqlNumber(t, 'select count(*) from dnp_finance.bank_statement_line');
    const good = payloadOf(
      'import good lines',
      await t.gql(O2C.importBank, { input: { ...input, importGoodLines: true } }, tok.fin_clerk),
    );
    expect(good.duplicateOf).toBeNull();
    expect(good.import).toMatchObject({ status: 'COMPLETED', importedCount: 2, errorCount: 1 });
    expect(sqlNumber(t, 'select count(*) from dnp_finance.bank_statement_line')).toBe(lines0 + 2);
    const serials = sqlRows(
      t,
      `select bank_serial from dnp_finance.bank_statement_line where import_id = '${good.import.id}' order by 1`,
    ).map(([s]) => s);
    expect(serials).toEqual(['E2EBAD1', 'E2EBAD3']);
  });

  it("confirming another dealer's statement: NOT_FOUND, a sub-dealer's: FORBIDDEN, nothing written", async () => {
    payloadOf('runStatements', await t.gql(O2C.runStatements, { p: previousPeriod() }, tok.hq_admin));
    const statementOf = (dealerId: string) =>
      sqlRows(
        t,
        'select id, status from dnp_finance.statement ' +
          `where dealer_id = '${dealerId}' and period = '${previousPeriod()}'`,
      )[0];
    const [jsStatement, jsStatus] = statementOf(jsDealer) ?? [];
    const [njStatement, njStatus] = statementOf(njDealer) ?? [];
    expect(jsStatement && njStatement).toBeTruthy();
    // The Nanjing dealer on its parent's statement: not in its read scope.
    await refusedWithoutWrites("a sub-dealer on its parent's statement", 'NOT_FOUND', () =>
      t.gql(O2C.confirmStatement, { id: jsStatement, comment: 'e2e' }, tok.nj_admin),
    );
    // The Jiangsu agent reads its sub-dealer's statement, but confirming it is the sub-dealer's own act.
    await refusedWithoutWrites("a parent on its sub-dealer's statement", 'FORBIDDEN', () =>
      t.gql(O2C.confirmStatement, { id: njStatement, comment: 'e2e' }, tok.js_admin),
    );
    expect([statementOf(jsDealer)![1], statementOf(njDealer)![1]]).toEqual([jsStatus, njStatus]);
  });
});
