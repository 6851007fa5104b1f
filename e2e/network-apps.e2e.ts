import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { creditCode } from './support/network-admin.js';
import { bootPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

// Issue 15's pages in the system Chromium: the HQ console's master data and network administration,
// the storefront's application form, staff and seller pages. One platform on MariaDB with Redis and
// the built apps serves every describe below (a boot costs about 20 s; CI keeps one per file).

let t: TestPlatform;
let browser: Browser;
/** The gateway's origin: the console at `${base}/console`, the storefront at `${base}/store`. */
let base: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([bootPlatform('mariadb', { apps: true, redis: true }), launchBrowser()]);
  base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
}, 300_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await t?.stop();
});

/** HQ console page signed in as `username` (a fresh context, closed after the file). */
export function consoleAs(username: string): Promise<Page> {
  return signedInConsole(browser, base, username, contexts);
}

/** Storefront page signed in as `username`, on the catalogue (a fresh context, closed after the file). */
export async function storefrontAs(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/store/catalog`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/store\/catalog$/);
  return page;
}

describe('network apps: both apps are served on MariaDB with Redis', () => {
  it('signs HQ into the console and a dealer into the storefront', async () => {
    const console = await consoleAs('hq_admin');
    expect(new URL(console.url()).pathname.startsWith('/console')).toBe(true);
    const store = await storefrontAs('nj_admin');
    await store.getByTestId('product-card').first().waitFor();
    await screenshot(store, 'network-apps-store');
    await expectNoA11yViolations(store, 'storefront catalogue (network apps boot)');
    // The API the pages call answers the same platform (a sanity check for the describes below).
    const res = await t.gql('{ products(first: 1) { totalCount } }', {});
    expect(res.data.products.totalCount).toBeGreaterThan(0);
  });
});

// ---- describes of the network pages follow (appended by package, one boot for all) ----

describe('storefront network pages: application, seller prices, staff (a3)', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

  /** A fresh signed-out storefront page at `path` (a visitor with no session). */
  async function anonymousStore(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/store${path}`);
    return page;
  }

  it('an anonymous visitor applies with an uploaded PDF and sees the application number', async () => {
    const page = await anonymousStore('/apply');
    await page.getByTestId('apply-form').waitFor();
    const code = creditCode('91320100MA1A3A3X2');
    await page.getByTestId('apply-companyName').fill('南京浏览器测试商贸有限公司');
    await page.getByTestId('apply-creditCode').fill(code);
    await page.getByTestId('apply-legalRepresentative').fill('王五');
    await page.getByTestId('apply-address').fill('江苏省南京市玄武区中山路1号');
    // A select of the region tree, or the code itself while the tree is not readable anonymously.
    const region = page.getByTestId('apply-region');
    if ((await region.evaluate((e) => e.tagName)) === 'SELECT') await region.selectOption('reg_js_nj');
    else await region.fill('reg_js_nj');
    await page.getByTestId('apply-contactName').fill('王五');
    await page.getByTestId('apply-contactPhone').fill('13912345679');
    // General goods only: the business licence is the one document required.
    await page.getByTestId('apply-doc-0-number').fill(code);
    await page.getByTestId('apply-doc-0-issuer').fill('南京市市场监督管理局');
    await page.getByTestId('apply-doc-0-valid-until').fill('2040-12-31');
    await page
      .getByTestId('apply-doc-0-file-input')
      .setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('apply-doc-0-file-done').waitFor();
    await expectNoA11yViolations(page, 'storefront /apply form');
    await page.getByTestId('apply-submit').click();
    const number = (await page.getByTestId('apply-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^AP\d+/);
    await screenshot(page, 'network-apps-apply-done');
    await expectNoA11yViolations(page, 'storefront /apply success');

    const hq = await t.login('hq_admin');
    const queue = await t.gql(
      `{ dealerApplications(first: 100, filter: { status: [SUBMITTED] }) {
          edges { node { number creditCode documents { kind } } } } }`,
      {},
      hq,
    );
    const mine = queue.data.dealerApplications.edges.map((e: { node: unknown }) => e.node);
    expect(mine).toContainEqual({ number, creditCode: code, documents: [{ kind: 'BUSINESS_LICENSE' }] });
  });

  it('a parent dealer sees PRICE_BELOW_FLOOR inline, then sets a price at the floor', async () => {
    const page = await storefrontAs('js_admin');
    await page.goto(`${base}/store/seller/prices`);
    await page.getByTestId('seller-grade').selectOption('B');
    await page.getByTestId('seller-price-row').first().waitFor();
    const product = page.getByTestId('seller-product');
    await product.locator('option').nth(1).waitFor({ state: 'attached' });
    const option = product.locator('option').nth(1);
    const [productId, label] = [await option.getAttribute('value'), (await option.textContent()) ?? ''];
    await product.selectOption(productId!);
    await page.getByTestId('seller-add-price').fill('0.01');
    await page.getByTestId('seller-add-submit').click();
    const error = page.getByTestId('seller-add-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('PRICE_BELOW_FLOOR');
    const floor = (await error.getAttribute('data-floor')) ?? '';
    expect(Number(floor)).toBeGreaterThan(0);
    await expectNoA11yViolations(page, 'storefront /seller/prices with a refusal');

    await page.getByTestId('seller-add-price').fill(floor);
    await page.getByTestId('seller-add-submit').click();
    await page.getByTestId('seller-add-saved').waitFor();
    const sku = label.split('·')[0]!.trim();
    const row = page.locator(`[data-testid="seller-price-row"][data-sku="${sku}"]`);
    await expect.poll(() => row.getByTestId('seller-price-input').inputValue()).toBe(floor);
    await screenshot(page, 'network-apps-seller-prices');
  });

  it('a dealer admin invites staff (the link sets a password and signs in) and renews a licence', async () => {
    const page = await storefrontAs('nj_admin');
    await page.goto(`${base}/store/account/staff`);
    await page.getByTestId('staff-row').first().waitFor();
    await expectNoA11yViolations(page, 'storefront /account/staff');
    await page.getByTestId('staff-username').fill('nj_clerk_a3');
    await page.getByTestId('staff-display-name').fill('南京店员');
    await page.getByTestId('staff-send').click();
    await page.getByTestId('link-dialog').waitFor();
    const url = await page.getByTestId('link-dialog-url').inputValue();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await expectNoA11yViolations(page, 'storefront staff link dialog');
    await page.getByTestId('link-dialog-close').click();
    await page.locator('[data-testid="staff-row"][data-username="nj_clerk_a3"]').waitFor();

    const invited = await anonymousStore(`/invite/${url.split('/invite/')[1]}`);
    await invited.getByTestId('invite-form').waitFor();
    await expectNoA11yViolations(invited, 'storefront /invite');
    await invited.getByTestId('invite-password').fill('Clerk-pass-2026');
    await invited.getByTestId('invite-confirm').fill('Clerk-pass-2026');
    await invited.getByTestId('invite-submit').click();
    await invited.waitForURL(/\/store\/$/);
    await expect.poll(() => invited.getByTestId('header-user').textContent()).toBe('南京店员');

    // The licences page of the same dealer: a renewal of the food licence, its file uploaded with the session.
    await page.goto(`${base}/store/account/qualifications`);
    const food = page.locator('[data-testid="qualification"][data-kind="FOOD_DISTRIBUTION_LICENSE"]');
    await food.getByTestId('qualification-renew').click();
    await expectNoA11yViolations(page, 'storefront /account/qualifications with a renewal form');
    await food.getByTestId('renewal-valid-until').fill('2099-12-31');
    await food
      .getByTestId('renewal-file-input')
      .setInputFiles({ name: 'food-licence.pdf', mimeType: 'application/pdf', buffer: PDF });
    await food.getByTestId('renewal-file-done').waitFor();
    await food.getByTestId('renewal-submit').click();
    await page.getByTestId('renewal-submitted').waitFor();
    await food.getByTestId('qualification-pending').waitFor();
  });
});
