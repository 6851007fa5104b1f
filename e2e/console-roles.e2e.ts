import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

// The HQ console for the two roles that use only a few of its pages: a warehouse operator sees the
// stock of its warehouses, a finance clerk the dealers and their credit. Each lands on its page, the
// navigation offers nothing else, and any other address brings it back there.

describe('console navigation of warehouse operators and finance clerks', () => {
  let t: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** Logs `username` in through the form in a fresh page and waits for the page it lands on. */
  async function loginAs(username: string, landing: RegExp): Promise<void> {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${base}/console/login`);
    await page.locator('[data-testid=login-form]').waitFor();
    await page.fill('[data-testid=login-username]', username);
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(landing, { timeout: 15_000 });
  }

  /** The addresses the side navigation links to. */
  const navLinks = () =>
    page.locator('nav .link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

  it('lands a warehouse operator on the stock of its warehouses, with its shipping queue', async () => {
    await loginAs('wh_east_op', /\/console\/stock/);
    expect(await navLinks()).toEqual(['/console/stock', '/console/warehouse', '/console/returns']);
    await page.locator('[data-testid=stock-row]').first().waitFor({ timeout: 15_000 });
    const options = await page
      .locator('[data-testid=warehouse-select] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(options.sort()).toEqual(['wh_east', 'wh_hq']);
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
    await expectNoA11yViolations(page, 'console-operator-stock');
    for (const path of ['/console/', '/console/dealers', '/console/reviews', '/console/audit']) {
      await page.goto(`${base}${path}`);
      await page.waitForURL(/\/console\/stock/, { timeout: 15_000 });
    }
  });

  it('lands a finance clerk on the dealers (their credit), next to the finance pages', async () => {
    await loginAs('fin_clerk', /\/console\/dealers/);
    expect(await navLinks()).toEqual([
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
    await page.locator('[data-testid=tree-node-name]').first().click();
    await page.waitForURL(/\/console\/dealers\/dlr_/, { timeout: 15_000 });
    await page.locator('[data-testid=credit-limit]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=state-error]').count()).toBe(0);
    await expectNoA11yViolations(page, 'console-clerk-dealer');
    for (const path of ['/console/', '/console/stock', '/console/pricing/price-lists', '/console/partner-keys']) {
      await page.goto(`${base}${path}`);
      await page.waitForURL(/\/console\/dealers$/, { timeout: 15_000 });
    }
  });
});
