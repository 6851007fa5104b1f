import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './platform.js';

/**
 * A fresh browser context (kept in `contexts` for the suite to close) signed in to the HQ console
 * at `base` as `username`, on the page the role lands on.
 */
export async function signedInConsole(
  browser: Browser,
  base: string,
  username: string,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/console/login`);
  await page.locator('[data-testid=login-form]').waitFor();
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
  return page;
}
