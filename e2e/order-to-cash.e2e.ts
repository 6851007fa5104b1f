// Order to cash on MariaDB and Redis, to the cent (docs/design/order-to-cash.md §17, issue 14): the
// Jiangsu agent orders one product per VAT class (13 %, 9 %, 0 %), the East China operator and HQ
// ship in two parts, the dealer signs with one damaged unit (a discrepancy claim), the claim and a
// dealer return come back as credit notes, a GBK bank file imported by the finance clerk pays, the
// month's statement balances and the credit line returns to its start less what remains open. Every
// expected figure comes from ./support/o2c.ts (the test's own half-up arithmetic, parts rule and VAT
// split), never from the code under test; SQL checks the stock ledger, reservations and credit holds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bankCsv,
  businessDate,
  businessMonth,
  DEMO_BANK_ACCOUNT,
  fen,
  lit,
  partFen,
  previousMonth,
  RATE_BP,
  sqlRows,
  vatOf,
  yuan,
} from './support/o2c.js';
import { bootSharedPlatform, SEEDED_MARIADB, type TestPlatform } from './support/platform.js';

const MONEY = (name: string) => `${name} { amount }`;
const INVOICE = `id number status issuedOn period ${MONEY('amount')} ${MONEY('net')} ${MONEY('tax')}
  ${MONEY('outstanding')} ${MONEY('paid')} ${MONEY('credited')}
  lines { sku quantity taxClass ${MONEY('gross')} ${MONEY('net')} ${MONEY('tax')} }`;
const ACCOUNT = `{ myCreditAccount { dealer { id } ${MONEY('limit')} ${MONEY('used')} ${MONEY('held')}
  ${MONEY('balance')} ${MONEY('available')} } }`;
const PRODUCT = 'query($sku: String!) { product(sku: $sku) { id sku taxClass price { amount } } }';
const PROMOTION = `mutation($i: PromotionInput!) { createPromotion(input: $i) { promotion { id }
  errors { code message } } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status }
  errors { code message } } }`;
const APPROVE = `mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE, comment: "o2c e2e") {
  errors { code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id orderNumber status ${MONEY('total')}
  appliedPromotions { promotionId }
  lines { id lineNo sku quantity taxClass ${MONEY('unitPrice')} ${MONEY('lineSubtotal')} ${MONEY('discount')}
    ${MONEY('lineTotal')} product { id } }
  shipments { id status warehouse { id } }
  invoices { id number }
  returns { id status source lines { id kind requestedQuantity orderLine { id } } } } }`;
const SHIPMENT = `query($id: ID!) { shipment(id: $id) { id number status settlement
  lots { quantity product { id } lot { id } } invoice { ${INVOICE} } } }`;
const SHIP = `mutation($input: ShipShipmentInput!) { shipShipment(input: $input) {
  shipment { id status } remainder { id status } order { status } errors { code message } } }`;
const RECEIPT = `mutation($input: ConfirmReceiptInput!) { confirmReceipt(input: $input) {
  shipment { id status } order { status } errors { code message } } }`;
const RETURN = `id status source ${MONEY('credited')}
  lines { id kind requestedQuantity acceptedQuantity receivedQuantity ${MONEY('credited')} orderLine { id } }`;
