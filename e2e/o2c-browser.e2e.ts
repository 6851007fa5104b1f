// Order to cash through both apps in Chromium, against the real platform on SQLite (the built apps
// under /console/ and /store/): HQ ships the dealer's order from the console's warehouse queue while
// the dealer's order page is open (the tracking number arrives live), the dealer confirms receipt,
// sees the invoice, confirms the month's statement, the finance clerk imports the bank file paying
// it, and the dealer's open account page shows the available credit restored, live. Every step
// asserts what the page shows against the API and saves a screenshot (test-results/screenshots);
// axe on every page.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { bankCsv, businessDate, DEMO_BANK_ACCOUNT, fen, QUOTED_EXPORT, yuan } from './support/o2c.js';
import { orderInvoices, type OrderInvoice } from './support/o2c-fixtures.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        status
        dealer {
          id
        }
        shipments {
          id
          warehouse {
            id
          }
        }
      }
      errors {
        code
        message
      }
    }
  }
`;
const ACCOUNT = /* GraphQL */ `
  {
    myCreditAccount {
      used {
        amount
      }
      held {
        amount
      }
      available {
        amount
      }
    }
  }
`;
const STATEMENT = /* GraphQL */ `
  query Statement($dealerId: ID!, $period: YearMonth!) {
    statement(dealerId: $dealerId, period: $period) {
      status
      invoicesTotal {
        amount
      }
      closingBalance {
        amount
      }
    }
  }
