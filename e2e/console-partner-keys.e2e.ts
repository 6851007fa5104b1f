import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootPlatform, DEMO_PASSWORD, postGraphql, type TestPlatform } from './support/platform.js';

// The console's Partner keys page (HQ only) in the system Chromium: a key created on screen is
// shown once, works against the API, and stops working after it is revoked on screen.

describe('HQ console: partner keys', () => {
  let t: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      bootPlatform('sqlite', { apps: true, gatewayEnv: { PARTNER_KEY_CACHE_SECONDS: '0' } }),
      launchBrowser(),
    ]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${base}/console/login`);
    await page.fill('[data-testid=login-username]', 'hq_admin');
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=kpi-orders]').waitFor();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('creates a key shown once, which the API accepts, then revokes it after a confirm', async () => {
    await page.click('a[href$="/partner-keys"]');
    await page.locator('[data-testid=partner-key-form]').waitFor();
    await page.fill('[data-testid=pk-name]', 'Acme ERP');
    await page.selectOption('[data-testid=pk-scope]', 'DEALER_READ');
    await page.fill('[data-testid=pk-dealer-search]', '南京');
    await expect
      .poll(async () => page.locator('[data-testid=pk-dealer] option:not([disabled])').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const dealerId = await page.locator('[data-testid=pk-dealer] option:not([disabled])').first().getAttribute('value');
    await page.selectOption('[data-testid=pk-dealer]', dealerId!);
    await page.fill('[data-testid=pk-rate]', '30');
    await page.click('[data-testid=pk-submit]');
    const shown = page.locator('[data-testid=created-key]');
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^dnp_pk_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'console-partner-key-created');
    await expectNoA11yViolations(page, 'console partner keys (a key shown once)');

    // The key works, as the PARTNER of that dealer.
    const used = await postGraphql<{ dealer: { id: string } | null }>(
      t.platform.gatewayUrl,
      'query ($id: ID!) { dealer(id: $id) { id } }',
      { id: dealerId },
      { 'x-api-key': key },
    );
    expect(used.status).toBe(200);
    expect(used.data?.dealer?.id).toBe(dealerId);

    await page.click('[data-testid=dismiss-key]');
    const row = page.locator('[data-testid=partner-key-row][data-name="Acme ERP"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 11));
    expect(await page.locator('[data-testid=created-key]').count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-testid=revoke-key]').click();
    await expect.poll(async () => row.count(), { timeout: 10_000 }).toBe(0);
    const refused = await postGraphql(
      t.platform.gatewayUrl,
      '{ products(first: 1) { totalCount } }',
      {},
      { 'x-api-key': key },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_API_KEY');

    await page.check('[data-testid=pk-include-revoked]');
    await page.locator('[data-testid=partner-key-row][data-name="Acme ERP"]').waitFor();
    await screenshot(page, 'console-partner-keys');
    await expectNoA11yViolations(page, 'console partner keys');
  });

  it('shows the page to head office only', async () => {
    const token = await t.login('east_manager');
    const res = await t.gql('{ partnerKeys(first: 1) { totalCount } }', {}, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const manager = await context.newPage();
    await manager.goto(`${base}/console/login`);
    await manager.fill('[data-testid=login-username]', 'east_manager');
    await manager.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await manager.click('[data-testid=login-submit]');
    await manager.locator('[data-testid=kpi-orders]').waitFor();
    expect(await manager.locator('a[href$="/partner-keys"]').count()).toBe(0);
    // Opened by URL, the HQ-only page sends a manager back to the dashboard.
    await manager.goto(`${base}/console/partner-keys`);
    await manager.locator('[data-testid=kpi-orders]').waitFor();
    expect(new URL(manager.url()).pathname).toBe('/console/');
    expect(await manager.locator('[data-testid=partner-key-form]').count()).toBe(0);
    await context.close();
  });
});
