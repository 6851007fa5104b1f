// Rebates in the dealer storefront (storefront-dealer/dist served at /store/) against the real
// platform on SQLite, in the system Chromium: "my rebates" (progress per policy with the next-tier
// sentence, accrued, settled, the usable balance; re-read when the window regains focus), paying
// part of an order with the rebate balance within the quote's cap, and reporting a retail price on
// the product page. js_admin's dealer has the demo seed's ACTIVE tiered policy and a rebate balance;
// every figure on screen is compared with the API's answer at test time.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

const SKU = 'JH-PWD-0001';
const QUANTITY = 2;

const ME = /* GraphQL */ `
  query ($search: String!) {
    me {
      dealer {
        id
        region {
          id
        }
      }
    }
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
const PROGRESS = /* GraphQL */ `
  query ($dealerId: ID!, $period: String!) {
    rebateProgress(dealerId: $dealerId, period: $period) {
      policyId
      policyName
      period
      basisMinor
      accruedMinor
      nextTier {
        remaining
        rateBp
      }
    }
  }
`;
const BALANCE = /* GraphQL */ `
  {
    rebateBalance {
      available
      held
    }
  }
`;
const QUOTE = /* GraphQL */ `
  query ($input: QuoteInput!) {
    quote(input: $input) {
      total {
        amount
      }
      rebate {
        cap {
          amount
        }
        applied {
          amount
        }
        payable {
          amount
        }
        code
      }
    }
  }
`;
const ORDER = /* GraphQL */ `
  query ($id: ID!) {
    order(id: $id) {
      status
      total {
        amount
      }
      rebate {
        amount
      }
    }
  }
`;

/** "¥1,556.40" → "1556.40". */
const digits = (text: string | null) => (text ?? '').replace(/[^\d.-]/g, '');
/** Fen (digits) → "12.34". */
const yuan = (minor: string | number | bigint) => {
  const n = BigInt(minor);
  return `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;
};
/** "12.34" → 1234n. */
const fen = (amount: string) => BigInt(amount.replace('.', ''));

/** The brand's current quarter key (Asia/Shanghai, the platform default). */
function quarterKey(): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