const REQUEST_RETURN = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const REVIEW_RETURN = `mutation($input: ReviewReturnInput!) { reviewReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const RECEIVE_RETURN = `mutation($input: ReceiveReturnInput!) { receiveReturn(input: $input) {
  returnRequest { ${RETURN} } errors { code message } } }`;
const RETURN_REQUEST = `query($id: ID!) { returnRequest(id: $id) { ${RETURN} } }`;
const CREDIT_NOTES = `query($invoiceId: ID!) { creditNotes(first: 50, filter: { invoiceId: $invoiceId }) {
  edges { node { id number ${MONEY('amount')} ${MONEY('net')} ${MONEY('tax')} ${MONEY('applied')}
    ${MONEY('unapplied')} } } } }`;
const INVOICE_BY_ID = `query($id: ID!) { invoice(id: $id) { ${INVOICE} } }`;
const IMPORT = `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  import { id status lineCount importedCount matchedCount unmatchedCount duplicateCount errorCount }
  duplicateOf { id } errors { code line column message } } }`;
const STATEMENT = `query($dealerId: ID!, $period: YearMonth!) { statement(dealerId: $dealerId, period: $period) {
  id status documentCount ${MONEY('openingBalance')} ${MONEY('invoicesTotal')} ${MONEY('paymentsTotal')}
  ${MONEY('creditNotesTotal')} ${MONEY('closingBalance')} } }`;
const RUN_STATEMENTS = `mutation($p: YearMonth!) { runStatements(period: $p) { period issued alreadyClosed
  errors { code message } } }`;

/** The East China regional warehouse: covers every line of the order (§17 step 1). */
const WH_EAST = 'wh_east';
/** The HQ warehouse: where the damaged unit's claim comes back to. */
const WH_HQ = 'wh_hq';
const QUANTITIES = [10, 4, 3];
const PART_1 = [6, 4, 2];
const PERCENT_OFF_BP = 1234; // 12.34 % off the 13 % product: its line total is no multiple of the unit price

type Money = { amount: string };
interface OrderLine {
  id: string;
  lineNo: number;
  sku: string;
  quantity: number;
  taxClass: string;
  unitPrice: Money;
  lineSubtotal: Money;
  discount: Money;
  lineTotal: Money;
  product: { id: string };
}
interface InvoiceLine {
  sku: string;
  quantity: number;
  taxClass: string;
  gross: Money;
  net: Money;
  tax: Money;
}
interface Invoice {
  id: string;
  number: string;
  status: string;
  period: string;
  amount: Money;
  net: Money;
  tax: Money;
  outstanding: Money;
  paid: Money;
  credited: Money;
  lines: InvoiceLine[];
}
interface Figures {
  opening: number;
  invoices: number;
  payments: number;
  creditNotes: number;
  closing: number;
  documents: number;
}
/** One stock level (and its lots) as the inventory database holds it. */
interface Level {
  onHand: number;
  reserved: number;
  quarantined: number;
}

describe('order to cash on MariaDB, to the cent', () => {
  let t: TestPlatform;
  let hq: string, js: string, op: string, clerk: string;
  let dealerId: string;
  let dealerWarehouse: string;
  const period = businessMonth();
  // State handed from step to step (the steps run in order and each needs the previous one).
  let account0: Record<'limit' | 'used' | 'held' | 'balance' | 'available', number>;
  let statement0: Figures;
  let products: { STANDARD: string; REDUCED: string; ZERO: string }; // product ids
  let skus: string[];
  let levels0: Map<string, Level>;
  let lots0: Map<string, number>;
  let orderId: string;
  let lines: OrderLine[];
  let total: number;
  let shipment1: string, shipment2: string;
  let inv1: Invoice, inv2: Invoice;
  let claimCredit: number, returnCredit: number;
  let paid1: number;
  const PAID_2 = 10_000; // ¥100.00 of invoice 2

  const gqlOk = async <T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  };
  const account = async () => {
    const a = (await gqlOk(ACCOUNT, {}, js)).myCreditAccount;
    return {
      limit: fen(a.limit.amount),
      used: fen(a.used.amount),
      held: fen(a.held.amount),
      balance: fen(a.balance.amount),
      available: fen(a.available.amount),
    };
  };
  const figures = async (p: string): Promise<Figures | null> => {
    const s = (await gqlOk(STATEMENT, { dealerId, period: p }, clerk)).statement;
    if (!s) return null;
    return {
      opening: fen(s.openingBalance.amount),
      invoices: fen(s.invoicesTotal.amount),
      payments: fen(s.paymentsTotal.amount),
      creditNotes: fen(s.creditNotesTotal.amount),
      closing: fen(s.closingBalance.amount),
      documents: s.documentCount,
    };
  };
  const order = async () => (await gqlOk(ORDER, { id: orderId }, hq)).order;
  const lineOf = (taxClass: string) => lines.find((l) => l.taxClass === taxClass)!;
  const invoiceOf = async (shipmentId: string): Promise<Invoice> => {
    let invoice: Invoice | null = null;
    await expect
      .poll(
        async () => {
          invoice = (await gqlOk(SHIPMENT, { id: shipmentId }, hq)).shipment.invoice;
          return invoice !== null;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    return invoice!;
  };
  const invoiceById = async (id: string): Promise<Invoice> => (await gqlOk(INVOICE_BY_ID, { id }, hq)).invoice;
  /** Stock levels of the order's products in the warehouses the loop touches, by `warehouse|product`. */
  const levels = (): Map<string, Level> => {
    const ids = Object.values(products).map(lit).join(',');
    const whs = [WH_EAST, WH_HQ, dealerWarehouse].map(lit).join(',');
    const rows = sqlRows(
      t,
      `select warehouse_id, product_id, on_hand, reserved, quarantined from dnp_inventory.stock_level
        where product_id in (${ids}) and warehouse_id in (${whs})`,
    );
    const map = new Map<string, Level>();
    for (const [w, p, onHand, reserved, quarantined] of rows)
      map.set(`${w}|${p}`, { onHand: Number(onHand), reserved: Number(reserved), quarantined: Number(quarantined) });
    return map;
  };
  const level = (map: Map<string, Level>, warehouse: string, product: string): Level =>
    map.get(`${warehouse}|${product}`) ?? { onHand: 0, reserved: 0, quarantined: 0 };
  /** Units of each lot of the order's products in wh_east, by lot id. */
  const eastLots = (): Map<string, number> => {
    const ids = Object.values(products).map(lit).join(',');
    const rows = sqlRows(
      t,
      `select id, quantity from dnp_inventory.lot where warehouse_id = ${lit(WH_EAST)} and product_id in (${ids})`,
    );
    return new Map(rows.map(([id, q]) => [id!, Number(q)]));
  };
  /** Waits for a return to reach a status (its tasks run after the mutation commits). */
  const returnUntil = async (id: string, status: string) => {
    let current: any;
    await expect
      .poll(
        async () => {
          current = (await gqlOk(RETURN_REQUEST, { id }, hq)).returnRequest;
          return current.status;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(status);
    return current;
  };

  beforeAll(async () => {
    t = await bootSharedPlatform('mariadb', SEEDED_MARIADB);
    [hq, js, op, clerk] = await Promise.all(['hq_admin', 'js_admin', 'wh_east_op', 'fin_clerk'].map((u) => t.login(u)));
    dealerId = (await gqlOk(ACCOUNT, {}, js)).myCreditAccount.dealer.id;
    const [dw] = sqlRows(
      t,
      `select id from dnp_inventory.warehouse where dealer_id = ${lit(dealerId)} and kind = 'DEALER' order by id`,
    );
    expect(dw, 'the Jiangsu agent has its own warehouse').toBeDefined();
    dealerWarehouse = dw![0]!;
  }, 600_000);
  afterAll(async () => t?.stop());

  it('1. picks one product per VAT class in wh_east (one made zero-rated) and notes the starting figures', async () => {
    // ACTIVE, nationwide, untraceable products whose unexpired wh_east lots alone cover 20 units.
    const candidates = sqlRows(
      t,
      `select p.sku, p.id, p.tax_class from dnp_products.product p
         join dnp_inventory.stock_level s on s.product_id = p.id and s.warehouse_id = ${lit(WH_EAST)}
        where p.status = 'ACTIVE' and p.sales_regions is null and p.traceable = 0
          and s.on_hand - s.reserved - s.quarantined >= 20
          and (select coalesce(sum(l.quantity - l.reserved - l.quarantined), 0) from dnp_inventory.lot l
                where l.warehouse_id = s.warehouse_id and l.product_id = p.id
                  and l.expires_at > now() + interval 30 day) >= 20
        order by p.sku`,
    );
    const priced: Record<string, string[]> = { STANDARD: [], REDUCED: [] };
    for (const [sku, , taxClass] of candidates) {
      const list = priced[taxClass!];
      if (!list || list.length >= (taxClass === 'STANDARD' ? 2 : 1)) continue;
      const p = (await gqlOk(PRODUCT, { sku }, js)).product;
      if (p?.price && fen(p.price.amount) > 0) list.push(sku!);
    }
    expect(priced.STANDARD).toHaveLength(2);
    expect(priced.REDUCED).toHaveLength(1);
    const [standard, zero] = priced.STANDARD as [string, string];
    // No demo product is zero-rated (packages/demo-data catalog.ts): make one so, as master data would.
    t.mariadb!.sql(`update dnp_products.product set tax_class = 'ZERO' where sku = ${lit(zero)}`);
    skus = [standard, priced.REDUCED[0]!, zero];
    const read = await Promise.all(skus.map(async (sku) => (await gqlOk(PRODUCT, { sku }, js)).product));
    expect(read.map((p) => p.taxClass)).toEqual(['STANDARD', 'REDUCED', 'ZERO']);
    products = { STANDARD: read[0].id, REDUCED: read[1].id, ZERO: read[2].id };

    const promo = await gqlOk(
      PROMOTION,
      {
        i: {
          code: `E2E-O2C-${Date.now().toString(36).toUpperCase()}`,
          name: '对账测试折扣',
          nameEn: 'Order to cash test discount',
          type: 'PERCENT_OFF',
          stacking: 'EXCLUSIVE',
          priority: 1000,
          validFrom: new Date(Date.now() - 60_000).toISOString(),
          productIds: [products.STANDARD],
          percentOff: PERCENT_OFF_BP / 100,
        },
      },
      hq,
    );
    expect(promo.createPromotion.errors).toEqual([]);

    account0 = await account();
    statement0 = (await figures(period)) ?? {
      opening: 0,
      invoices: 0,
      payments: 0,
      creditNotes: 0,
      closing: 0,
      documents: 0,
    };
    levels0 = levels();
    lots0 = eastLots();
  });

  it('2. the dealer orders 10, 4 and 3 units: one wh_east shipment, available falls by the total', async () => {
    const placed = await gqlOk(
      PLACE,
      {
        input: {
          idempotencyKey: `e2e-o2c-${randomUUID()}`,
          lines: skus.map((sku, i) => ({ sku, quantity: QUANTITIES[i] })),
          note: 'e2e: order to cash',
        },
      },
      js,
    );
    expect(placed.placeOrder.errors).toEqual([]);
    orderId = placed.placeOrder.order.id;
    if (placed.placeOrder.order.status === 'PENDING_REVIEW') {
      expect((await gqlOk(APPROVE, { id: orderId }, hq)).reviewOrder.errors).toEqual([]);
    }
    const o = await order();
    expect(o.status).toBe('APPROVED');
    lines = [...o.lines].sort((a: OrderLine, b: OrderLine) => a.lineNo - b.lineNo);
    expect(lines.map((l) => [l.sku, l.quantity, l.taxClass])).toEqual([
      [skus[0], 10, 'STANDARD'],
      [skus[1], 4, 'REDUCED'],
      [skus[2], 3, 'ZERO'],
    ]);
    for (const l of lines) {
      expect(fen(l.lineSubtotal.amount)).toBe(fen(l.unitPrice.amount) * l.quantity);
      expect(fen(l.lineTotal.amount)).toBe(fen(l.lineSubtotal.amount) - fen(l.discount.amount));
    }
    // Our promotion: 12.34 % of the 13 % line's subtotal, half up.
    const std = lineOf('STANDARD');
    expect(fen(std.discount.amount)).toBe(
      Number((BigInt(fen(std.lineSubtotal.amount)) * BigInt(PERCENT_OFF_BP) * 2n + 10000n) / 20000n),
    );
    total = lines.reduce((s, l) => s + fen(l.lineTotal.amount), 0);
    expect(fen(o.total.amount)).toBe(total);
    expect(o.shipments.map((s: any) => [s.warehouse.id, s.status])).toEqual([[WH_EAST, 'PICKING']]);
    shipment1 = o.shipments[0].id;

    const a = await account();
    expect(a.available).toBe(account0.available - total);
    expect(a.held).toBe(account0.held + total);
    expect(a.used).toBe(account0.used);
  });

  it('3. the operator ships part 1 (6, 4, 2), HQ the rest: two invoices by the parts rule, VAT per line', async () => {
    const part1 = lines.map((l, i) => ({ orderLineId: l.id, quantity: PART_1[i] }));
    const s1 = (
      await gqlOk(
        SHIP,
        { input: { shipmentId: shipment1, carrier: '顺丰速运', trackingNumber: 'SF1400000001', lines: part1 } },
        op,
      )
    ).shipShipment;
    expect(s1.errors).toEqual([]);
    expect(s1.shipment.status).toBe('SHIPPED');
    expect(s1.order.status).toBe('PARTIALLY_SHIPPED');
    expect(s1.remainder.status).toBe('PICKING');
    shipment2 = s1.remainder.id;
    inv1 = await invoiceOf(shipment1);

    const s2 = (
      await gqlOk(SHIP, { input: { shipmentId: shipment2, carrier: '顺丰速运', trackingNumber: 'SF1400000002' } }, hq)
    ).shipShipment;
    expect(s2.errors).toEqual([]);
    expect(s2.remainder).toBeNull();
    expect(s2.order.status).toBe('SHIPPED');
    inv2 = await invoiceOf(shipment2);

    // The test's own invoices: part values by cumulative half-up rounding, VAT split per line.
    const expectedLines = (before: number[], part: number[]) =>
      lines
        .map((l, i) => {
          const gross = partFen(fen(l.lineTotal.amount), l.quantity, before[i]!, part[i]!);
          return { sku: l.sku, quantity: part[i]!, taxClass: l.taxClass, gross, ...vatOf(gross, RATE_BP[l.taxClass]!) };
        })
        .filter((x) => x.quantity > 0);
    const part2 = QUANTITIES.map((q, i) => q - PART_1[i]!);
    for (const [invoice, want] of [
      [inv1, expectedLines([0, 0, 0], PART_1)],
      [inv2, expectedLines(PART_1, part2)],
    ] as const) {
      const got = [...invoice.lines]
        .sort((a, b) => skus.indexOf(a.sku) - skus.indexOf(b.sku))
        .map((x) => ({
          sku: x.sku,
          quantity: x.quantity,
          taxClass: x.taxClass,
          gross: fen(x.gross.amount),
          net: fen(x.net.amount),
          tax: fen(x.tax.amount),
        }));
      expect(got).toEqual(want);
      const sum = (k: 'gross' | 'net' | 'tax') => want.reduce((s, x) => s + x[k], 0);
      expect([fen(invoice.amount.amount), fen(invoice.net.amount), fen(invoice.tax.amount)]).toEqual([
        sum('gross'),
        sum('net'),
        sum('tax'),
      ]);
      expect(fen(invoice.outstanding.amount)).toBe(sum('gross'));
      expect(invoice.period).toBe(period);
    }
    expect(fen(inv1.amount.amount) + fen(inv2.amount.amount)).toBe(total);
    // One invoice per shipment, and no other for the order.
    expect((await order()).invoices.map((i: { id: string }) => i.id).sort()).toEqual([inv1.id, inv2.id].sort());
    // Gap-free numbers of the business year, consecutive for the two shipments.
    const year = period.slice(0, 4);
    for (const inv of [inv1, inv2]) expect(inv.number).toMatch(new RegExp(`^INV-${year}-\\d{8}$`));
    expect(Number(inv2.number.slice(-8))).toBe(Number(inv1.number.slice(-8)) + 1);
    const [[count, max, last]] = sqlRows(
      t,
      `select count(*), max(seq), max(number) from dnp_finance.invoice where year = ${Number(year)}`,
    ) as [[string, string, string]];
    expect([count, last]).toEqual([max, inv2.number]);
  });

  it('4. the hold is captured for the total, stock levels and lots fall by what left', async () => {
    // The hold was captured for the total; the receivable replaced it.
    const [hold] = sqlRows(
      t,
      `select status, amount_minor, captured_minor, released_minor from dnp_finance.credit_hold
        where \`key\` = ${lit(orderId)}`,
    );
    expect(hold).toEqual(['CAPTURED', String(total), String(total), '0']);
    const a = await account();
    expect(a.held).toBe(account0.held);
    expect(a.used).toBe(account0.used + total);
    expect(a.available).toBe(account0.available - total);

    // Levels and lots down by what left; reservations back to where they were.
    const now = levels();
    for (const [i, l] of lines.entries()) {
      const before = level(levels0, WH_EAST, l.product.id);
      expect(level(now, WH_EAST, l.product.id)).toEqual({ ...before, onHand: before.onHand - QUANTITIES[i]! });
    }
    const shippedLots = new Map<string, number>();
    for (const id of [shipment1, shipment2]) {
      for (const lot of (await gqlOk(SHIPMENT, { id }, hq)).shipment.lots) {
        expect(lot.lot, 'every shipped unit came from a lot').not.toBeNull();
        shippedLots.set(lot.lot.id, (shippedLots.get(lot.lot.id) ?? 0) + lot.quantity);
      }
    }
    const lotsNow = eastLots();
    for (const [id, q] of lots0) expect(lotsNow.get(id), id).toBe(q - (shippedLots.get(id) ?? 0));
    expect([...shippedLots.values()].reduce((s, q) => s + q, 0)).toBe(17);
  });

  it('5. the dealer signs part 1 in full, part 2 with its 0 % unit damaged: COMPLETED and a claim', async () => {
    const r1 = (await gqlOk(RECEIPT, { input: { shipmentId: shipment1 } }, js)).confirmReceipt;
    expect(r1.errors).toEqual([]);
    expect(r1.shipment.status).toBe('DELIVERED');
    expect(r1.order.status).toBe('SHIPPED');
    const zero = lineOf('ZERO');
    const r2 = (
      await gqlOk(
        RECEIPT,
        {
          input: {
            shipmentId: shipment2,
            comment: '一箱破损',
            lines: [
              { orderLineId: lineOf('STANDARD').id, receivedQuantity: 4, damagedQuantity: 0 },
              { orderLineId: zero.id, receivedQuantity: 1, damagedQuantity: 1 },
            ],
          },
        },
        js,
      )
    ).confirmReceipt;
    expect(r2.errors).toEqual([]);
    expect(r2.order.status).toBe('COMPLETED');

    // The dealer's warehouse gains every unit; the damaged one quarantined.
    await expect
      .poll(() => level(levels(), dealerWarehouse, products.ZERO), { timeout: 20_000, interval: 200 })
      .toEqual({
        ...level(levels0, dealerWarehouse, products.ZERO),
        onHand: level(levels0, dealerWarehouse, products.ZERO).onHand + 3,
        quarantined: level(levels0, dealerWarehouse, products.ZERO).quarantined + 1,
      });
    await expect
      .poll(() => level(levels(), dealerWarehouse, products.STANDARD).onHand, { timeout: 20_000, interval: 200 })
      .toBe(level(levels0, dealerWarehouse, products.STANDARD).onHand + 10);
    expect(level(levels(), dealerWarehouse, products.REDUCED).onHand).toBe(
      level(levels0, dealerWarehouse, products.REDUCED).onHand + 4,
    );

    const claims = (await order()).returns;
    expect(claims).toHaveLength(1);
    expect(claims[0].source).toBe('RECEIPT_DISCREPANCY');
    expect(claims[0].status).toBe('REQUESTED');
    expect(claims[0].lines.map((l: any) => [l.kind, l.requestedQuantity, l.orderLine.id])).toEqual([
      ['GOODS', 1, zero.id],
    ]);
  });

  it('6. HQ approves the claim into wh_hq, the operator quarantines it: a credit note for that unit', async () => {
    const claim = (await order()).returns[0];
    const reviewed = (
      await gqlOk(
        REVIEW_RETURN,
        {
          input: {
            returnId: claim.id,
            decision: 'APPROVE',
            warehouseId: WH_HQ,
            lines: [{ returnLineId: claim.lines[0].id, acceptedQuantity: 1 }],
          },
        },
        hq,
      )
    ).reviewReturn;
    expect(reviewed.errors).toEqual([]);
    expect(reviewed.returnRequest.status).toBe('APPROVED');
    const received = (
      await gqlOk(
        RECEIVE_RETURN,
        {
          input: {
            returnId: claim.id,
            lines: [{ returnLineId: claim.lines[0].id, quantity: 1, disposition: 'QUARANTINE' }],
          },
        },
        op,
      )
    ).receiveReturn;
    expect(received.errors).toEqual([]);
    const credited = await returnUntil(claim.id, 'CREDITED');
    const zero = lineOf('ZERO');
    claimCredit = partFen(fen(zero.lineTotal.amount), zero.quantity, 0, 1);
    expect(fen(credited.credited.amount)).toBe(claimCredit);

    const notes = (await gqlOk(CREDIT_NOTES, { invoiceId: inv2.id }, hq)).creditNotes.edges.map((e: any) => e.node);
    expect(notes).toHaveLength(1);
    expect(notes[0].number).toMatch(new RegExp(`^CN-${period.slice(0, 4)}-\\d{8}$`));
    expect(
      [notes[0].amount, notes[0].net, notes[0].tax, notes[0].applied, notes[0].unapplied].map((m) => fen(m.amount)),
    ).toEqual([claimCredit, ...Object.values(vatOf(claimCredit, RATE_BP.ZERO!)), claimCredit, 0]);
    const i2 = await invoiceById(inv2.id);
    expect(fen(i2.credited.amount)).toBe(claimCredit);
    expect(fen(i2.outstanding.amount)).toBe(fen(inv2.amount.amount) - claimCredit);

    // The unit lies quarantined in wh_hq: on hand, not available; it left the dealer's warehouse.
    await expect
      .poll(() => level(levels(), WH_HQ, products.ZERO), { timeout: 20_000, interval: 200 })
      .toEqual({
        ...level(levels0, WH_HQ, products.ZERO),
        onHand: level(levels0, WH_HQ, products.ZERO).onHand + 1,
        quarantined: level(levels0, WH_HQ, products.ZERO).quarantined + 1,
      });
    expect(level(levels(), dealerWarehouse, products.ZERO)).toEqual({
      ...level(levels0, dealerWarehouse, products.ZERO),
      onHand: level(levels0, dealerWarehouse, products.ZERO).onHand + 2,
    });
  });

  it('7. a dealer return of one 13 % unit: requested, approved into wh_east, received sellable, credited', async () => {
    const std = lineOf('STANDARD');
    const requested = (
      await gqlOk(
        REQUEST_RETURN,
        {
          input: {
            orderId,
            idempotencyKey: `e2e-o2c-return-${randomUUID()}`,
            reason: 'QUALITY',
            comment: '包装漏液',
            lines: [{ shipmentId: shipment1, orderLineId: std.id, quantity: 1 }],
          },
        },
        js,
      )
    ).requestReturn;
    expect(requested.errors).toEqual([]);
    expect(requested.returnRequest.status).toBe('REQUESTED');
    const returnId = requested.returnRequest.id;
    const lineId = requested.returnRequest.lines[0].id;
    // The unit leaves the dealer's stock as the request is taken (take back).
    await expect
      .poll(() => level(levels(), dealerWarehouse, products.STANDARD).onHand, { timeout: 20_000, interval: 200 })
      .toBe(level(levels0, dealerWarehouse, products.STANDARD).onHand + 10 - 1);
    const reviewed = (
      await gqlOk(
        REVIEW_RETURN,
        {
          input: {
            returnId,
            decision: 'APPROVE',
            warehouseId: WH_EAST,
            lines: [{ returnLineId: lineId, acceptedQuantity: 1 }],
          },
        },
        hq,
      )
    ).reviewReturn;
    expect(reviewed.errors).toEqual([]);
    const eastBefore = level(levels(), WH_EAST, products.STANDARD);
    const received = (
      await gqlOk(
        RECEIVE_RETURN,
        { input: { returnId, lines: [{ returnLineId: lineId, quantity: 1, disposition: 'SELLABLE' }] } },
        op,
      )
    ).receiveReturn;
    expect(received.errors).toEqual([]);
    const credited = await returnUntil(returnId, 'CREDITED');
    returnCredit = partFen(fen(std.lineTotal.amount), std.quantity, 0, 1);
    expect(fen(credited.credited.amount)).toBe(returnCredit);

    const notes = (await gqlOk(CREDIT_NOTES, { invoiceId: inv1.id }, hq)).creditNotes.edges.map((e: any) => e.node);
    expect(notes).toHaveLength(1);
    const vat = vatOf(returnCredit, RATE_BP.STANDARD!);
    expect([notes[0].amount, notes[0].net, notes[0].tax, notes[0].applied].map((m) => fen(m.amount))).toEqual([
      returnCredit,
      vat.net,
      vat.tax,
      returnCredit,
    ]);
    const claimNote = (await gqlOk(CREDIT_NOTES, { invoiceId: inv2.id }, hq)).creditNotes.edges[0].node;
    expect(Number(notes[0].number.slice(-8))).toBe(Number(claimNote.number.slice(-8)) + 1);
    const [[count, max, last]] = sqlRows(
      t,
      `select count(*), max(seq), max(number) from dnp_finance.credit_note where year = ${Number(period.slice(0, 4))}`,
    ) as [[string, string, string]];
    expect([count, last]).toEqual([max, notes[0].number]);
    const i1 = await invoiceById(inv1.id);
    expect(fen(i1.outstanding.amount)).toBe(fen(inv1.amount.amount) - returnCredit);

    // Back in wh_east, sellable: on hand and available again.
    await expect
      .poll(() => level(levels(), WH_EAST, products.STANDARD), { timeout: 20_000, interval: 200 })
      .toEqual({ ...eastBefore, onHand: eastBefore.onHand + 1 });
  });

  it('8. a GBK bank file: a bad amount refuses it, the good lines pay, the same bytes: duplicateOf', async () => {
    paid1 = fen(inv1.amount.amount) - returnCredit;
    const today = businessDate();
    const rows = [
      {
        date: today,
        amount: yuan(paid1),
        payerName: '江苏总代贸易有限公司',
        payerAccount: '6222000011112222',
        summary: `货款 ${inv1.number}`,
        serial: 'E2EO2C0001',
      },
      {
        date: today,
        amount: yuan(PAID_2),
        payerName: '江苏总代贸易有限公司',
        payerAccount: '6222000011112222',
        summary: `部分货款 ${inv2.number}`,
        serial: 'E2EO2C0002',
      },
      {
        date: today,
        amount: '12,3x',
        payerName: '某某公司',
        payerAccount: '6222000099998888',
        summary: '其他',
        serial: 'E2EO2C0003',
      },
    ];
    const input = {
      fileName: '交易明细.csv',
      bankAccount: DEMO_BANK_ACCOUNT,
      encoding: 'GBK',
      contentBase64: bankCsv(rows).toString('base64'),
    };
    const counts = () =>
      sqlRows(
        t,
        `select (select count(*) from dnp_finance.bank_import), (select count(*) from dnp_finance.bank_statement_line),
                (select count(*) from dnp_finance.payment)`,
      )[0];
    const counts0 = counts();
    const bad = (await gqlOk(IMPORT, { input }, clerk)).importBankStatement;
    expect(bad.errors.map((e: any) => [e.code, e.line])).toEqual([['CSV_AMOUNT_INVALID', 6]]);
    expect(bad.import).toBeNull();
    expect(counts()).toEqual(counts0);

    const good = (await gqlOk(IMPORT, { input: { ...input, importGoodLines: true } }, clerk)).importBankStatement;
    expect(good.import).toMatchObject({ importedCount: 2, matchedCount: 2, unmatchedCount: 0 });
    await expect.poll(async () => (await invoiceById(inv1.id)).status, { timeout: 20_000, interval: 200 }).toBe('PAID');
    const again = (await gqlOk(IMPORT, { input: { ...input, importGoodLines: true } }, clerk)).importBankStatement;
    expect(again.duplicateOf?.id).toBe(good.import.id);
    const paidCounts = counts();
    expect(Number(paidCounts![2])).toBe(Number(counts0![2]) + 2);

    const i1 = await invoiceById(inv1.id);
    expect([fen(i1.paid.amount), fen(i1.outstanding.amount)]).toEqual([paid1, 0]);
    const i2 = await invoiceById(inv2.id);
    expect([fen(i2.paid.amount), fen(i2.outstanding.amount)]).toEqual([
      PAID_2,
      fen(inv2.amount.amount) - claimCredit - PAID_2,
    ]);
  });

  it('9. the statement balances and the credit line is back to its start less what remains open', async () => {
    const open = fen(inv2.amount.amount) - claimCredit - PAID_2;
    const now = (await figures(period))!;
    expect(now).toEqual({
      opening: statement0.opening,
      invoices: statement0.invoices + fen(inv1.amount.amount) + fen(inv2.amount.amount),
      payments: statement0.payments + paid1 + PAID_2,
      creditNotes: statement0.creditNotes + claimCredit + returnCredit,
      closing: statement0.closing + open,
      documents: statement0.documents + 6, // two invoices, two payments, two credit notes
    });
    expect(now.opening + now.invoices - now.payments - now.creditNotes).toBe(now.closing);

    // The open month cannot be run yet: refused, nothing closed or issued.
    const statementRows = () => sqlRows(t, 'select count(*) from dnp_finance.statement')[0];
    const rowsBefore = statementRows();
    const early = (await gqlOk(RUN_STATEMENTS, { p: period }, clerk)).runStatements;
    expect(early.errors.map((e: { code: string }) => e.code)).toEqual(['PERIOD_NOT_ENDED']);
    expect(statementRows()).toEqual(rowsBefore);
    // The month before, run by the clerk (idempotent: the seed or its month-end may have closed it already):
    // closed, and its closing is this month's opening.
    const previous = previousMonth(period);
    const run = (await gqlOk(RUN_STATEMENTS, { p: previous }, clerk)).runStatements;
    expect(run.errors).toEqual([]);
    expect(sqlRows(t, `select status from dnp_finance.finance_period where period = ${lit(previous)}`)).toEqual([
      ['CLOSED'],
    ]);
    const before = await figures(previous);
    if (before) expect(before.opening + before.invoices - before.payments - before.creditNotes).toBe(before.closing);
    expect(before?.closing ?? 0).toBe(now.opening);

    const a = await account();
    expect(a).toEqual({
      limit: account0.limit,
      used: account0.used + open,
      held: account0.held,
      balance: account0.balance,
      available: account0.available - open,
    });
    // What the dealer owes now, by the statement and by the credit ledger alike.
    expect(now.closing).toBe(a.used - a.balance);
  });

  it('10. nothing outlives the order: no reservation or hold left, every ledger sums to its levels and lots', () => {
    expect(
      sqlRows(t, `select status from dnp_inventory.reservation where \`key\` = ${lit(orderId)}`).map((r) => r[0]),
    ).toEqual(['COMMITTED']);
    expect(
      sqlRows(
        t,
        `select count(*) from dnp_inventory.reservation_line l
           join dnp_inventory.reservation r on r.id = l.reservation_id
          where r.\`key\` = ${lit(orderId)} and l.quantity - l.committed - l.released <> 0`,
      ),
    ).toEqual([['0']]);
    expect(
      sqlRows(
        t,
        `select status, amount_minor - captured_minor - released_minor from dnp_finance.credit_hold
          where \`key\` = ${lit(orderId)}`,
      ),
    ).toEqual([['CAPTURED', '0']]);

    // Every stock level: Σ delta = on hand, Σ quarantine delta = quarantined; every lot likewise.
    expect(
      sqlRows(
        t,
        `select s.id from dnp_inventory.stock_level s
           left join dnp_inventory.stock_movement m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
          group by s.id, s.on_hand, s.quarantined
         having coalesce(sum(m.delta), 0) <> s.on_hand or coalesce(sum(m.quarantine_delta), 0) <> s.quarantined`,
      ),
    ).toEqual([]);
    expect(
      sqlRows(
        t,
        `select l.id from dnp_inventory.lot l
           left join (select lot_id, sum(delta) as d, sum(quarantine_delta) as q from dnp_inventory.stock_movement
                       where lot_id is not null group by lot_id) m on m.lot_id = l.id
          where coalesce(m.d, 0) <> l.quantity or coalesce(m.q, 0) <> l.quarantined`,
      ),
    ).toEqual([]);
    // No finished order anywhere (this one, the seeded ones) keeps an ACTIVE reservation or a HELD hold.
    const finished = `('SHIPPED', 'COMPLETED', 'CANCELLED', 'REJECTED')`;
    const [reservations] = sqlRows(
      t,
      `select count(*), coalesce(sum(r.status = 'ACTIVE'), 0) from dnp_inventory.reservation r
         join dnp_orders.sales_order o on o.id = r.\`key\` where o.status in ${finished}`,
    );
    expect(Number(reservations![0])).toBeGreaterThanOrEqual(1);
    expect(reservations![1]).toBe('0');
    const [holds] = sqlRows(
      t,
      `select count(*), coalesce(sum(h.status = 'HELD'), 0) from dnp_finance.credit_hold h
         join dnp_orders.sales_order o on o.id = h.\`key\` where o.status in ${finished}`,
    );
    expect(Number(holds![0])).toBeGreaterThanOrEqual(1);
    expect(holds![1]).toBe('0');

    // The touched levels, from the test's own counts: nothing reserved any more.
    const end = levels();
    const was = (w: string, p: string) => level(levels0, w, p);
    const expected: [string, string, number, number][] = [
      [WH_EAST, products.STANDARD, -10 + 1, 0],
      [WH_EAST, products.REDUCED, -4, 0],
      [WH_EAST, products.ZERO, -3, 0],
      [WH_HQ, products.ZERO, 1, 1],
      [dealerWarehouse, products.STANDARD, 10 - 1, 0],
      [dealerWarehouse, products.REDUCED, 4, 0],
      [dealerWarehouse, products.ZERO, 3 - 1, 0],
    ];
    for (const [w, p, onHand, quarantined] of expected) {
      expect(level(end, w, p), `${w} ${p}`).toEqual({
        onHand: was(w, p).onHand + onHand,
        reserved: was(w, p).reserved,
        quarantined: was(w, p).quarantined + quarantined,
      });
    }
  });
});
