import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

// Ordering in the HQ console (console-hq/dist under /console/) against the real platform: the
// review queue (a ¥50,000+ order placed through the API is approved in the UI and then shows as
// APPROVED in the dealer storefront), and promotions (field errors from the payload, creation,
// and the preview panel checked against the API's previewQuote).

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        orderNumber
        status
        total {
          amount
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`;
const QUEUE = /* GraphQL */ `
  query {
    reviewQueue(first: 100) {
      totalCount
      edges {
        node {
          id
          orderNumber
        }
      }
    }
  }
`;
const ORDER = /* GraphQL */ `
  query ($id: ID!) {
    order(id: $id) {
      id
      status
      timeline {
        type
        comment
      }
    }
  }
`;
const PROMOTIONS = /* GraphQL */ `
  query {
    promotions(first: 100) {
      edges {
        node {
          id
          code
          type
          spendTiers {
            threshold {
              amount
            }
            discount {
              amount
            }
          }
        }
      }
    }
  }
`;
const PREVIEW = /* GraphQL */ `
  query ($input: QuoteInput!, $asDealer: PreviewDealerInput!) {
    previewQuote(input: $input, asDealer: $asDealer) {
      subtotal {
        amount
      }
      discountTotal {
        amount
      }
      total {
        amount
      }
      appliedPromotions {
        promotion {
          id
          code
        }
        discount {
          amount
        }
      }
    }
  }
`;

/** "1234.5" → 123450n (fen), exactly. */
function minor(amount: string): bigint {
  const neg = amount.startsWith('-');
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  const v = BigInt(whole || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return neg ? -v : v;
}
/** Screen money such as "−¥1,234.50" → 123450n (sign dropped: the UI prefixes discounts with −). */
const screenMinor = (text: string | null) => minor((text ?? '').replace(/[^\d.]/g, ''));

describe('HQ console: review queue and promotions', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  let hqToken: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    hqToken = await t.login('hq_admin');
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

  async function consoleLogin(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/console/login`);
    await page.locator('[data-testid=login-form]').waitFor();
    await page.fill('[data-testid=login-username]', username);
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
  }

  // Long because: one order's journey across both apps (placed, reviewed in the console, seen in the storefront);
  // each step acts on the state the previous one left.
  it('a ¥50,000+ order waits for review, is approved in the console and shows APPROVED in the storefront', async () => {
    // 1. nj_admin (Nanjing, grade B) places a large order through the API.
    const njToken = await t.login('nj_admin');
    const placed = await t.gql<{
      placeOrder: {
        order: { id: string; orderNumber: string; status: string; total: { amount: string } } | null;
        errors: unknown[];
      };
    }>(
      PLACE,
      {
        input: {
          idempotencyKey: `e2e-review-${Date.now()}`,
          lines: [{ sku: 'JH-MLK-0070', quantity: 700 }],
          note: 'e2e: review queue',
        },
      },
      njToken,
    );
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeOrder.errors).toEqual([]);
    const order = placed.data!.placeOrder.order!;
    expect(order.status).toBe('PENDING_REVIEW');
    expect(minor(order.total.amount)).toBeGreaterThanOrEqual(5_000_000n);

    // 2. east_manager (East China covers Nanjing) sees it in the queue.
    const managerToken = await t.login('east_manager');
    const queue = (await t.gql(QUEUE, {}, managerToken)).data.reviewQueue as {
      totalCount: number;
      edges: { node: { id: string } }[];
    };
    expect(queue.edges.map((e) => e.node.id)).toContain(order.id);

    const page = await newPage();
    await consoleLogin(page, 'east_manager');
    // The side nav badge counts the manager's pending reviews.
    await expect
      .poll(async () => (await page.locator('[data-testid=nav-review-count]').textContent())?.trim(), {
        timeout: 15_000,
      })
      .toBe(String(queue.totalCount));
    await page.goto(`${base}/console/reviews`);
    const row = page.locator(`[data-testid=review-row][data-order-id="${order.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td').first().textContent()).toContain(order.orderNumber);
    expect(screenMinor(await row.locator('[data-col=total]').textContent())).toBe(minor(order.total.amount));
    await screenshot(page, 'console-review-queue');
    await expectNoA11yViolations(page, 'console review queue');

    // 3. The detail page: lines, totals, timeline; reject without a comment is refused locally.
    await row.locator('[data-testid=review-open]').click();
    await page.locator('[data-testid=review-detail]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=review-order-number]').textContent()).toContain(order.orderNumber);
    expect(screenMinor(await page.locator('[data-testid=review-total]').textContent())).toBe(minor(order.total.amount));
    await page.locator('[data-testid=order-timeline] li[data-type=REVIEW_REQUESTED]').waitFor();
    await page.click('[data-testid=review-reject]');
    await page.locator('[data-testid=comment-error]').waitFor();
    expect((await t.gql(ORDER, { id: order.id }, managerToken)).data.order.status).toBe('PENDING_REVIEW');
    await page.fill('[data-testid=review-comment]', 'e2e: volume confirmed with the dealer');
    await screenshot(page, 'console-review-detail');
    await expectNoA11yViolations(page, 'console review detail');
    await page.click('[data-testid=review-approve]');

    // 4. Back in the queue, without the order.
    await page.locator('[data-testid=review-decided]').waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => page.locator(`[data-testid=review-row][data-order-id="${order.id}"]`).count(), {
        timeout: 15_000,
      })
      .toBe(0);
    await page.waitForFunction(() => !document.querySelector('[data-testid=state-loading]'));
    const after = await t.gql(ORDER, { id: order.id }, managerToken);
    expect(after.data.order.status).toBe('APPROVED');
    expect(
      after.data.order.timeline.some(
        (e: { type: string; comment: string | null }) =>
          e.type === 'APPROVED' && e.comment === 'e2e: volume confirmed with the dealer',
      ),
    ).toBe(true);

    // 5. Deciding again (a colleague's stale page) shows the payload error clearly.
    await page.goto(`${base}/console/reviews/${order.id}`);
    await page.locator('[data-testid=review-already]').waitFor({ timeout: 15_000 });

    // 6. The dealer sees it APPROVED in the storefront.
    const store = await newPage(390);
    await store.goto(`${base}/store/login`);
    await store.locator('[data-testid=login-form]').waitFor({ timeout: 15_000 });
    await store.fill('[data-testid=login-username]', 'nj_admin');
    await store.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await store.click('[data-testid=login-submit]');
    await store.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
    await store.goto(`${base}/store/orders/${order.id}`);
    await store.locator('[data-status="APPROVED"]').first().waitFor({ timeout: 15_000 });
    await screenshot(store, 'console-review-storefront-approved');
    await expectNoA11yViolations(store, 'storefront order detail on a phone');
  });

  // Long because: one browser session creates a promotion (a field error first), then previews that same
  // promotion and compares the screen with the API's previewQuote for it.
  it('HQ creates a spend-and-save promotion (field error first) and previews it like previewQuote', async () => {
    const code = `E2E-SAS-${Date.now().toString(36).toUpperCase()}`;
    const page = await newPage();
    await consoleLogin(page, 'hq_admin');

    await page.goto(`${base}/console/pricing/price-lists`);
    await page.locator('[data-testid=price-list-row]').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-price-lists');
    await expectNoA11yViolations(page, 'console price lists');
    const listId = await page.locator('[data-testid=price-list-row]').first().getAttribute('data-id');
    await page.goto(`${base}/console/pricing/price-lists/${listId}`);
    await page.locator('[data-testid=entry-row]').first().waitFor({ timeout: 15_000 });
    await expectNoA11yViolations(page, 'console price list');

    await page.goto(`${base}/console/pricing/promotions/new`);
    await page.locator('[data-testid=promotion-form]').waitFor({ timeout: 15_000 });
    await page.fill('[data-testid=pr-code]', code);
    await page.fill('[data-testid=pr-name]', 'e2e 满1000减120');
    await page.fill('[data-testid=pr-name-en]', 'e2e spend 1000 save 120');
    await page.selectOption('[data-testid=pr-type]', 'SPEND_AND_SAVE');
    await page.fill('[data-testid=pr-tier-threshold]', '1000');
    // Invalid: the saving is above the threshold.
    await page.fill('[data-testid=pr-tier-discount]', '1500');
    await page.click('[data-testid=pr-submit]');
    const fieldError = page.locator('[data-testid=field-error][data-field="spendTiers[0].discountMinor"]');
    await fieldError.waitFor({ timeout: 15_000 });
    expect(await fieldError.getAttribute('data-code')).toBe('INVALID_AMOUNT');
    expect(await page.locator('[data-testid=pr-tier-discount]').getAttribute('aria-invalid')).toBe('true');
    const before = (await t.gql(PROMOTIONS, {}, hqToken)).data.promotions.edges as { node: { code: string } }[];
    expect(before.some((e) => e.node.code === code)).toBe(false);
    await screenshot(page, 'console-promotion-editor');
    await expectNoA11yViolations(page, 'console promotion editor');

    // Valid now.
    await page.fill('[data-testid=pr-tier-discount]', '120');
    await page.click('[data-testid=pr-submit]');
    await page.locator('[data-testid=pr-created]').waitFor({ timeout: 15_000 });
    const created = (
      (await t.gql(PROMOTIONS, {}, hqToken)).data.promotions.edges as {
        node: {
          id: string;
          code: string;
          type: string;
          spendTiers: { threshold: { amount: string }; discount: { amount: string } }[];
        };
      }[]
    ).find((e) => e.node.code === code)!.node;
    expect(created.type).toBe('SPEND_AND_SAVE');
    expect(created.spendTiers.map((s) => [s.threshold.amount, s.discount.amount])).toEqual([['1000.00', '120.00']]);
    expect(page.url()).toContain(`/pricing/promotions/${created.id}`);

    // Preview: a grade-B dealer in Nanjing buying 20 × JH-MLK-0070.
    await page.selectOption('[data-testid=preview-grade]', 'B');
    await page.selectOption('[data-testid=preview-region]', 'reg_js_nj');
    await page.fill('[data-testid=preview-product]', 'JH-MLK-0070');
    await page.locator('[data-testid=product-option]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=product-option]').first().click();
    await page.fill('[data-testid=preview-qty]', '20');
    await page.click('[data-testid=preview-run]');
    await page.locator('[data-testid=preview-result]').waitFor({ timeout: 15_000 });

    const api = (
      await t.gql(
        PREVIEW,
        {
          input: { lines: [{ productId: 'prd_00070', quantity: 20 }] },
          asDealer: { dealerGrade: 'B', regionId: 'reg_js_nj' },
        },
        hqToken,
      )
    ).data.previewQuote as {
      subtotal: { amount: string };
      discountTotal: { amount: string };
      total: { amount: string };
      appliedPromotions: { promotion: { id: string }; discount: { amount: string } }[];
    };
    const mine = api.appliedPromotions.find((a) => a.promotion.id === created.id);
    expect(mine).toBeDefined();
    expect(mine!.discount.amount).toBe('120.00');
    const applied = page.locator(`[data-testid=preview-applied][data-promotion-id="${created.id}"]`);
    await applied.waitFor();
    expect(screenMinor(await applied.locator('[data-role=benefit]').textContent())).toBe(minor(mine!.discount.amount));
    expect(screenMinor(await page.locator('[data-testid=preview-subtotal]').textContent())).toBe(
      minor(api.subtotal.amount),
    );
    expect(screenMinor(await page.locator('[data-testid=preview-discount-total]').textContent())).toBe(
      minor(api.discountTotal.amount),
    );
    expect(screenMinor(await page.locator('[data-testid=preview-total]').textContent())).toBe(minor(api.total.amount));
    await screenshot(page, 'console-promotion-preview');
    await expectNoA11yViolations(page, 'console promotion preview');

    // The list shows it.
    await page.goto(`${base}/console/pricing/promotions`);
    await page.locator(`[data-testid=promotion-row][data-code="${code}"]`).waitFor({ timeout: 15_000 });
    await expectNoA11yViolations(page, 'console promotions');
  });
});
