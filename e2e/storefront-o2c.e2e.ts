// Order to cash in the dealer storefront (storefront-dealer/dist served at /store/) against the real
// platform on SQLite, in the system Chromium: HQ ships the dealer's order through the API while the
// dealer's order page is open (carrier and tracking number appear live), the dealer confirms receipt
// in the page (a refusal first, shown at its field), the invoice and the account show the API's
// amounts, a payment recorded by HQ arrives live on the account page; axe on every page. The account
// page, open while the order is placed and shipped, follows its credit live (held, then invoiced); the
// invoice page shows its lines, VAT per rate and what settled it; the order page its payment status.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { businessMonth, fen } from './support/o2c.js';
import { orderInvoices } from './support/o2c-fixtures.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

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
        total {
          amount
        }
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
      openReceivables {
        amount
      }
      overdue {
        amount
      }
      balance {
        amount
      }
      available {
        amount
      }
    }
  }
`;
const INVOICE_DETAIL = /* GraphQL */ `
  query InvoiceDetail($id: ID!) {
    invoice(id: $id) {
      status
      outstanding {
        amount
      }
      net {
        amount
      }
      tax {
        amount
      }
      lines {
        sku
        quantity
        taxClass
        net {
          amount
        }
        tax {
          amount
        }
        gross {
          amount
        }
      }
      taxSummary {
        taxClass
        tax {
          amount
        }
      }
    }
  }
