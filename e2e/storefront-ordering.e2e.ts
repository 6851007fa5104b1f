// Ordering in the dealer storefront (storefront-dealer/dist served at /store/) against the real
// platform on SQLite, in the system Chromium: cart with a live server quote (满减 + 买赠),
// submission with one idempotency key (a double click places one order), the outcome, the order
// detail, and quick order's row errors. Every figure on screen is compared with the API's answer.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, SCREENSHOT_DIR, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

// Milk powder for nj (grade B, Nanjing): 6 × JH-PWD-0046 + 2 × JH-PWD-0001 (> ¥1000 of dairy)
// triggers 乳品满1000减80 (SPEND_AND_SAVE, cat_dairy) and 奶粉买6赠1 (GIFT_WITH_PURCHASE, cat_pwd).
const CART = [
  { sku: 'JH-PWD-0046', quantity: 6 },
  { sku: 'JH-PWD-0001', quantity: 2 },
];

const PRODUCT_IDS = /* GraphQL */ `
  query ($search: String!) {
    products(first: 5, filter: { search: $search }) {
      edges {
        node {
          id
          sku
        }
      }
    }
  }
`;
const QUOTE = /* GraphQL */ `
  query ($input: QuoteInput!) {
    quote(input: $input) {
      subtotal {
        amount
      }
      discountTotal {
        amount
      }
      total {
        amount
      }
      lines {
        isGift
        quantity
        product {
          id
        }
        giftOf {
          id
        }
        lineTotal {
          amount
        }
      }
      appliedPromotions {
        promotion {
          id
          type
          name
        }
        discount {
          amount
        }
      }
    }
  }
`;
const ORDER_COUNT = /* GraphQL */ `
  {
    orders(first: 1) {
      totalCount
    }
  }
`;

/** "¥1,556.40" → "1556.40". */
const digits = (text: string | null) => (text ?? '').replace(/[^\d.-]/g, '');

