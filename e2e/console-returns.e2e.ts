import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { fen, partFen } from './support/o2c.js';
import { bootSharedPlatform, type TestPlatform } from './support/platform.js';

// The console's returns queue (console-hq/dist under /console/) against the real platform: a dealer's
// return of two delivered lines, requested through the API after ship and receipt, is approved in
// part by HQ in the console, received by the East warehouse operator with one line quarantined, and
// credited; the pages show the quantities, the dispositions and the credit note to the fen.

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        status
      }
      errors {
        code
        message
      }
    }
  }
`;
const SHIPMENTS = /* GraphQL */ `
  query ($orderId: ID!) {
    shipments(first: 10, filter: { orderId: $orderId }) {
      edges {
        node {
          id
          status
          lines {
            quantity
            value {
              amount
            }
            orderLine {
              id
              sku
            }
          }
        }
      }
    }
  }
`;
const RETURN = /* GraphQL */ `
  query ($id: ID!) {
    returnRequest(id: $id) {
      number
      status
      credited {
        amount
      }
      lines {
        receivedQuantity
        disposition
        product {
          id
        }
      }
    }
  }
`;
const CREDIT_NOTES = /* GraphQL */ `
  query ($dealerId: ID!) {
    creditNotes(first: 50, filter: { dealerId: $dealerId }) {
      edges {
        node {
          number
          reason
          amount {
            amount
          }
          invoice {
            id
          }
        }
      }
    }
  }
`;
const QUARANTINED = /* GraphQL */ `
  query ($productId: ID!) {
    stockLevels(first: 5, filter: { warehouseId: "wh_east", productId: $productId }) {
      edges {
        node {
          quarantined
        }
      }
    }
  }
