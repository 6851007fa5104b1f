import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
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
