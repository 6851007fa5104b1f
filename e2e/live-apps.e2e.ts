import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';
import { expectNoA11yViolations } from './support/a11y.js';

// Live updates in the apps (system Chromium, the built apps served by the gateway): a stock
// change made through the API appears on the open console dashboard within a second, without
// a reload; the dealer's open catalogue, product and cart pages follow availability
// (stockChanged(productIds:)); an order approved in the console updates the dealer's open order page.

const STOCK_LEVEL = /* GraphQL */ `
  query {
    stockLevels(first: 1, filter: { warehouseId: "wh_hq" }) {
      edges {
        node {
          product {
            id
            name
            sku
          }
        }
      }
    }
  }
`;
const ADJUST = /* GraphQL */ `
  mutation Adjust($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      stockLevel {
        onHand
      }
      errors {
        code
      }
    }
  }
`;
const AVAILABILITY = /* GraphQL */ `
  query ($id: ID!) {
    product(id: $id) {
      availability {
        available
      }
      stockLevels {
        id
        available
        warehouse {
          id
        }
      }
    }
  }
`;
const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        orderNumber
        status
      }
      errors {
        code
        message
      }
    }
  }
`;

describe('apps update live', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.stop();
  });

  async function newPage(width = 1366): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  /** Waits until the gateway holds at least `n` subscriptions (the page's subscribe messages arrived). */
  async function subscribed(n: number): Promise<void> {
    const health = `${base}/health`;
    await expect
      .poll(
        async () =>
          ((await (await fetch(health)).json()) as { subscriptions?: { active: number } }).subscriptions?.active ?? 0,
        { timeout: 15_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(n);
  }

  /** Marks the window, so a reload (which would drop the mark) is detected. */
  const markWindow = (page: Page) => page.evaluate(() => ((window as unknown as { __live: number }).__live = 1));
  const stillSameWindow = (page: Page) => page.evaluate(() => (window as unknown as { __live?: number }).__live === 1);

  async function login(page: Page, app: 'console' | 'store', username: string): Promise<void> {
    await page.goto(`${base}/${app}/login`);
    await page.locator('[data-testid=login-form]').waitFor({ timeout: 15_000 });
    await page.fill('[data-testid=login-username]', username);
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
  }

  it('a stock change made through the API appears on the open console dashboard within a second', async () => {
    const hq = await t.login('hq_admin');
    const before = (await t.gql('query { __typename }', {}, hq)).status;
    expect(before).toBe(200);
    const page = await newPage();
    await login(page, 'console', 'hq_admin');
    await page.goto(`${base}/console/`);
    await page.locator('[data-testid=live-stock]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=live-stock-empty]').waitFor();
    await subscribed(2); // stockChanged and orderStatusChanged (and the alerts feed's)
    await markWindow(page);

    const level = (await t.gql(STOCK_LEVEL, {}, hq)).data.stockLevels.edges[0].node;
    const res = await t.gql(
      ADJUST,
      {
        input: {
          warehouseId: 'wh_hq',
          productId: level.product.id,
          delta: 5,
          reason: 'RECEIPT',
          lotNumber: `E2E-LIVE-${randomUUID().slice(0, 8)}`,
          expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
          note: 'e2e: live dashboard',
        },
      },
      hq,
    );
    expect(res.data.adjustStock.errors).toEqual([]);
    // The acceptance bound: on screen within a second of the API's answer, without a reload.
    const row = page.locator('[data-testid=live-stock-row]', { hasText: level.product.name });
    await row.waitFor({ timeout: 1_000 });
    expect(await row.textContent()).toContain(level.product.sku);
    expect(await stillSameWindow(page)).toBe(true);
    await screenshot(page, 'live-console-dashboard');
  });

  /**
   * Counts the storefront's graphql-ws subscribe frames following `productId`; `following(seen)`
   * waits for one beyond the `seen` ones (then a moment for the gateway to register it).
   */
  function watchStockFrames(page: Page, productId: string) {
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => void sent.push(String(f.payload))));
    const frames = () => sent.filter((f) => f.includes('StoreStockLive') && f.includes(productId)).length;
    const following = async (seen: number) => {
      await expect.poll(frames, { timeout: 15_000 }).toBeGreaterThan(seen);
      await new Promise((r) => setTimeout(r, 500));
    };
    return { frames, following };
  }

  /** HQ receives `delta` units at the HQ warehouse; returns the product as the dealer's own query reads it now. */
  async function receiveAtHq(productId: string, delta: number, dealer: string) {
    const hq = await t.login('hq_admin');
    const input = {
      warehouseId: 'wh_hq',
      productId,
      delta,
      reason: 'RECEIPT',
      lotNumber: `E2E-LIVE-${randomUUID().slice(0, 8)}`,
      expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
      note: 'e2e: live storefront availability',
    };
    const res = await t.gql(ADJUST, { input }, hq);
    expect(res.data.adjustStock.errors).toEqual([]);
    return (await t.gql(AVAILABILITY, { id: productId }, dealer)).data.product;
  }

  /** The first product stocked at the HQ warehouse. */
  async function hqProduct(): Promise<{ id: string; sku: string }> {
    return (await t.gql(STOCK_LEVEL, {}, await t.login('hq_admin'))).data.stockLevels.edges[0].node.product;
  }

  it("a stock change made through the API updates the dealer's open catalogue and product pages", async () => {
    const nj = await t.login('nj_admin');
    const product = await hqProduct();
    const page = await newPage();
    const { frames, following } = watchStockFrames(page, product.id);
    await login(page, 'store', 'nj_admin');
    await page.goto(`${base}/store/catalog?q=${encodeURIComponent(product.sku)}`);
    const card = `[data-testid=product-card][data-id="${product.id}"]`;
    const badge = page.locator(`${card} [data-testid=availability]`);
    await badge.waitFor({ timeout: 15_000 });
    await following(0);
    await markWindow(page);
    const before = Number(await badge.getAttribute('data-available'));
    const afterFirst = await receiveAtHq(product.id, 7, nj);
    expect(afterFirst.availability.available).toBe(before + 7);
    await expect
      .poll(() => badge.getAttribute('data-available'), { timeout: 5_000 })
      .toBe(String(afterFirst.availability.available));
    expect(await stillSameWindow(page)).toBe(true);
    await screenshot(page, 'live-storefront-catalogue');

    // Into the product page (client-side navigation): the total and the HQ warehouse's row follow too.
    const seen = frames();
    await page.locator(`${card} [data-testid=product-name] a`).click();
    const total = page.locator('[data-testid=product-available]');
    await total.waitFor({ timeout: 15_000 });
    await following(seen);
    const afterSecond = await receiveAtHq(product.id, 3, nj);
    await expect
      .poll(() => total.getAttribute('data-available'), { timeout: 5_000 })
      .toBe(String(afterSecond.availability.available));
    const hqLevel = afterSecond.stockLevels.find((l: { warehouse: { id: string } }) => l.warehouse.id === 'wh_hq');
    const hqRow = page.locator('[data-testid=stock-level][data-warehouse="wh_hq"] .qty');
    await expect
      .poll(async () => (await hqRow.textContent())?.replace(/\D/g, ''), { timeout: 5_000 })
      .toBe(String(hqLevel.available));
    expect(await stillSameWindow(page)).toBe(true);
    await expectNoA11yViolations(page, 'storefront product page after a live stock change');
    await screenshot(page, 'live-storefront-product');
  });

  it("the open cart's stock warning clears live when a receipt covers the quantity asked", async () => {
    const nj = await t.login('nj_admin');
    const product = await hqProduct();
    const available = (await t.gql(AVAILABILITY, { id: product.id }, nj)).data.product.availability.available;
    const page = await newPage();
    const { frames, following } = watchStockFrames(page, product.id);
    await login(page, 'store', 'nj_admin');
    await page.goto(`${base}/store/products/${product.id}`);
    await page.fill('[data-testid=add-to-cart-qty]', String(available + 5));
    await page.click('[data-testid=add-to-cart]');
    await page.locator('[data-testid=in-cart]').waitFor({ timeout: 5_000 });
    const seen = frames();
    await page.goto(`${base}/store/cart`);
    const warning = page.locator(`[data-testid=cart-warning][data-kind=stock][data-product="${product.id}"]`);
    await warning.waitFor({ timeout: 15_000 });
    await following(seen);
    await markWindow(page);
    await receiveAtHq(product.id, 10, nj);
    await expect.poll(() => warning.count(), { timeout: 5_000 }).toBe(0);
    expect(await stillSameWindow(page)).toBe(true);
    await screenshot(page, 'live-storefront-cart');
  });

  it("an order approved in the console updates the dealer's open order page", async () => {
    // nj_admin places an order large enough to need review.
    const nj = await t.login('nj_admin');
    const placed = await t.gql(
      PLACE,
      {
        input: {
          idempotencyKey: `e2e-live-${randomUUID()}`,
          lines: [{ sku: 'JH-MLK-0070', quantity: 700 }],
          note: 'e2e: live order page',
        },
      },
      nj,
    );
    expect(placed.data.placeOrder.errors).toEqual([]);
    const order = placed.data.placeOrder.order as { id: string; orderNumber: string; status: string };
    expect(order.status).toBe('PENDING_REVIEW');

    // The dealer opens the order page on a phone.
    const store = await newPage(390);
    await login(store, 'store', 'nj_admin');
    await store.goto(`${base}/store/orders/${order.id}`);
    await store.locator('[data-status="PENDING_REVIEW"]').first().waitFor({ timeout: 15_000 });
    await markWindow(store);
    const active = ((await (await fetch(`${base}/health`)).json()) as { subscriptions: { active: number } })
      .subscriptions.active;
    expect(active).toBeGreaterThanOrEqual(1);

    // The region manager approves it in the console.
    const consolePage = await newPage();
    await login(consolePage, 'console', 'east_manager');
    await consolePage.goto(`${base}/console/reviews/${order.id}`);
    await consolePage.locator('[data-testid=review-detail]').waitFor({ timeout: 15_000 });
    await consolePage.fill('[data-testid=review-comment]', 'e2e: approved live');
    await consolePage.click('[data-testid=review-approve]');
    await consolePage.locator('[data-testid=review-decided]').waitFor({ timeout: 15_000 });

    // The dealer's open page follows: status and timeline, no reload.
    await store.locator('[data-status="APPROVED"]').first().waitFor({ timeout: 5_000 });
    await store.locator('[data-testid=order-timeline] li[data-type=APPROVED]').waitFor({ timeout: 5_000 });
    expect(await stillSameWindow(store)).toBe(true);
    // The header's alert indicator counts the update.
    await store.locator('[data-testid=header-alerts]').waitFor({ timeout: 5_000 });
    await screenshot(store, 'live-storefront-order-approved');
  });
});