`;

interface ShipmentRow {
  id: string;
  status: string;
  lines: { quantity: number; value: { amount: string } | null; orderLine: { id: string; sku: string } }[];
}

/** What the console shows for an amount in fen (formatMoney, zh-CN): not the API's "1234.50". */
const displayed = (minor: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(
    minor / 100,
  );

describe('HQ console: the returns queue', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  let hq: string;
  let nj: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    hq = await t.login('hq_admin');
    nj = await t.login('nj_admin');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  /** A fresh browser context signed in as `username` (Chinese, the console's default). */
  async function signedIn(username: string): Promise<Page> {
    return signedInConsole(browser, base, username, contexts);
  }

  /** A GraphQL call that must succeed, with no payload errors; answers its data. */
  async function ok(query: string, variables: Record<string, unknown>, token: string) {
    const res = await t.gql(query, variables, token);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const payload = Object.values(res.data as object)[0] as { errors?: unknown[] } | null;
    expect(payload?.errors ?? [], JSON.stringify(payload)).toEqual([]);
    return res.data;
  }

  /** nj_admin's order of two products, approved, shipped and signed for in full: its delivered shipments. */
  async function deliveredOrder(): Promise<{ orderId: string; shipments: ShipmentRow[] }> {
    const lines = [
      { sku: 'JH-MLK-0070', quantity: 3 },
      { sku: 'JH-MLK-0001', quantity: 2 },
    ];
    const placed = await ok(PLACE, { input: { idempotencyKey: `e2e-ret-${randomUUID()}`, lines } }, nj);
    const order = placed.placeOrder.order as { id: string; status: string };
    if (order.status === 'PENDING_REVIEW')
      await ok(
        'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE, comment: "e2e") { errors { code } } }',
        { id: order.id },
        hq,
      );
    let shipments: ShipmentRow[] = [];
    await expect
      .poll(
        async () => {
          const res = await t.gql(SHIPMENTS, { orderId: order.id }, hq);
          shipments = (res.data?.shipments.edges ?? []).map((e: { node: ShipmentRow }) => e.node);
          return shipments.reduce((n, s) => n + s.lines.length, 0);
        },
        { timeout: 30_000, interval: 300 },
      )
      .toBe(2);
    for (const [i, s] of shipments.entries()) {
      const shipment = { shipmentId: s.id, carrier: '顺丰速运', trackingNumber: `SFRET${Date.now()}${i}` };
      await ok('mutation($i: ShipShipmentInput!) { shipShipment(input: $i) { errors { code } } }', { i: shipment }, hq);
      await ok(
        'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { errors { code } } }',
        { i: { shipmentId: s.id } },
        nj,
      );
    }
    const res = await t.gql(SHIPMENTS, { orderId: order.id }, hq);
    return { orderId: order.id, shipments: res.data.shipments.edges.map((e: { node: ShipmentRow }) => e.node) };
  }

  // Long because: one return's way through the dealer (API), HQ's and the operator's screens, checked at each step.
  it('HQ approves a return in part, the operator receives one line quarantined, the credit shows', async () => {
    const { orderId, shipments } = await deliveredOrder();
    const line = (sku: string) => {
      const s = shipments.find((x) => x.lines.some((l) => l.orderLine.sku === sku))!;
      return { shipment: s, line: s.lines.find((l) => l.orderLine.sku === sku)! };
    };
    const a = line('JH-MLK-0070');
    const b = line('JH-MLK-0001');
    expect(shipments.every((s) => s.status === 'DELIVERED')).toBe(true);
    const requested = await ok(
      'mutation($i: RequestReturnInput!) { requestReturn(input: $i) { returnRequest { id number } errors { code } } }',
      {
        i: {
          orderId,
          idempotencyKey: `e2e-ret-${randomUUID()}`,
          reason: 'QUALITY',
          comment: 'e2e: 包装破损',
          lines: [a, b].map((x) => ({
            shipmentId: x.shipment.id,
            orderLineId: x.line.orderLine.id,
            quantity: x.line.quantity,
          })),
        },
      },
      nj,
    );
    const { id: returnId, number } = requested.requestReturn.returnRequest as { id: string; number: string };

    // HQ: the queue opens on the requested returns, this one on top; the detail shows what was delivered and asked.
    const page = await signedIn('hq_admin');
    await page.goto(`${base}/console/returns`);
    const row = page.locator(`[data-testid=return-row][data-return-id="${returnId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.locator('[data-testid=return-status]').getAttribute('data-status')).toBe('REQUESTED');
    await screenshot(page, 'console-returns-queue');
    await expectNoA11yViolations(page, 'console returns queue');
    await row.locator('[data-testid=return-open]').click();
    await page.locator('[data-testid=return-detail][data-status=REQUESTED]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=return-detail] h1').innerText()).toBe(number);
    const cells = (p: Page, testid: string) =>
      p.locator(`[data-testid=return-line] [data-testid=${testid}]`).allInnerTexts();
    expect(await cells(page, 'line-delivered')).toEqual(['3', '2']);
    expect(await cells(page, 'line-requested')).toEqual(['3', '2']);
    expect(await cells(page, 'line-accepted')).toEqual(['—', '—']);

    // Approving without a warehouse is refused at its field; then 2 of 3 units of the first line, into East.
    await page.locator('[data-testid=review-accepted]').first().fill('2');
    await page.click('[data-testid=review-approve]');
    await page.locator('[data-testid=field-error][data-code=WAREHOUSE_REQUIRED]').waitFor({ timeout: 15_000 });
    await expectNoA11yViolations(page, 'console return review');
    await page.selectOption('[data-testid=review-warehouse]', 'wh_east');
    await page.fill('[data-testid=review-comment]', '第一行只接受 2 件');
    await page.click('[data-testid=review-approve]');
    await page.locator('[data-testid=return-detail][data-status=APPROVED]').waitFor({ timeout: 15_000 });
    expect(await cells(page, 'line-accepted')).toEqual(['2', '2']);
    expect(await page.getByTestId('return-review-comment').innerText()).toBe('第一行只接受 2 件');
    await page.getByTestId('return-notice').waitFor();
    // HQ may receive too, but this one is the East operator's.
    await page.getByTestId('receive-form').waitFor();
    await screenshot(page, 'console-return-approved');

    // The operator: returns in its navigation, the approved one waiting; receives line 2 into quarantine.
    const op = await signedIn('wh_east_op');
    const nav = await op
      .locator('nav .link')
      .evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
    expect(nav).toContain('/console/returns');
    await op.goto(`${base}/console/returns`);
    const opRow = op.locator(`[data-testid=return-row][data-return-id="${returnId}"]`);
    await opRow.waitFor({ timeout: 20_000 });
    await expectNoA11yViolations(op, 'console returns queue (operator)');
    await opRow.locator('[data-testid=return-open]').click();
    await op.locator('[data-testid=return-detail][data-status=APPROVED]').waitFor({ timeout: 15_000 });
    expect(await op.getByTestId('review-form').count()).toBe(0);
    expect(
      await op
        .locator('[data-testid=receive-quantity]')
        .evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value)),
    ).toEqual(['2', '2']);
    await op.locator('[data-testid=receive-disposition]').nth(1).selectOption('QUARANTINE');
    await expectNoA11yViolations(op, 'console return receive');
    await op.click('[data-testid=receive-submit]');
    await op.locator('[data-testid=return-detail][data-status=CREDITED]').waitFor({ timeout: 30_000 });
    expect(await cells(op, 'line-received')).toEqual(['2', '2']);
    expect(
      await op
        .locator('[data-testid=line-disposition]')
        .evaluateAll((xs) => xs.map((x) => x.getAttribute('data-disposition'))),
    ).toEqual(['SELLABLE', 'QUARANTINE']);

    // The credit, to the fen: 2 of 3 units of the first line by the parts rule (kit `partValue`), all of the second.
    const expected = partFen(fen(a.line.value!.amount), 3, 0, 2) + fen(b.line.value!.amount);
    const api = (await ok(RETURN, { id: returnId }, hq)).returnRequest;
    expect(api.status).toBe('CREDITED');
    expect(fen(api.credited.amount)).toBe(expected);
    expect(await op.getByTestId('return-credited').innerText()).toBe(displayed(expected));
    expect(await op.getByTestId('return-credit-note').count()).toBe(0);
    await screenshot(op, 'console-return-credited');
    await expectNoA11yViolations(op, 'console return credited (operator)');
    const quarantinedProduct = api.lines[1].product.id as string;
    const stock = await ok(QUARANTINED, { productId: quarantinedProduct }, hq);
    expect(stock.stockLevels.edges[0].node.quarantined).toBeGreaterThanOrEqual(2);

    // HQ sees the credit note and follows it to the invoice it reverses.
    const notes = (await ok(CREDIT_NOTES, { dealerId: await dealerOf(nj) }, hq)).creditNotes.edges
      .map(
        (e: { node: { number: string; reason: string; amount: { amount: string }; invoice: { id: string } } }) =>
          e.node,
      )
      .filter((n: { reason: string }) => n.reason.startsWith(`${number} `));
    expect(notes).toHaveLength(1);
    expect(fen(notes[0].amount.amount)).toBe(expected);
    await page.reload();
    await page.locator('[data-testid=return-detail][data-status=CREDITED]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('return-credit-note').innerText()).toContain(notes[0].number);
    expect(await page.getByTestId('return-credited').innerText()).toBe(displayed(expected));
    expect(
      await page
        .locator('[data-testid=return-timeline] li')
        .evaluateAll((xs) => xs.map((x) => x.getAttribute('data-done'))),
    ).toEqual(['true', 'true', 'true', 'true']);
    await expectNoA11yViolations(page, 'console return credited');
    await page.click('[data-testid=return-credit-invoice]');
    await page.locator(`[data-testid=invoice-detail]`).waitFor({ timeout: 15_000 });
    expect(page.url()).toContain(`/console/finance/invoices/${notes[0].invoice.id}`);
    await page.getByTestId('invoice-credit-notes').getByText(notes[0].number).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
  });

  /** The dealer id of a dealer user's token. */
  async function dealerOf(token: string): Promise<string> {
    return (await t.gql('{ me { dealer { id } } }', {}, token)).data.me.dealer.id as string;
  }
});