describe('storefront rebates (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let page: Page;
  let token: string;
  let store: string;
  let dealerId: string;
  let productId: string;

  beforeAll(async () => {
    t = await bootSharedPlatform('sqlite', { apps: true });
    token = await t.login('js_admin');
    const me = await t.gql(ME, { search: SKU }, token);
    expect(me.errors).toBeUndefined();
    dealerId = me.data.me.dealer.id;
    productId = me.data.products.edges.find((e: { node: { sku: string } }) => e.node.sku === SKU).node.id;
    browser = await launchBrowser();
    store = t.platform.gatewayUrl.replace(/\/graphql$/, '/store');
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // Signed in through the UI; the login page sends the dealer on to "my rebates".
    await page.goto(`${store}/account/rebates`);
    await page.getByTestId('login-username').fill('js_admin');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/store\/account\/rebates$/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const balance = async () => {
    const res = await t.gql<{ rebateBalance: { available: string; held: string } }>(BALANCE, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.rebateBalance;
  };
  const amountOf = (testId: string) => page.getByTestId(testId).first().getAttribute('data-amount');

  it('shows "my rebates": progress per policy and the balance equal to the API, re-read on focus', async () => {
    const res = await t.gql(PROGRESS, { dealerId, period: quarterKey() }, token);
    expect(res.errors).toBeUndefined();
    const rows = res.data.rebateProgress;
    expect(rows.length).toBeGreaterThan(0);
    const row = rows[0];
    const card = page.locator(`[data-testid="rebate-progress"][data-policy="${row.policyId}"]`);
    await card.waitFor();
    expect(await card.locator('h2').textContent()).toBe(row.policyName);
    expect(await card.getByTestId('rebate-basis').getAttribute('data-value')).toBe(row.basisMinor);
    expect(await card.getByTestId('rebate-accrued').getAttribute('data-amount')).toBe(yuan(row.accruedMinor));
    const sentence = card.getByTestId('rebate-next-tier');
    expect(await sentence.getAttribute('data-remaining')).toBe(row.nextTier.remaining);
    // 「再进货 ¥50,000.00 即达 1% 档」: the remaining amount and the next tier's rate, as the API says.
    expect(digits(await sentence.textContent()).startsWith(yuan(row.nextTier.remaining))).toBe(true);
    expect(await sentence.textContent()).toContain(`即达 ${row.nextTier.rateBp / 100}% 档`);
    const before = await balance();
    expect(BigInt(before.available)).toBeGreaterThan(0n);
    expect(await amountOf('rebate-balance-available')).toBe(yuan(before.available));
    await screenshot(page, 'storefront-rebates');
    await expectNoA11yViolations(page, 'storefront my rebates');

    // An order paying ¥1.00 with rebate (placed through the API) holds it; regaining focus re-reads.
    const placed = await t.gql(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } errors { code } } }',
      {
        input: {
          idempotencyKey: `rebates-e2e-${Date.now()}`,
          lines: [{ productId, quantity: QUANTITY }],
          rebateAmount: '1.00',
        },
      },
      token,
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeOrder.errors).toEqual([]);
    const after = await balance();
    expect(BigInt(after.available)).toBe(BigInt(before.available) - 100n);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.locator(`[data-testid="rebate-balance-available"][data-amount="${yuan(after.available)}"]`).waitFor();
    expect(await amountOf('rebate-balance-held')).toBe(yuan(after.held));
  });

  it('pays part of an order with rebate within the cap: the order’s rebate is the quote’s applied', async () => {
    await page.goto(`${store}/products/${productId}`);
    await page.getByTestId('product-detail').waitFor();
    await page.getByTestId('add-to-cart-qty').fill(String(QUANTITY));
    await page.getByTestId('add-to-cart').click();
    await page.getByTestId('header-cart').click();
    await page.waitForURL(/\/store\/cart$/);
    await page.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();

    const available = (await balance()).available;
    const quote = async (rebateAmount: string) => {
      const res = await t.gql(QUOTE, { input: { lines: [{ productId, quantity: QUANTITY }], rebateAmount } }, token);
      expect(res.errors).toBeUndefined();
      return res.data.quote;
    };
    // Asking for more than the cap and the balance: the quote cuts it, its code shows, placing waits.
    const tooMuch = yuan(BigInt(available) + 100_000_00n);
    const cut = await quote(tooMuch);
    expect(cut.rebate.code).toBeTruthy();
    await page.getByTestId('rebate-amount').fill(tooMuch);
    const cutNote = page.locator(`[data-testid="rebate-cut"][data-code="${cut.rebate.code}"]`);
    await cutNote.waitFor();
    expect(digits(await cutNote.textContent()).endsWith(cut.rebate.applied.amount)).toBe(true);
    expect(await amountOf('rebate-available')).toBe(yuan(available));
    expect(await amountOf('rebate-cap')).toBe(cut.rebate.cap.amount);
    expect(await page.getByTestId('place-order').isDisabled()).toBe(true);

    // Half of what may apply: within the cap, the quote's rebate line and what is left to pay.
    const most = fen(cut.rebate.applied.amount);
    const part = yuan(most / 2n > 0n ? most / 2n : most);
    const ok = await quote(part);
    expect([ok.rebate.applied.amount, ok.rebate.code]).toEqual([part, null]);
    await page.getByTestId('rebate-amount').fill(part);
    await page.locator(`[data-testid="quote-rebate-applied"][data-amount="${ok.rebate.applied.amount}"]`).waitFor();
    await page.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    expect(await amountOf('quote-payable')).toBe(ok.rebate.payable.amount);
    expect(await amountOf('quote-total')).toBe(ok.total.amount);
    await screenshot(page, 'storefront-cart-rebate');
    await expectNoA11yViolations(page, 'storefront cart with rebate');

    await page.getByTestId('place-order').click();
    const outcome = page.getByTestId('order-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-status')).not.toBe('REFUSED');
    expect(await amountOf('outcome-rebate')).toBe(ok.rebate.applied.amount);
    const href = await page.getByTestId('outcome-view-order').getAttribute('href');
    const order = await t.gql(ORDER, { id: href!.split('/').pop() }, token);
    expect(order.errors).toBeUndefined();
    expect([order.data.order.rebate.amount, order.data.order.total.amount]).toEqual([
      ok.rebate.applied.amount,
      ok.total.amount,
    ]);
    expect((await balance()).available).toBe(String(BigInt(available) - fen(ok.rebate.applied.amount)));
  });

  it('reports a retail price on the product page, its coded refusal shown first', async () => {
    await page.goto(`${store}/products/${productId}`);
    await page.getByTestId('retail-price-open').click();
    await page.getByTestId('retail-price-amount').fill('0');
    await page.getByTestId('retail-price-note').fill('e2e: 超市货架价');
    await page.getByTestId('retail-price-submit').click();
    const refused = page.locator('[data-testid="retail-price-errors"] [data-code="PRICE_NOT_POSITIVE"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('价格必须大于 0');

    await page.getByTestId('retail-price-amount').fill('39.90');
    await page.getByTestId('retail-price-submit').click();
    const done = page.getByTestId('retail-price-done');
    await done.waitFor();
    expect(await done.getAttribute('data-report')).toMatch(/^rpr_/);
    expect(await page.getByTestId('retail-price-errors').count()).toBe(0);
    await expectNoA11yViolations(page, 'storefront product with the retail price form');
  });
});
