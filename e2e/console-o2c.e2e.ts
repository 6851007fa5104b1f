import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// The console's order-to-cash pages (console-hq/dist under /console/) against the real platform:
// a warehouse operator ships a shipment from the queue while a second queue page watches it leave
// live; a finance clerk records a payment; the invoices, statements and aging pages render. Axe on
// every page, screenshots in test-results/screenshots.

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
          trackingNumber
          warehouse {
            id
          }
        }
      }
    }
  }
`;
const PAYMENTS = /* GraphQL */ `
  query ($dealerId: ID!) {
    payments(first: 50, filter: { dealerId: $dealerId }) {
      edges {
        node {
          reference
          amount {
            amount
          }
        }
      }
    }
  }
`;

interface ShipmentRow {
  id: string;
  status: string;
  trackingNumber: string | null;
  warehouse: { id: string };
}

describe('HQ console: warehouse queue and finance pages', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  let hqToken: string;
  let njId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A boot of its own: the queue test wants its order allocated to wh_east or wh_hq, which the shared
    // platform's earlier files can have emptied of its product (CI saw it go to wh_central).
    [t, browser] = await Promise.all([bootPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    hqToken = await t.login('hq_admin');
    const nj = await t.login('nj_admin');
    njId = (await t.gql('{ me { dealer { id } } }', {}, nj)).data.me.dealer.id as string;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  /** A fresh browser context signed in as `username`, on the page it lands on. */
  async function signedIn(username: string): Promise<Page> {
    return signedInConsole(browser, base, username, contexts);
  }

  /** Waits for a list page to settle: its table, or its empty state. */
  const settled = (page: Page, table: string) =>
    page.locator(`[data-testid=${table}], [data-testid=state-empty]`).first().waitFor({ timeout: 20_000 });

  /** The shipments of a fresh order placed by nj_admin (small: approved at once). */
  async function orderShipments(): Promise<ShipmentRow[]> {
    const placed = await t.gql(
      PLACE,
      { input: { idempotencyKey: `e2e-o2c-${Date.now()}`, lines: [{ sku: 'JH-MLK-0070', quantity: 2 }] } },
      await t.login('nj_admin'),
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeOrder.errors).toEqual([]);
    expect(placed.data.placeOrder.order.status).toBe('APPROVED');
    const res = await t.gql(SHIPMENTS, { orderId: placed.data.placeOrder.order.id }, hqToken);
    return (res.data.shipments.edges as { node: ShipmentRow }[]).map((e) => e.node);
  }

  // Long because: one shipment's way through two operators' screens (queue, detail, slip, ship, live removal).
  it('an operator ships from the queue; the row leaves a second open queue page live', async () => {
    const shipments = await orderShipments();
    const shipment = shipments.find((s) => ['wh_east', 'wh_hq'].includes(s.warehouse.id) && s.status === 'PICKING');
    expect(shipment, JSON.stringify(shipments)).toBeDefined();
    const queueUrl = `${base}/console/warehouse?warehouse=${shipment!.warehouse.id}`;
    const row = (p: Page) => p.locator(`[data-testid=queue-row][data-shipment-id="${shipment!.id}"]`);

    const [a, b] = [await signedIn('wh_east_op'), await signedIn('wh_east_op')];
    const nav = await a
      .locator('nav .link')
      .evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
    expect(nav).toEqual(['/console/stock', '/console/warehouse', '/console/returns']);
    // The queue is first made first over seeded shipments too: page forward to the new one.
    for (const p of [a, b]) {
      await p.goto(queueUrl);
      await p.locator('[data-testid=queue-table]').waitFor({ timeout: 20_000 });
      for (let i = 0; i < 40 && !(await row(p).count()); i++) {
        const first = await p.locator('[data-testid=queue-row]').first().getAttribute('data-shipment-id');
        await p.click('[data-testid=pager-next]');
        await p.waitForFunction(
          (id) => document.querySelector('[data-testid=queue-row]')?.getAttribute('data-shipment-id') !== id,
          first,
          { timeout: 15_000 },
        );
      }
      await row(p).waitFor({ timeout: 5_000 });
    }
    expect(await a.locator('[data-testid=state-error]').count()).toBe(0);
    await screenshot(a, 'console-o2c-queue');
    await expectNoA11yViolations(a, 'console warehouse queue');

    // The shipment: pick list and ship form; the packing slip prints the consignee.
    await row(a).locator('[data-testid=queue-open]').click();
    await a.locator('[data-testid=shipment-detail]').waitFor({ timeout: 15_000 });
    expect(await a.locator('[data-testid=pick-row]').count()).toBeGreaterThan(0);
    await a.click('[data-testid=packing-slip-link]');
    await a.locator('[data-testid=packing-slip]').waitFor({ timeout: 15_000 });
    expect(await a.locator('[data-testid=slip-line]').count()).toBeGreaterThan(0);
    await screenshot(a, 'console-o2c-packing-slip');
    await expectNoA11yViolations(a, 'console packing slip');
    await a.goBack();
    await a.locator('[data-testid=ship-form]').waitFor({ timeout: 15_000 });

    // Refusals come back at their fields by code; nothing ships.
    await a.click('[data-testid=ship-submit]');
    await a.locator('[data-testid=field-error][data-code=CARRIER_INVALID]').waitFor({ timeout: 15_000 });
    expect(await a.locator('[data-testid=field-error][data-code=TRACKING_NUMBER_INVALID]').count()).toBe(1);
    await screenshot(a, 'console-o2c-ship-form');
    await expectNoA11yViolations(a, 'console ship form');

    const tracking = `SF${Date.now()}`;
    await a.fill('[data-testid=ship-carrier]', 'SF Express');
    await a.fill('[data-testid=ship-tracking]', tracking);
    await a.click('[data-testid=ship-submit]');
    await a.waitForURL(/\/console\/warehouse\?.*shipped=/, { timeout: 20_000 });
    await a.locator('[data-testid=queue-shipped]').waitFor();

    // The second page: the row leaves without a reload, with a notice.
    await row(b).waitFor({ state: 'detached', timeout: 20_000 });
    await b.locator('[data-testid=queue-live]').waitFor({ timeout: 5_000 });
    await screenshot(b, 'console-o2c-queue-live');
    const shipped = await t.gql(
      `query ($id: ID!) { shipment(id: $id) { status trackingNumber } }`,
      {
        id: shipment!.id,
      },
      hqToken,
    );
    expect(shipped.data.shipment).toEqual({ status: 'SHIPPED', trackingNumber: tracking });
  });

  // Long because: the clerk's round of the finance pages, each checked with axe.
  it('a clerk records a payment; invoices, statements and aging render', async () => {
    const page = await signedIn('fin_clerk');
    const nav = await page
      .locator('nav .link')
      .evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
    expect(nav).toEqual([
      '/console/dealers',
      '/console/finance/invoices',
      '/console/finance/payments',
      '/console/finance/statements',
      '/console/finance/bank-lines',
      '/console/finance/bank-imports',
      '/console/finance/aging',
      '/console/finance/credit-changes',
      '/console/rebates/policies',
      '/console/rebates/settlements',
    ]);

    await page.goto(`${base}/console/finance/payments`);
    await settled(page, 'payments-table');
    await page.click('[data-testid=payment-open]');
    const reference = `E2E-${Date.now()}`;
    await page.locator('[data-testid=payment-dealer] option[value="' + njId + '"]').waitFor({ state: 'attached' });
    await page.selectOption('[data-testid=payment-dealer]', njId);
    await page.fill('[data-testid=payment-amount]', '0');
    await page.fill('[data-testid=payment-reference]', reference);
    await page.click('[data-testid=payment-submit]');
    await page.locator('[data-code=AMOUNT_NOT_POSITIVE]').waitFor({ timeout: 15_000 });
    await expectNoA11yViolations(page, 'console payment form');
    await page.fill('[data-testid=payment-amount]', '123.45');
    await page.click('[data-testid=payment-submit]');
    await page.locator('[data-testid=payment-recorded]').waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid=payment-row][data-reference="${reference}"]`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-o2c-payments');
    await expectNoA11yViolations(page, 'console payments');
    const paid = await t.gql(PAYMENTS, { dealerId: njId }, hqToken);
    const mine = (paid.data.payments.edges as { node: { reference: string; amount: { amount: string } } }[]).filter(
      (e) => e.node.reference === reference,
    );
    expect(mine.map((e) => e.node.amount.amount)).toEqual(['123.45']);

    await page.goto(`${base}/console/finance/invoices`);
    await settled(page, 'invoices-table');
    await screenshot(page, 'console-o2c-invoices');
    await expectNoA11yViolations(page, 'console invoices');
    const firstInvoice = page.locator('[data-testid=invoice-row] a').first();
    if (await firstInvoice.count()) {
      await firstInvoice.click();
      await page.locator('[data-testid=invoice-detail]').waitFor({ timeout: 15_000 });
      await expectNoA11yViolations(page, 'console invoice');
    }

    await page.goto(`${base}/console/finance/statements`);
    await settled(page, 'statements-table');
    await page.click('[data-testid=statements-run]');
    await page.locator('[data-testid=statements-notice]').waitFor({ timeout: 30_000 });
    await settled(page, 'statements-table');
    await screenshot(page, 'console-o2c-statements');
    await expectNoA11yViolations(page, 'console statements');
    const firstStatement = page.locator('[data-testid=statement-row] a').first();
    if (await firstStatement.count()) {
      await firstStatement.click();
      await page.locator('[data-testid=statement-detail]').waitFor({ timeout: 15_000 });
      await expectNoA11yViolations(page, 'console statement');
    }

    await page.goto(`${base}/console/finance/bank-lines`);
    await settled(page, 'bank-lines');
    await screenshot(page, 'console-o2c-bank-lines');
    await expectNoA11yViolations(page, 'console bank lines');

    await page.goto(`${base}/console/finance/aging`);
    await settled(page, 'aging-table');
    await screenshot(page, 'console-o2c-aging');
    await expectNoA11yViolations(page, 'console aging');
    await page.click('[data-testid=aging-by-dealer]');
    await settled(page, 'aging-table');
    const dealer = page.locator('[data-testid=aging-dealer]').first();
    if (await dealer.count()) {
      await dealer.click();
      await page.locator('[data-testid=aging-invoices]').waitFor({ timeout: 15_000 });
    }
    await expectNoA11yViolations(page, 'console aging dealers');
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
  });
});