`;

interface Order {
  id: string;
  dealer: { id: string };
  shipments: { id: string; warehouse: { id: string } }[];
}

/** The month the test's statement is issued for (see `backdateInvoices`). */
const STATEMENT_PERIOD = '2020-01';

describe('order to cash in the browser: console and storefront (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = new URL(t.platform.gatewayUrl).origin;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  /** A storefront page signed in as `username`. */
  async function store(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/store/login`);
    await page.getByTestId('login-username').fill(username, { timeout: 15_000 });
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.includes('login'), { timeout: 15_000 });
    return page;
  }
  let step = 0;
  async function check(page: Page, name: string): Promise<void> {
    step += 1;
    await screenshot(page, `o2c-browser-${String(step).padStart(2, '0')}-${name}`);
    await expectNoA11yViolations(page, `o2c ${name}`);
  }
  const amountOf = (page: Page, testId: string) => page.getByTestId(testId).first().getAttribute('data-amount');
  /** Marks the page so a later check can tell it was not reloaded (the update came live). */
  const markLive = (page: Page) => page.evaluate(() => ((window as unknown as { __live: number }).__live = 1));
  const stillLive = (page: Page) => page.evaluate(() => (window as unknown as { __live?: number }).__live);

  /** HQ in the console: the shipment's row in its warehouse's queue (paging forward), then the ship form. */
  async function shipInConsole(hq: Page, shipment: Order['shipments'][number], tracking: string): Promise<void> {
    await hq.goto(`${base}/console/warehouse?warehouse=${shipment.warehouse.id}`);
    await hq.locator('[data-testid=queue-table]').waitFor({ timeout: 20_000 });
    const row = hq.locator(`[data-testid=queue-row][data-shipment-id="${shipment.id}"]`);
    // First made first: seeded shipments come before the new one.
    for (let pages = 0; !(await row.count()); pages++) {
      expect(pages, 'the shipment is in its warehouse queue').toBeLessThan(40);
      const last = await hq.locator('[data-testid=queue-row]').last().getAttribute('data-shipment-id');
      await hq.click('[data-testid=pager-next]');
      await hq.locator(`[data-testid=queue-row][data-shipment-id="${last}"]`).waitFor({ state: 'detached' });
    }
    await check(hq, 'console-queue');
    await row.locator('[data-testid=queue-open]').click();
    await hq.locator('[data-testid=ship-form]').waitFor({ timeout: 15_000 });
    await hq.fill('[data-testid=ship-carrier]', '顺丰速运');
    await hq.fill('[data-testid=ship-tracking]', tracking);
    await check(hq, 'console-ship-form');
    await hq.click('[data-testid=ship-submit]');
    await hq.waitForURL(/\/console\/warehouse\?.*shipped=/, { timeout: 20_000 });
    await hq.locator('[data-testid=queue-shipped]').waitFor();
    expect(await row.count()).toBe(0);
  }

  /**
   * The month-end cannot wait for the month to end (and last month was closed by finance's month-end
   * job at start-up): the order's invoices are moved into a month long before any seeded document, as
   * if issued then. That month was never run, so running it issues one statement: exactly these.
   */
  function backdateInvoices(invoices: readonly OrderInvoice[], period: string): void {
    const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
    const db = new DatabaseSync(join(t.dataDir!, 'finance.sqlite'));
    try {
      db.exec('pragma busy_timeout = 5000');
      const update = db.prepare('update invoice set period = ? where id = ?');
      for (const i of invoices) expect(update.run(period, i.id).changes).toBe(1);
    } finally {
      db.close();
    }
  }

  // Long because: one order's whole way from the warehouse to the cash, each step on both screens.
  it('ships, receives, invoices, confirms the statement, imports the payment and restores credit', async () => {
    const nj = await t.login('nj_admin');
    const hqToken = await t.login('hq_admin');
    const available0 = (await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount.available.amount as string;
    const placed = await t.gql(
      PLACE,
      { input: { idempotencyKey: `e2e-o2c-browser-${randomUUID()}`, lines: [{ sku: 'JH-MLK-0070', quantity: 3 }] } },
      nj,
    );
    expect(placed.data?.placeOrder.errors, JSON.stringify(placed)).toEqual([]);
    expect(placed.data.placeOrder.order.status).toBe('APPROVED');
    const order = placed.data.placeOrder.order as Order;

    // 1. The dealer's order page: picking, no tracking number yet.
    const dealer = await store('nj_admin');
    await dealer.goto(`${base}/store/orders/${order.id}`);
    await dealer.locator('[data-testid=shipment][data-status=PICKING]').first().waitFor({ timeout: 15_000 });
    expect(await dealer.getByTestId('shipment-tracking').count()).toBe(0);
    await markLive(dealer);
    await check(dealer, 'store-order-picking');

    // 2. HQ ships every part from the console's queue; the open order page shows each tracking number.
    const hq = await signedInConsole(browser, base, 'hq_admin', contexts);
    const tracking = order.shipments.map((_, i) => `SF${Date.now()}${i}`);
    for (const [i, s] of order.shipments.entries()) await shipInConsole(hq, s, tracking[i]!);
    for (const number of tracking) {
      await dealer.locator('[data-testid=shipment-tracking]', { hasText: number }).waitFor({ timeout: 15_000 });
    }
    expect(await stillLive(dealer)).toBe(1);
    expect(await dealer.locator('[data-testid=shipment][data-status=SHIPPED]').count()).toBe(order.shipments.length);
    expect(await dealer.locator('[data-testid=shipments]').innerText()).toContain('顺丰速运');
    await check(dealer, 'store-order-shipped');

    // 3. The dealer confirms receipt of every part, all received, none damaged.
    for (const s of order.shipments) {
      const card = dealer.locator(`[data-testid=shipment][data-id="${s.id}"]`);
      await card.getByTestId('shipment-receive').click();
      await card.getByTestId('receipt-form').waitFor();
      await card.getByTestId('receipt-submit').click();
      await dealer
        .locator(`[data-testid=shipment][data-id="${s.id}"][data-status=DELIVERED]`)
        .waitFor({ timeout: 15_000 });
    }
    await check(dealer, 'store-order-delivered');

    // 4. The invoices: on the order page and the invoice page, the API's numbers and amounts.
    const invoices = await orderInvoices(t, order, nj);
    const total = invoices.reduce((sum, i) => sum + fen(i.amount.amount), 0);
    await dealer.reload();
    for (const inv of invoices) {
      await dealer
        .locator(`[data-testid=order-invoices] [data-testid=invoice-row][data-number="${inv.number}"]`)
        .waitFor({ timeout: 15_000 });
    }
    const invoice = invoices[0]!;
    await dealer.goto(`${base}/store/invoices/${invoice.id}`);
    await dealer.getByTestId('invoice-detail').waitFor({ timeout: 15_000 });
    expect(await dealer.getByTestId('invoice-number').textContent()).toBe(invoice.number);
    expect(await amountOf(dealer, 'invoice-amount')).toBe(invoice.amount.amount);
    expect(await amountOf(dealer, 'invoice-outstanding')).toBe(invoice.outstanding.amount);
    await check(dealer, 'store-invoice');

    // The account: the invoiced amount is drawn from the credit.
    await dealer.goto(`${base}/store/account`);
    await dealer.getByTestId('account-figures').waitFor({ timeout: 15_000 });
    expect(await amountOf(dealer, 'account-available')).toBe(yuan(fen(available0) - total));
    expect(await amountOf(dealer, 'account-held')).toBe(
      (await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount.held.amount,
    );
    await check(dealer, 'store-account-invoiced');

    // 5. Month-end: the clerk runs last month's statements in the console; the dealer confirms.
    const period = STATEMENT_PERIOD;
    backdateInvoices(invoices, period);
    const clerk = await signedInConsole(browser, base, 'fin_clerk', contexts);
    await clerk.goto(`${base}/console/finance/statements?period=${period}`);
    await clerk.locator('[data-testid=statements-table], [data-testid=state-empty]').first().waitFor({
      timeout: 20_000,
    });
    await clerk.click('[data-testid=statements-run]');
    const notice = clerk.locator('[data-testid=statements-notice]');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain(`已出具 ${period} 的 1 份对账单`);
    await check(clerk, 'console-statements');
    const issued = (await t.gql(STATEMENT, { dealerId: order.dealer.id, period }, nj)).data.statement;
    expect(issued.status).toBe('ISSUED');
    expect(issued.invoicesTotal.amount).toBe(yuan(total));
    expect(issued.closingBalance.amount).toBe(yuan(total));
    // The dealer's statement in the console: issued, with the API's closing balance.
    const consoleStatement = `${base}/console/finance/statements/${order.dealer.id}/${period}`;
    const figure = (page: Page, f: string) =>
      page
        .getByTestId(`statement-${f}`)
        .innerText()
        .then((text) => text.replace(/[^\d.-]/g, ''));
    await clerk.goto(consoleStatement);
    await clerk.getByTestId('statement-detail').waitFor({ timeout: 15_000 });
    await clerk.locator('[data-testid=statement-detail] [data-status=ISSUED]').first().waitFor();
    expect(await figure(clerk, 'closingBalance')).toBe(issued.closingBalance.amount);
    await check(clerk, 'console-statement-issued');

    await dealer.goto(`${base}/store/statements/${period}`);
    const detail = dealer.getByTestId('statement-detail');
    await detail.waitFor({ timeout: 15_000 });
    expect(await detail.getAttribute('data-status')).toBe('ISSUED');
    expect(await amountOf(dealer, 'statement-invoicesTotal')).toBe(issued.invoicesTotal.amount);
    expect(await amountOf(dealer, 'statement-closingBalance')).toBe(issued.closingBalance.amount);
    for (const inv of invoices) {
      await dealer.locator('[data-testid=statement-line]', { hasText: inv.number }).waitFor();
    }
    await check(dealer, 'store-statement-issued');
    await dealer.getByTestId('statement-confirm').click();
    await dealer.locator('[data-testid=statement-detail][data-status=CONFIRMED]').waitFor({ timeout: 15_000 });
    await dealer.locator('[data-testid=statement-event][data-action=CONFIRMED]').waitFor({ timeout: 15_000 });
    await check(dealer, 'store-statement-confirmed');
    const confirmed = (await t.gql(STATEMENT, { dealerId: order.dealer.id, period }, hqToken)).data.statement;
    expect(confirmed.status).toBe('CONFIRMED');
    // HQ's side sees it confirmed.
    await clerk.reload();
    await clerk.locator('[data-testid=statement-detail] [data-status=CONFIRMED]').first().waitFor({ timeout: 15_000 });

    // 6. The dealer's account page stays open; the clerk imports the bank file paying every invoice.
    await dealer.goto(`${base}/store/account`);
    await dealer.getByTestId('account-figures').waitFor({ timeout: 15_000 });
    await markLive(dealer);
    const serials = invoices.map((_, i) => `ICBC${Date.now()}${i}`);
    const csv = bankCsv(
      invoices.map((inv, i) => ({
        date: businessDate(),
        amount: Number(inv.outstanding.amount).toLocaleString('en-US', { minimumFractionDigits: 2 }),
        payerName: '南京经销商有限公司',
        payerAccount: '6217 0000 3333 4444',
        summary: `支付货款 ${inv.number.replaceAll('-', '')}`,
        serial: serials[i],
      })),
      QUOTED_EXPORT,
    );
    await clerk.goto(`${base}/console/finance/bank-imports`);
    await clerk.locator('[data-testid=bank-import-form]').waitFor({ timeout: 15_000 });
    await clerk.setInputFiles('[data-testid=bank-import-file]', {
      name: `交易明细-${businessDate()}.csv`,
      mimeType: 'text/csv',
      buffer: csv,
    });
    await clerk.fill('[data-testid=bank-import-account]', DEMO_BANK_ACCOUNT);
    await clerk.click('[data-testid=bank-import-submit]');
    await clerk.locator('[data-testid=bank-import-done]').waitFor({ timeout: 20_000 });
    const count = (key: string) => clerk.getAttribute(`[data-testid=bank-import-${key}]`, 'data-count');
    expect(await count('imported')).toBe(String(invoices.length));
    expect(await count('matched')).toBe(String(invoices.length));
    expect(await count('unmatched')).toBe('0');
    await clerk.locator('[data-testid=bank-import-row]').first().waitFor({ timeout: 15_000 });
    await check(clerk, 'console-bank-import');

    // 7. The account page, without a reload: the payment notice and the credit back where it was.
    await dealer.getByTestId('account-payment-live').waitFor({ timeout: 15_000 });
    await expect.poll(() => amountOf(dealer, 'account-available'), { timeout: 15_000 }).toBe(available0);
    expect(await stillLive(dealer)).toBe(1);
    expect((await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount.available.amount).toBe(available0);
    for (const serial of serials) {
      await dealer.locator('[data-testid=account-payment]', { hasText: serial }).waitFor({ timeout: 15_000 });
    }
    await check(dealer, 'store-account-restored');
    for (const inv of invoices) {
      const res = await t.gql(`query ($id: ID!) { invoice(id: $id) { outstanding { amount } } }`, { id: inv.id }, nj);
      expect(res.data.invoice.outstanding.amount).toBe('0.00');
    }
  });
});
