// The console's bank file page (console-hq/dist under /console/) against the real platform on SQLite:
// a finance clerk uploads a GBK bank export with a bad line (refused by its line number, nothing
// written), imports the good lines (one paid by its invoice number, one left for the matching
// queue), then the same bytes again (answered as a duplicate). Axe on every state, screenshots in
// test-results/screenshots.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { bankCsv, businessDate, DEMO_BANK_ACCOUNT, QUOTED_EXPORT } from './support/o2c.js';
import { orderInvoices, type OrderInvoice } from './support/o2c-fixtures.js';
import { bootPlatform, type TestPlatform } from './support/platform.js';

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
        }
      }
      errors {
        code
        message
      }
    }
  }
`;
const SHIP = /* GraphQL */ `
  mutation Ship($input: ShipShipmentInput!) {
    shipShipment(input: $input) {
      errors {
        code
        message
      }
    }
  }
`;

/** "1234.5" as a bank prints it: "1,234.50". */
const bankAmount = (amount: string) =>
  Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('HQ console: bank file import', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A boot of its own: the page's first state is "no import yet", which a shared platform's earlier files
    // can have changed (CI saw it).
    [t, browser] = await Promise.all([bootPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  /** An open invoice of nj_admin's dealer: a fresh order, shipped by HQ through the API. */
  async function openInvoice(): Promise<OrderInvoice> {
    const nj = await t.login('nj_admin');
    const hq = await t.login('hq_admin');
    const placed = await t.gql(
      PLACE,
      { input: { idempotencyKey: `e2e-bank-${randomUUID()}`, lines: [{ sku: 'JH-MLK-0070', quantity: 2 }] } },
      nj,
    );
    expect(placed.data?.placeOrder.errors, JSON.stringify(placed)).toEqual([]);
    const order = placed.data.placeOrder.order as { id: string; dealer: { id: string }; shipments: { id: string }[] };
    for (const [i, s] of order.shipments.entries()) {
      const input = { shipmentId: s.id, carrier: '顺丰速运', trackingNumber: `SF${Date.now()}${i}` };
      const shipped = await t.gql(SHIP, { input }, hq);
      expect(shipped.data?.shipShipment.errors, JSON.stringify(shipped)).toEqual([]);
    }
    return (await orderInvoices(t, order, hq))[0]!;
  }

  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `console-bank-import-${name}`);
    await expectNoA11yViolations(page, `console bank import ${name}`);
  }

  // Long because: one file's way through refusal, partial import and duplicate, each checked on screen.
  it('refuses a bad line by number, imports the good lines, answers the same bytes as a duplicate', async () => {
    const invoice = await openInvoice();
    const page = await signedInConsole(browser, base, 'fin_clerk', contexts);
    await page.locator('nav a[href="/console/finance/bank-imports"]').click();
    await page.waitForURL(/\/console\/finance\/bank-imports$/);
    // No import yet: the empty state, and the account field waits for the clerk.
    await page.locator('[data-testid=state-empty]').waitFor({ timeout: 20_000 });
    expect(await page.inputValue('[data-testid=bank-import-account]')).toBe('');
    await check(page, 'empty');

    // Nothing chosen: refused in the page, nothing sent.
    await page.click('[data-testid=bank-import-submit]');
    await page.locator('[data-testid=bank-import-problem]').waitFor();

    const csv = bankCsv(
      [
        {
          date: businessDate(),
          amount: bankAmount(invoice.outstanding.amount),
          payerName: '南京经销商',
          payerAccount: '6217 0000 1111 2222',
          summary: `货款 ${invoice.number}`,
        },
        { date: businessDate(), amount: '12,3x', payerName: '南京经销商', payerAccount: '62170000', summary: 'x' },
        { date: businessDate(), amount: '1.23', payerName: '某某贸易', payerAccount: '62179999', summary: '往来款' },
      ],
      QUOTED_EXPORT,
    );
    const file = { name: 'icbc-交易明细.csv', mimeType: 'text/csv', buffer: csv };
    await page.setInputFiles('[data-testid=bank-import-file]', file);
    await page.fill('[data-testid=bank-import-account]', DEMO_BANK_ACCOUNT);
    await page.selectOption('[data-testid=bank-import-encoding]', 'GBK');
    await page.click('[data-testid=bank-import-submit]');

    // The bad amount on line 5 (two preamble lines, the header, then the lines): nothing written.
    const errorRows = page.locator('[data-testid=bank-import-error]');
    await errorRows.first().waitFor({ timeout: 15_000 });
    expect(await errorRows.evaluateAll((rows) => rows.map((r) => [r.dataset.line, r.dataset.code]))).toEqual([
      ['5', 'CSV_AMOUNT_INVALID'],
    ]);
    expect(await errorRows.first().innerText()).toContain('贷方发生额');
    expect(await page.locator('[data-testid=bank-imports]').count()).toBe(0);
    await check(page, 'refused');

    // The good lines: one paid by its invoice number, one left for the queue, the bad one counted.
    await page.click('[data-testid=bank-import-good]');
    await page.locator('[data-testid=bank-import-done]').waitFor({ timeout: 20_000 });
    const count = (key: string) => page.getAttribute(`[data-testid=bank-import-${key}]`, 'data-count');
    expect(await count('imported')).toBe('2');
    expect(await count('matched')).toBe('1');
    expect(await count('unmatched')).toBe('1');
    expect(await count('errors')).toBe('1');
    expect(await count('duplicates')).toBe('0');
    expect(await page.locator('[data-testid=bank-import-to-queue]').innerText()).toContain('1');
    const row = page.locator('[data-testid=bank-import-row]');
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.count()).toBe(1);
    expect(await row.first().getByTestId('bank-import-row-file').innerText()).toBe(file.name);
    expect(await row.first().getByTestId('bank-import-row-matched').innerText()).toBe('1');
    await check(page, 'imported');
    const paid = await t.gql(
      `query ($id: ID!) { invoice(id: $id) { outstanding { amount } } }`,
      { id: invoice.id },
      await t.login('hq_admin'),
    );
    expect(paid.data.invoice.outstanding.amount).toBe('0.00');

    // The same bytes again (a reload: the account now comes from the newest import): a duplicate.
    await page.reload();
    await row.first().waitFor({ timeout: 15_000 });
    expect(await page.inputValue('[data-testid=bank-import-account]')).toBe(DEMO_BANK_ACCOUNT);
    await page.setInputFiles('[data-testid=bank-import-file]', file);
    await page.selectOption('[data-testid=bank-import-encoding]', 'GBK');
    await page.click('[data-testid=bank-import-submit]');
    await page.locator('[data-testid=bank-import-good]').click({ timeout: 15_000 });
    await page.locator('[data-testid=bank-import-duplicate]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=bank-import-duplicate]').innerText()).toContain(file.name);
    expect(await row.count()).toBe(1);
    await check(page, 'duplicate');

    // The matching queue holds the unmatched line.
    await page.click('[data-testid=bank-imports-queue]');
    await page.waitForURL(/\/console\/finance\/bank-lines$/);
    await page.locator('[data-testid=bank-line][data-status=UNMATCHED]', { hasText: '某某贸易' }).waitFor({
      timeout: 15_000,
    });
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
  });
});