describe('storefront ordering (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let token: string;
  let store: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await bootSharedPlatform('sqlite', { apps: true });
    token = await t.login('nj_admin');
    browser = await launchBrowser();
    store = t.platform.gatewayUrl.replace(/\/graphql$/, '/store');
    for (const { sku } of CART) {
      const res = await t.gql<{ products: { edges: { node: { id: string; sku: string } }[] } }>(
        PRODUCT_IDS,
        { search: sku },
        token,
      );
      expect(res.errors).toBeUndefined();
      ids.set(sku, res.data!.products.edges.find((e) => e.node.sku === sku)!.node.id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const orderCount = async () => {
    const res = await t.gql<{ orders: { totalCount: number } }>(ORDER_COUNT, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.orders.totalCount;
  };
  const amountOf = (page: Page, testId: string) => page.getByTestId(testId).first().getAttribute('data-amount');

  // Long because: one dealer's browser journey (sign in, fill the cart, check the quote, place, open the
  // order); each step checks the page the previous one left.
  it('prices the cart by the server quote (满减 + gift), places one order on a double click', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // Sign in through the UI; the login page sends the dealer on to the product asked for.
    const first = ids.get(CART[0]!.sku)!;
    await page.goto(`${store}/products/${first}`);
    await page.getByTestId('login-username').fill('nj_admin');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(new RegExp(`/store/products/${first}$`));

    // Add to cart with a quantity on the product page, for each product; the header badge counts units.
    for (const { sku, quantity } of CART) {
      await page.goto(`${store}/products/${ids.get(sku)}`);
      await page.getByTestId('product-detail').waitFor();
      await page.getByTestId('add-to-cart-qty').fill(String(quantity));
      await page.getByTestId('add-to-cart').click();
    }
    const units = CART.reduce((n, l) => n + l.quantity, 0);
    await page.locator(`[data-testid="cart-count"][data-count="${units}"]`).waitFor();

    // The API's quote for the same lines.
    const input = { lines: CART.map((l) => ({ productId: ids.get(l.sku)!, quantity: l.quantity })) };
    const q = await t.gql(QUOTE, { input }, token);
    expect(q.errors).toBeUndefined();
    const quote = q.data.quote;
    const types = quote.appliedPromotions.map((p: { promotion: { type: string } }) => p.promotion.type).sort();
    expect(types).toEqual(['GIFT_WITH_PURCHASE', 'SPEND_AND_SAVE']);
    const gift = quote.lines.find((l: { isGift: boolean }) => l.isGift);
    expect(gift).toBeTruthy();
    expect(Number(quote.total.amount)).toBeLessThan(50_000);

    // The cart shows exactly the quote: totals, the gift line, each applied promotion explained.
    await page.getByTestId('header-cart').click();
    await page.waitForURL(/\/store\/cart$/);
    await page.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    expect(await amountOf(page, 'quote-subtotal')).toBe(quote.subtotal.amount);
    expect(await amountOf(page, 'quote-discount')).toBe(quote.discountTotal.amount);
    expect(await amountOf(page, 'quote-total')).toBe(quote.total.amount);
    expect(digits(await page.getByTestId('quote-total').textContent())).toBe(quote.total.amount);
    expect(digits(await page.getByTestId('quote-discount').textContent())).toBe(quote.discountTotal.amount);
    const giftLine = page.getByTestId('gift-line');
    await giftLine.waitFor();
    expect(await giftLine.getAttribute('data-product')).toBe(gift.product.id);
    expect(await giftLine.getAttribute('data-quantity')).toBe(String(gift.quantity));
    expect(await giftLine.textContent()).toContain('赠品');
    const lineTotals = await page
      .getByTestId('line-total')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-amount')));
    expect(lineTotals).toEqual(quote.lines.map((l: { lineTotal: { amount: string } }) => l.lineTotal.amount));
    const spend = quote.appliedPromotions.find(
      (p: { promotion: { type: string } }) => p.promotion.type === 'SPEND_AND_SAVE',
    );
    const applied = page.locator(`[data-testid="applied-promotion"][data-type="SPEND_AND_SAVE"]`);
    expect(await applied.getAttribute('data-discount')).toBe(spend.discount.amount);
    expect(await applied.textContent()).toContain(`${spend.promotion.name} 已享：−¥${spend.discount.amount}`);
    await page.locator('[data-testid="applied-promotion"][data-type="GIFT_WITH_PURCHASE"]').waitFor();
    expect(await page.getByTestId('line-discount').count()).toBeGreaterThan(0);
    await screenshot(page, 'storefront-cart-promotions');
    await expectNoA11yViolations(page, 'storefront cart');

    // Double click on submit: one order (one idempotency key, button disabled in flight).
    const before = await orderCount();
    await page.getByTestId('place-order').dblclick();
    const outcome = page.locator('[data-testid="order-outcome"]');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-status')).toBe('APPROVED');
    expect(await amountOf(page, 'outcome-total')).toBe(quote.total.amount);
    await page.getByTestId('shipment').first().waitFor();
    expect(await orderCount()).toBe(before + 1);
    // The cart was emptied (badge gone) and the outcome stays on screen.
    await page.getByTestId('cart-count').waitFor({ state: 'detached' });
    await screenshot(page, 'storefront-order-outcome');
    await expectNoA11yViolations(page, 'storefront order outcome');
    // Clicking again (nothing in the cart) places nothing more.
    expect(await orderCount()).toBe(before + 1);

    // The order detail: same total, APPROVED status badge, lines, shipments, timeline.
    await page.getByTestId('outcome-view-order').click();
    await page.waitForURL(/\/store\/orders\/[^/]+$/);
    await page.getByTestId('order-detail').waitFor();
    await page.locator('[data-testid="order-status"][data-status="APPROVED"]').waitFor();
    expect(await amountOf(page, 'order-total')).toBe(quote.total.amount);
    expect(await amountOf(page, 'order-discount')).toBe(quote.discountTotal.amount);
    expect(await page.getByTestId('order-line').count()).toBeGreaterThanOrEqual(CART.length);
    expect(await page.getByTestId('timeline-event').count()).toBeGreaterThan(0);
    await screenshot(page, 'storefront-order-detail');
    await expectNoA11yViolations(page, 'storefront order detail');

    // The order list links to the detail.
    await page.goto(`${store}/orders`);
    await page.getByTestId('order-row').first().waitFor();
    await expectNoA11yViolations(page, 'storefront orders');
    await page.getByTestId('order-row').first().locator('a').click();
    await page.getByTestId('order-detail').waitFor();

    // Quick order: one unknown SKU → that row's error, "add all" disabled.
    await page.goto(`${store}/quick-order`);
    await page.getByTestId('quick-text').fill(`sku,quantity\n${CART[0]!.sku},6\nJH-NOPE-9999,3\n${CART[1]!.sku},2`);
    await page.getByTestId('quick-check').click();
    const rowError = page.locator('[data-testid="quick-row-error"][data-code="UNKNOWN_SKU"]');
    await rowError.waitFor();
    expect(await rowError.getAttribute('data-row')).toBe('3');
    expect(await rowError.textContent()).toContain('货号不存在');
    expect(await page.getByTestId('quick-line').count()).toBe(2);
    expect(await page.getByTestId('quick-add-all').isDisabled()).toBe(true);
    await screenshot(page, 'storefront-quick-order-errors');
    await expectNoA11yViolations(page, 'storefront quick order (with a row error)');

    // Without the bad row, everything goes to the cart.
    await page.getByTestId('quick-text').fill(`sku,quantity\n${CART[0]!.sku},6\n${CART[1]!.sku},2`);
    await page.getByTestId('quick-check').click();
    await page.locator('[data-testid="quick-result"][data-errors="0"][data-lines="2"]').waitFor();
    await page.getByTestId('quick-add-all').click();
    await page.waitForURL(/\/store\/cart$/);
    await page.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    expect(await amountOf(page, 'quote-total')).toBe(quote.total.amount);

    // The cart on a phone (same user, same stored cart).
    const state = await context.storageState();
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      storageState: state,
    });
    const p = await phone.newPage();
    await p.goto(`${store}/cart`);
    await p.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    expect(await amountOf(p, 'quote-total')).toBe(quote.total.amount);
    await p.getByTestId('bottom-cart-count').waitFor();
    expect(await p.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
    await p.screenshot({ path: join(SCREENSHOT_DIR, 'storefront-cart-phone.png') });
    await screenshot(p, 'storefront-cart-phone-full');
    await expectNoA11yViolations(p, 'storefront cart on a phone');
    await phone.close();
    await context.close();
  }, 90_000);

  // Long because: the sold-out setup, the rejected checkout and the review-sized order that is then cancelled
  // share one signed-in page and one stock state.
  it('shows a rejection with its reasons at once, and a review-sized order the dealer cancels', async () => {
    const hq = await t.login('hq_admin');
    // Out of stock everywhere: HQ counts the free units of one product down to zero.
    const SOLD_OUT = 'JH-MLK-0069';
    const stock = await t.gql<{
      product: { id: string; stockLevels: { onHand: number; reserved: number; warehouse: { id: string } }[] };
    }>(
      'query($sku: String) { product(sku: $sku) { id stockLevels { onHand reserved warehouse { id } } } }',
      { sku: SOLD_OUT },
      hq,
    );
    expect(stock.errors).toBeUndefined();
    for (const l of stock.data!.product.stockLevels) {
      if (l.onHand - l.reserved <= 0) continue;
      const res = await t.gql<{ adjustStock: { errors: unknown[] } }>(
        'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }',
        {
          i: {
            warehouseId: l.warehouse.id,
            productId: stock.data!.product.id,
            delta: -(l.onHand - l.reserved),
            reason: 'COUNT_CORRECTION',
            note: 'e2e: sold out',
          },
        },
        hq,
      );
      expect(res.data!.adjustStock.errors).toEqual([]);
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${store}/quick-order`);
    await page.getByTestId('login-username').fill('nj_admin');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/store\/quick-order$/);
    const toCart = async (text: string) => {
      await page.getByTestId('quick-text').fill(text);
      await page.getByTestId('quick-check').click();
      await page.locator('[data-testid="quick-result"][data-errors="0"]').waitFor();
      await page.getByTestId('quick-add-all').click();
      await page.waitForURL(/\/store\/cart$/);
      await page.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    };

    // 1. REJECTED: the outcome names the line and the reason; the order keeps it; nothing is held.
    await toCart(`sku,quantity\n${SOLD_OUT},2`);
    await page.locator('[data-testid="cart-warning"][data-kind="stock"]').first().waitFor();
    await page.getByTestId('place-order').click();
    const outcome = page.getByTestId('order-outcome');
    await page.locator('[data-testid="order-outcome"][data-status="REJECTED"]').waitFor();
    const reason = outcome.locator('[data-testid="order-error"][data-code="INSUFFICIENT_STOCK"]');
    await reason.waitFor();
    expect(await reason.getAttribute('data-line')).toBe('0');
    expect(await reason.textContent()).toContain('库存不足');
    await screenshot(page, 'storefront-order-rejected');
    await page.getByTestId('outcome-view-order').click();
    await page.locator('[data-testid="order-status"][data-status="REJECTED"]').waitFor();
    await page
      .locator('[data-testid="order-rejection"] [data-testid="order-error"][data-code="INSUFFICIENT_STOCK"]')
      .waitFor();
    expect(await page.getByTestId('order-cancel').count()).toBe(0);
    await page.locator('[data-testid="timeline-event"][data-type="REJECTED"]').waitFor();

    // The cart keeps a rejected order's lines, so the dealer can fix them; here the line goes.
    await page.goto(`${store}/cart`);
    await page
      .locator(`[data-testid="cart-line"][data-product="${stock.data!.product.id}"] [data-testid="cart-remove"]`)
      .click();
    await page.getByTestId('cart-empty').waitFor();

    // 2. PENDING_REVIEW: an order over the ¥50,000 threshold waits for a manager; the dealer cancels it.
    await page.goto(`${store}/quick-order`);
    await toCart('sku,quantity\nJH-MLK-0070,700');
    await page.locator('[data-testid="cart-warning"][data-kind="review"]').waitFor();
    await page.getByTestId('place-order').click();
    await page.locator('[data-testid="order-outcome"][data-status="PENDING_REVIEW"]').waitFor();
    expect(Number(await amountOf(page, 'outcome-total'))).toBeGreaterThanOrEqual(50_000);
    await screenshot(page, 'storefront-order-pending-review');
    await page.getByTestId('outcome-view-order').click();
    await page.locator('[data-testid="order-status"][data-status="PENDING_REVIEW"]').waitFor();
    const orderId = page.url().split('/').pop()!;
    await page.getByTestId('order-cancel').click();
    await page.getByTestId('order-cancel-reason').fill('e2e: 数量下错了');
    await page.getByTestId('order-cancel-confirm').click();
    await page.locator('[data-testid="order-status"][data-status="CANCELLED"]').waitFor();
    await page.locator('[data-testid="timeline-event"][data-type="CANCELLED"]').waitFor();
    await page.locator('[data-testid="timeline-event"][data-type="RELEASED"]').waitFor();
    await screenshot(page, 'storefront-order-cancelled');

    // The API agrees: cancelled, and the order's reservation was released.
    const after = await t.gql<{ order: { status: string } }>(
      'query($id: ID!) { order(id: $id) { status } }',
      { id: orderId },
      token,
    );
    expect(after.data!.order.status).toBe('CANCELLED');
    const reservations = await t.gql<{ reservations: { edges: { node: { key: string; status: string } }[] } }>(
      'query($f: ReservationFilter) { reservations(first: 100, filter: $f) { edges { node { key status } } } }',
      { f: { status: 'ACTIVE' } },
      hq,
    );
    expect(reservations.errors).toBeUndefined();
    expect(reservations.data!.reservations.edges.some((e) => e.node.key === orderId)).toBe(false);
    await context.close();
  }, 120_000);
});