`;
const PAYMENT_STATUS = /* GraphQL */ `
  query PaymentStatus($id: ID!) {
    order(id: $id) {
      paymentStatus
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

/** The account figures the page shows, by their test id, as the API names them. */
const FIGURES = {
  'account-limit': 'limit',
  'account-used': 'used',
  'account-held': 'held',
  'account-receivables': 'openReceivables',
  'account-overdue': 'overdue',
  'account-balance': 'balance',
  'account-available': 'available',
} as const;
type Account = Record<(typeof FIGURES)[keyof typeof FIGURES], { amount: string }>;

interface InvoiceLine {
  sku: string;
  quantity: number;
  taxClass: 'STANDARD' | 'REDUCED' | 'ZERO';
  net: { amount: string };
  tax: { amount: string };
  gross: { amount: string };
}
/** The tax classes as the store names them in Chinese (its default language). */
const TAX_CLASS_ZH = { STANDARD: '标准税率', REDUCED: '低税率', ZERO: '零税率' } as const;

describe('storefront order to cash (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const booting = bootSharedPlatform('sqlite', { apps: true });
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
  /** Every figure on the account page, as its data-amount, by the API's field name. */
  async function figuresOn(page: Page): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (const [testId, field] of Object.entries(FIGURES)) out[field] = await amountOf(page, testId);
    return out;
  }
  const apiFigures = (a: Account) => Object.fromEntries(Object.values(FIGURES).map((f) => [f, a[f].amount]));
  /** The dealer's account as the API has it now. */
  async function accountNow(token: string): Promise<Account> {
    const res = await t.gql(ACCOUNT, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data.myCreditAccount as Account;
  }

  /** The invoice page shows the API's lines (product, quantity, tax class, net, VAT, gross) and VAT per rate. */
  async function expectInvoiceLines(page: Page, invoiceId: string, token: string): Promise<void> {
    const res = await t.gql(INVOICE_DETAIL, { id: invoiceId }, token);
    expect(res.errors).toBeUndefined();
    const inv = res.data.invoice;
    expect(inv.lines.length).toBeGreaterThan(0);
    expect(await amountOf(page, 'invoice-net')).toBe(inv.net.amount);
    expect(await amountOf(page, 'invoice-tax')).toBe(inv.tax.amount);
    const rows = page.getByTestId('invoice-line');
    expect(await rows.count()).toBe(inv.lines.length);
    for (const [i, line] of (inv.lines as InvoiceLine[]).entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-sku')).toBe(line.sku);
      expect(await row.getAttribute('data-quantity')).toBe(String(line.quantity));
      expect(await row.getAttribute('data-tax-class')).toBe(line.taxClass);
      expect(await row.textContent()).toContain(line.sku);
      expect(await row.textContent()).toContain(TAX_CLASS_ZH[line.taxClass]);
      expect(await row.getByTestId('invoice-line-net').getAttribute('data-amount')).toBe(line.net.amount);
      expect(await row.getByTestId('invoice-line-tax').getAttribute('data-amount')).toBe(line.tax.amount);
      expect(await row.getByTestId('invoice-line-gross').getAttribute('data-amount')).toBe(line.gross.amount);
    }
    const rates = page.getByTestId('invoice-tax-rate');
    expect(await rates.count()).toBe(inv.taxSummary.length);
    for (const [i, r] of (inv.taxSummary as { taxClass: string; tax: { amount: string } }[]).entries()) {
      expect(await rates.nth(i).getAttribute('data-tax-class')).toBe(r.taxClass);
      expect(await rates.nth(i).getAttribute('data-tax')).toBe(r.tax.amount);
    }
  }

  // Long because: one order's journey from shipment to payment, each step checking the page the
  // previous one left.
  it('ships live to the open order page, confirms receipt, shows the invoice and the account', async () => {
    const nj = await t.login('nj_admin');
    const hq = await t.login('hq_admin');
    const beforeOrder = await accountNow(nj);
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
      total: { amount: string };
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

    // The account page, open from here on: the order's credit is held.
    const acct = await context.newPage();
    await acct.goto(`${base}/store/account`);
    await acct.getByTestId('account-figures').waitFor({ timeout: 10_000 });
    const held = await accountNow(nj);
    expect(fen(held.held.amount) - fen(beforeOrder.held.amount)).toBe(fen(order.total.amount));
    expect(await figuresOn(acct)).toEqual(apiFigures(held));

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
    const invoices = await orderInvoices(t, order, nj);
    // Shipped in full: the hold became receivables, and the account page (not reloaded) followed live.
    const invoiced = invoices.reduce((sum, i) => sum + fen(i.amount.amount), 0);
    expect(invoiced).toBe(fen(order.total.amount));
    let shipped = held;
    await expect
      .poll(
        async () => {
          shipped = await accountNow(nj);
          return [fen(shipped.used.amount) - fen(held.used.amount), fen(held.held.amount) - fen(shipped.held.amount)];
        },
        { timeout: 15_000, interval: 250 },
      )
      .toEqual([invoiced, invoiced]);
    await expect.poll(() => figuresOn(acct), { timeout: 15_000 }).toEqual(apiFigures(shipped));
    const f = await figuresOn(acct);
    expect(fen(f.available!)).toBe(fen(f.limit!) - fen(f.used!) - fen(f.held!) + fen(f.balance!));
    expect(f.openReceivables).toBe(f.used);
    await check(acct, 'account-shipped');
    await acct.close();
    await page.reload();
    for (const inv of invoices) {
      await page
        .locator(`[data-testid=order-invoices] [data-testid=invoice-row][data-number="${inv.number}"]`)
        .waitFor({
          timeout: 10_000,
        });
    }
    expect(await page.getByTestId('order-payment-status').getAttribute('data-status')).toBe('UNPAID');
    await check(page, 'order-delivered');
    const invoice = invoices[0]!;
    await page.goto(`${base}/store/invoices/${invoice.id}`);
    await page.getByTestId('invoice-detail').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('invoice-number').textContent()).toBe(invoice.number);
    expect(await amountOf(page, 'invoice-amount')).toBe(invoice.amount.amount);
    expect(await amountOf(page, 'invoice-outstanding')).toBe(invoice.outstanding.amount);
    await expectInvoiceLines(page, invoice.id, nj);
    await page.getByTestId('invoice-allocations-none').waitFor();
    await check(page, 'invoice');

    await page.goto(`${base}/store/invoices`);
    await page.locator(`[data-testid=invoice-row][data-number="${invoice.number}"]`).waitFor({ timeout: 10_000 });
    await check(page, 'invoices');

    // The account: the API's figures; a payment recorded by HQ arrives live.
    const account = (await t.gql(ACCOUNT, {}, nj)).data.myCreditAccount;
    await page.goto(`${base}/store/account`);
    await page.getByTestId('account-figures').waitFor({ timeout: 10_000 });
    expect(await figuresOn(page)).toEqual(apiFigures(account));
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
    expect(await figuresOn(page)).toEqual(apiFigures(after));
    await check(page, 'account-payment-live');

    // The paid invoice: settled by the payment, nothing outstanding; the order's payment status follows.
    await page.goto(`${base}/store/invoices/${invoice.id}`);
    const allocation = page.locator('[data-testid=invoice-allocation][data-source=PAYMENT]');
    await allocation.waitFor({ timeout: 10_000 });
    expect(await allocation.getAttribute('data-amount')).toBe(invoice.outstanding.amount);
    expect(await allocation.textContent()).toContain(`E2E-${invoice.number}`);
    expect(await amountOf(page, 'invoice-allocations-outstanding')).toBe('0.00');
    expect(await page.getByTestId('invoice-status').textContent()).toBe('已结清');
    await check(page, 'invoice-paid');
    const payStatus = (await t.gql(PAYMENT_STATUS, { id: order.id }, nj)).data.order.paymentStatus;
    expect(payStatus).toBe(invoices.length === 1 ? 'PAID' : 'PARTIALLY_PAID');
    await page.goto(`${base}/store/orders/${order.id}`);
    await page.locator(`[data-testid=order-payment-status][data-status=${payStatus}]`).waitFor({ timeout: 10_000 });

    // Statements: the list (issued months) and the open month, live.
    await page.goto(`${base}/store/statements`);
    await page.getByTestId('statement-list').waitFor({ timeout: 10_000 });
    await check(page, 'statements');
    const live = await t.gql(STATEMENT, { dealerId: order.dealer.id, period: businessMonth() }, nj);
    expect(live.errors).toBeUndefined();
    await page.getByTestId('statement-live-link').click();
    await page.waitForURL(new RegExp(`/store/statements/${businessMonth()}$`));
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
