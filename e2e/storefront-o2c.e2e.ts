// Order to cash in the dealer storefront (storefront-dealer/dist served at /store/) against the real
// platform on SQLite, in the system Chromium: HQ ships the dealer's order through the API while the
// dealer's order page is open (carrier and tracking number appear live), the dealer confirms receipt
// in the page (a refusal first, shown at its field), the invoice and the account show the API's
// amounts, a payment recorded by HQ arrives live on the account page; axe on every page.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

const SHIP = /* GraphQL */ `
  mutation Ship($input: ShipShipmentInput!) {
    shipShipment(input: $input) {
      shipment {
        id
        status
        trackingNumber
      }
      errors {
        code
        message
      }
    }
  }
`;
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
          status
        }
      }
      errors {
        code
        message
      }
    }
  }
`;
const INVOICES = /* GraphQL */ `
  query Invoices($dealerId: ID!) {
    invoices(first: 50, filter: { dealerId: $dealerId }) {
      edges {
        node {
          id
          number
          order {
            id
          }
          amount {
            amount
          }
          outstanding {
            amount
          }
        }
      }
    }
  }
`;
const ACCOUNT = /* GraphQL */ `
  {
    myCreditAccount {
      limit {
        amount
      }
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
const PAY = /* GraphQL */ `
  mutation Pay($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      errors {
        code
        message
      }
    }
  }
`;

const STATEMENT = /* GraphQL */ `
  query Statement($dealerId: ID!, $period: YearMonth!) {
    statement(dealerId: $dealerId, period: $period) {
      status
      closingBalance {
        amount
      }
    }
  }
`;

/** This business month ("2026-12"), in Beijing as finance counts months. */
const period = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

interface Invoice {
  id: string;
  number: string;
  order: { id: string } | null;
  amount: { amount: string };
  outstanding: { amount: string };
}

describe('storefront order to cash (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const booting = bootPlatform('sqlite', { apps: true });
    browser = await launchBrowser();
    t = await booting;
    base = new URL(t.platform.gatewayUrl).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** Signs in through the store's form and waits to leave the login page. */
  async function login(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/store/login`);
    await page.getByTestId('login-username').fill(username, { timeout: 15_000 });
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.includes('login'), { timeout: 15_000 });
  }
  const amountOf = (page: Page, testId: string) => page.getByTestId(testId).first().getAttribute('data-amount');
  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `storefront-o2c-${name}`);
    await expectNoA11yViolations(page, `storefront ${name}`);
  }

  // Long because: one order's journey from shipment to payment, each step checking the page the
  // previous one left.
  it('ships live to the open order page, confirms receipt, shows the invoice and the account', async () => {
    const nj = await t.login('nj_admin');
    const hq = await t.login('hq_admin');
    const placed = await t.gql(
      PLACE,
      {
        input: {
          idempotencyKey: `e2e-o2c-${randomUUID()}`,
          lines: [{ sku: 'JH-MLK-0070', quantity: 12 }],
          note: 'e2e: storefront order to cash',
        },
      },
      nj,
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeOrder.errors).toEqual([]);
    const order = placed.data.placeOrder.order as {
      id: string;
      status: string;
      dealer: { id: string };
      shipments: { id: string; status: string }[];
    };
    expect(order.status).toBe('APPROVED');
    expect(order.shipments.length).toBeGreaterThan(0);

    // The dealer opens the order: shipments picking, no tracking number yet.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await login(page, 'nj_admin');
    await page.goto(`${base}/store/orders/${order.id}`);
    await page.locator('[data-testid=shipment][data-status=PICKING]').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('shipment-tracking').count()).toBe(0);
    await page.evaluate(() => ((window as unknown as { __live: number }).__live = 1));
    await check(page, 'order-picking');

    // HQ ships every shipment through the API; the open page shows each tracking number, no reload.
    const tracking: string[] = [];
    for (const [i, s] of order.shipments.entries()) {
      const number = `SF${Date.now()}${i}`;
      const shipped = await t.gql(
        SHIP,
        { input: { shipmentId: s.id, carrier: '顺丰速运', trackingNumber: number } },
        hq,
      );
      expect(shipped.errors).toBeUndefined();
      expect(shipped.data.shipShipment.errors).toEqual([]);
      tracking.push(number);
    }
    for (const number of tracking) {
      await page.locator('[data-testid=shipment-tracking]', { hasText: number }).waitFor({ timeout: 10_000 });
    }
    expect(await page.evaluate(() => (window as unknown as { __live?: number }).__live)).toBe(1);
    await page.getByTestId('shipment-copy').first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tracking[0]);
    await check(page, 'order-shipped');

    // Confirm receipt of the first shipment: more damaged than received is refused at its field,
    // then in full with none damaged.
    const card = page.locator(`[data-testid=shipment][data-id="${order.shipments[0]!.id}"]`);
    await card.getByTestId('shipment-receive').click();
    await card.getByTestId('receipt-form').waitFor();
    const received = card.getByTestId('receipt-received').first();
    const damaged = card.getByTestId('receipt-damaged').first();
    const shippedUnits = Number(await received.inputValue());
    await damaged.fill(String(shippedUnits + 1));
    await card.getByTestId('receipt-submit').click();
    await card.getByTestId('receipt-error').first().waitFor({ timeout: 10_000 });
    expect(await damaged.getAttribute('aria-invalid')).toBe('true');
    await check(page, 'order-receipt-error');
    await damaged.fill('0');
    await card.getByTestId('receipt-submit').click();
    await page
      .locator(`[data-testid=shipment][data-id="${order.shipments[0]!.id}"][data-status=DELIVERED]`)
      .waitFor({ timeout: 10_000 });

    // A return of one delivered unit, from the order page.
    await page.getByTestId('order-request-return').click();
    await page.getByTestId('return-form').waitFor({ timeout: 10_000 });
    await check(page, 'return-new');
    await page.getByTestId('return-quantity').first().fill('1');
    await page.getByTestId('return-reason').selectOption('DAMAGED');
    await page.getByTestId('return-submit').click();
    await page.waitForURL(/\/store\/returns$/, { timeout: 10_000 });
    await page.locator('[data-testid=return-row]').first().waitFor({ timeout: 10_000 });
    await check(page, 'returns');
    await page.goto(`${base}/store/orders/${order.id}`);

    // The order's invoices (issued when shipped) on the order page and the invoice page.
    let invoices: Invoice[] = [];
    await expect
      .poll(
        async () => {
          const res = await t.gql(INVOICES, { dealerId: order.dealer.id }, nj);
          invoices = (res.data?.invoices.edges ?? [])
            .map((e: { node: Invoice }) => e.node)
            .filter((i: Invoice) => i.order?.id === order.id);
          return invoices.length;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(order.shipments.length);
    await page.reload();
    for (const inv of invoices) {
      await page
        .locator(`[data-testid=order-invoices] [data-testid=invoice-row][data-number="${inv.number}"]`)
        .waitFor({
          timeout: 10_000,
        });
    }
    await check(page, 'order-delivered');
    const invoice = invoices[0]!;
    await page.goto(`${base}/store/invoices/${invoice.id}`);
    await page.getByTestId('invoice-detail').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('invoice-number').textContent()).toBe(invoice.number);
    expect(await amountOf(page, 'invoice-amount')).toBe(invoice.amount.amount);
    expect(await amountOf(page, 'invoice-outstanding')).toBe(invoice.outstanding.amount);
    await check(page, 'invoice');

    await page.goto(`${base}/store/invoices`);
    await page.locator(`[data-testid=invoice-row][data-number="${invoice.number}"]`).waitFor({ timeout: 10_000 });
    await check(page, 'invoices');

    // The account: the API's figures; a payment recorded by HQ arrives live.
    const account = (await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount;
    await page.goto(`${base}/store/account`);
    await page.getByTestId('account-figures').waitFor({ timeout: 10_000 });
    expect(await amountOf(page, 'account-limit')).toBe(account.limit.amount);
    expect(await amountOf(page, 'account-receivables')).toBe(account.used.amount);
    expect(await amountOf(page, 'account-held')).toBe(account.held.amount);
    expect(await amountOf(page, 'account-available')).toBe(account.available.amount);
    await check(page, 'account');
    const paid = await t.gql(
      PAY,
      {
        input: {
          dealerId: order.dealer.id,
          idempotencyKey: `e2e-o2c-pay-${randomUUID()}`,
          amount: invoice.outstanding.amount,
          method: 'BANK_TRANSFER',
          reference: `E2E-${invoice.number}`,
          receivedOn: new Date().toISOString().slice(0, 10),
          allocations: [{ invoiceId: invoice.id, amount: invoice.outstanding.amount }],
        },
      },
      hq,
    );
    expect(paid.errors).toBeUndefined();
    expect(paid.data.recordPayment.errors).toEqual([]);
    const notice = page.getByTestId('account-payment-live');
    await notice.waitFor({ timeout: 10_000 });
    const after = (await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount;
    await expect.poll(() => amountOf(page, 'account-available'), { timeout: 10_000 }).toBe(after.available.amount);
    await page.locator('[data-testid=account-payment]', { hasText: `E2E-${invoice.number}` }).waitFor();
    await check(page, 'account-payment-live');

    // Statements: the list (issued months) and the open month, live.
    await page.goto(`${base}/store/statements`);
    await page.getByTestId('statement-list').waitFor({ timeout: 10_000 });
    await check(page, 'statements');
    const live = await t.gql(STATEMENT, { dealerId: order.dealer.id, period: period() }, nj);
    expect(live.errors).toBeUndefined();
    await page.getByTestId('statement-live-link').click();
    await page.waitForURL(new RegExp(`/store/statements/${period()}$`));
    await page
      .locator('[data-testid=statement-detail], [data-testid=statement-none], [data-testid=error-state]')
      .first()
      .waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('error-state').count()).toBe(0);
    if (live.data.statement) {
      expect(await page.getByTestId('statement-detail').getAttribute('data-status')).toBe(live.data.statement.status);
      expect(await amountOf(page, 'statement-closingBalance')).toBe(live.data.statement.closingBalance.amount);
    }
    await check(page, 'statement');
    await context.close();
  });
});
