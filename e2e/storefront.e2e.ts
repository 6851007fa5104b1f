// The dealer storefront (storefront-dealer/dist, built with vite) served by the gateway at
// /store/, driven in the system Chromium against the real platform on SQLite. Every figure
// checked on screen is compared with what the API answers the same dealer.
import { SignJWT } from 'jose';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, SCREENSHOT_DIR, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

const PRODUCTS = /* GraphQL */ `
  query ($filter: ProductFilter) {
    products(first: 24, filter: $filter) {
      totalCount
      edges {
        node {
          id
          name
          nameEn
        }
      }
    }
  }
`;
const PRODUCT = /* GraphQL */ `
  query ($id: ID!) {
    product(id: $id) {
      price {
        amount
      }
      listPrice {
        amount
      }
      availability {
        available
      }
      stockLevels {
        warehouse {
          id
        }
      }
    }
  }
`;

/** "¥294,571.10" → "294571.10"; "8,518" → "8518". */
const digits = (text: string | null) => (text ?? '').replace(/[^\d.-]/g, '');

describe('dealer storefront (sqlite)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let token: string;
  let store: string;
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    t = await bootSharedPlatform('sqlite', { apps: true });
    token = await t.login('nj_admin');
    browser = await launchBrowser();
    store = t.platform.gatewayUrl.replace(/\/graphql$/, '/store');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const products = async (filter: Record<string, unknown>) => {
    const res = await t.gql<{
      products: { totalCount: number; edges: { node: { id: string; name: string; nameEn: string } }[] };
    }>(PRODUCTS, { filter }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.products;
  };
  /** Waits until the catalogue shows `total` products (the attribute carries the raw number). */
  const totalShown = (page: Page, total: number) =>
    page.locator(`[data-testid="catalog-total"][data-total="${total}"]`).waitFor();

  // Long because: one signed-in browser session walking the catalogue; each filter step starts from the
  // page state (and totals) the previous one left.
  it('signs a dealer in, shows its credit, searches and filters the catalogue and its own price', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();

    // Logged out: any page leads to the login form. A wrong password shows the coded message.
    await page.goto(`${store}/catalog`);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-username').fill('nj_admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('INVALID_CREDENTIALS');
    expect(await error.textContent()).toContain('用户名或密码错误');
    await screenshot(page, 'storefront-login');
    await expectNoA11yViolations(page, 'storefront login (with an error)');

    // Signed in, the login page sends the dealer back where it wanted to go (the catalogue).
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/store\/catalog$/);
    await page.getByTestId('product-card').first().waitFor();

    // Home: greeting with the dealer, available credit equal to the API's.
    // The store lists the dealer's own orders (a parent dealer's scope also reads its sub-dealers').
    const own = await t.gql('{ me { dealer { id } } }', {}, token);
    const me = await t.gql(
      'query($f: OrderFilter) { me { displayName dealer { name } } myCreditAccount { available { amount } ' +
        'limit { amount } } orders(first: 5, filter: $f) { edges { node { orderNumber } } } }',
      { f: { dealerId: own.data.me.dealer.id } },
      token,
    );
    expect(me.errors).toBeUndefined();
    await page.locator('header a[href="/store/"]').first().click();
    const available = page.getByTestId('credit-available');
    await available.waitFor();
    expect(digits(await available.textContent())).toBe(me.data.myCreditAccount.available.amount);
    expect(digits(await page.getByTestId('credit-limit').textContent())).toBe(me.data.myCreditAccount.limit.amount);
    expect(await page.getByTestId('header-dealer').textContent()).toBe(me.data.me.dealer.name);
    expect(await page.getByTestId('greeting').textContent()).toContain(me.data.me.displayName);
    await page.getByTestId('order-row').first().waitFor();
    const numbers = await page.getByTestId('order-row').locator('.number').allTextContents();
    expect(numbers).toEqual(me.data.orders.edges.map((e: { node: { orderNumber: string } }) => e.node.orderNumber));
    await screenshot(page, 'storefront-home');
    await expectNoA11yViolations(page, 'storefront home');

    // Catalogue: search (debounced, in the URL) → the total and the cards are the API's.
    await page.locator('header nav a[href="/store/catalog"]').click();
    await page.getByTestId('product-card').first().waitFor();
    await page.getByTestId('catalog-search').fill('牛奶');
    await page.waitForURL(/[?&]q=/);
    const milk = await products({ search: '牛奶' });
    expect(milk.totalCount).toBeGreaterThan(0);
    await totalShown(page, milk.totalCount);
    expect(await page.getByTestId('catalog-total').textContent()).toContain(`共 ${milk.totalCount} 个商品`);
    await expect.poll(() => page.getByTestId('product-card').count()).toBe(Math.min(24, milk.totalCount));
    expect(await page.getByTestId('product-name').first().textContent()).toBe(milk.edges[0]!.node.name);

    // Category 乳制品 (its subtree included), together with the search, then alone.
    await page.locator('[data-testid="catalog-filters"] [data-category="cat_dairy"]').click();
    await page.waitForURL(/cat=cat_dairy/);
    const milkDairy = await products({ search: '牛奶', categoryId: 'cat_dairy' });
    await totalShown(page, milkDairy.totalCount);
    await page.getByTestId('catalog-search').fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    const dairy = await products({ categoryId: 'cat_dairy' });
    expect(dairy.totalCount).toBeGreaterThan(24);
    await totalShown(page, dairy.totalCount);
    await expect.poll(() => page.getByTestId('product-card').count()).toBe(24);
    // The next page through the cursor.
    await page.getByTestId('load-more').click();
    await expect.poll(() => page.getByTestId('product-card').count()).toBe(Math.min(48, dairy.totalCount));
    await screenshot(page, 'storefront-catalog');
    await expectNoA11yViolations(page, 'storefront catalogue');

    // Product detail: the dealer's grade price, below the list price, and the API's availability.
    const card = page.getByTestId('product-card').first();
    const productId = (await card.getAttribute('data-id'))!;
    await card.click();
    await page.waitForURL(new RegExp(`/store/products/${productId}$`));
    const priceEl = page.getByTestId('product-price');
    await priceEl.waitFor();
    const api = await t.gql(PRODUCT, { id: productId }, token);
    expect(api.errors).toBeUndefined();
    const p = api.data.product;
    const priceText = digits(await priceEl.textContent());
    expect(priceText).toBe(p.price.amount);
    expect(priceText).not.toBe(p.listPrice.amount);
    expect(digits(await page.getByTestId('product-list-price').textContent())).toBe(p.listPrice.amount);
    expect(digits(await page.getByTestId('product-available').textContent())).toBe(String(p.availability.available));
    expect(await page.getByTestId('stock-level').count()).toBe(p.stockLevels.length);
    expect(await page.getByTestId('category-path').textContent()).toContain('乳制品');
    await screenshot(page, 'storefront-product');
    await expectNoA11yViolations(page, 'storefront product');

    // Back keeps the filter (it lives in the URL).
    await page.goBack();
    await page.waitForURL(/cat=cat_dairy/);
    await totalShown(page, dairy.totalCount);

    // English: labels and product names switch; the choice survives a reload.
    await page.locator('[data-locale="en"]').click();
    await page.locator('header nav a[href="/store/catalog"]', { hasText: 'Catalog' }).waitFor();
    expect(await page.getByTestId('catalog-total').textContent()).toContain(`${dairy.totalCount} products`);
    expect(await page.locator('h1').textContent()).toBe('Catalog');
    expect(await page.getByTestId('product-name').first().textContent()).toBe(dairy.edges[0]!.node.nameEn);
    await page.reload();
    await totalShown(page, dairy.totalCount);
    expect(await page.locator('h1').textContent()).toBe('Catalog');
    await page.locator('[data-locale="zh-CN"]').click();
    await page.locator('h1', { hasText: '商品目录' }).waitFor();
    await expectNoA11yViolations(page, 'storefront catalogue (after English and back)');

    signedIn = await context.storageState();
    await context.close();
  });

  it('fits a phone: one column, bottom navigation, filters in a drawer', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: signedIn,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${store}/catalog?q=${encodeURIComponent('牛奶')}`);
    await page.getByTestId('product-card').first().waitFor();
    const milk = await products({ search: '牛奶' });
    await totalShown(page, milk.totalCount);
    await page.getByTestId('bottom-nav').waitFor();
    expect(await page.locator('header nav').isVisible()).toBe(false);
    // No sideways scrolling, and the cards are stacked in one column.
    expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
    const [a, b] = await page
      .getByTestId('product-card')
      .evaluateAll((els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().left));
    expect(a).toBe(b);
    // What the phone shows (the viewport, bottom bar included), not the whole page.
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'storefront-catalog-phone.png') });
    // The filter drawer opens and picks a category.
    await expectNoA11yViolations(page, 'storefront catalogue on a phone');
    await page.getByTestId('open-filters').click();
    await expectNoA11yViolations(page, 'storefront filter drawer on a phone');
    await page.locator('[data-testid="catalog-filters"] [data-category="cat_mlk"]').click();
    const milkCat = await products({ search: '牛奶', categoryId: 'cat_mlk' });
    await totalShown(page, milkCat.totalCount);
    await context.close();
  });

  it('shows a friendly not-found state for an unknown product and an unknown page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, storageState: signedIn });
    const page = await context.newPage();
    await page.goto(`${store}/products/prd_does_not_exist`);
    await page.getByTestId('product-not-found').waitFor();
    expect(await page.getByTestId('product-not-found').textContent()).toContain('商品不存在');
    await expectNoA11yViolations(page, 'storefront unknown product');
    await page.goto(`${store}/no-such-page`);
    await page.locator('main .empty').waitFor();
    await expectNoA11yViolations(page, 'storefront not-found page');
    await context.close();
  });

  it('refuses head-office users with a clear message and logs out to the login page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${store}/login`);
    await page.getByTestId('login-username').fill('hq_admin');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('WRONG_ROLE');

    await page.getByTestId('login-username').fill('nj_staff');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('credit-available').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-notice').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('dnp.store.session'))).toBeNull();
    // Logged out, a protected page leads back to the login form.
    await page.goto(`${store}/`);
    await page.getByTestId('login-form').waitFor();
    await context.close();
  });

  it('refreshes an expired access token and retries; signs out with a message when it cannot', async () => {
    const res = await t.gql(
      'mutation ($input: LoginInput!) { login(input: $input) { refreshToken user { id username displayName ' +
        'role dealer { id name nameEn } } } }',
      {
        input: { username: 'nj_admin', password: DEMO_PASSWORD },
      },
    );
    const { refreshToken, user } = res.data.login;
    // Correctly signed but expired: the gateway answers 401 TOKEN_EXPIRED. The session claims
    // it is still valid, so the app only learns it from that answer.
    const expired = await new SignJWT({ role: 'DEALER_ADMIN', name: user.displayName, dealerId: user.dealer.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dnp-dealers')
      .setAudience('dnp')
      .setSubject(user.id)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(t.authSecret));
    const seed = (session: object) => ({
      cookies: [],
      origins: [
        {
          origin: new URL(store).origin,
          localStorage: [{ name: 'dnp.store.session', value: JSON.stringify(session) }],
        },
      ],
    });
    const later = new Date(Date.now() + 3600_000).toISOString();

    let context = await browser.newContext({
      storageState: seed({ accessToken: expired, refreshToken, expiresAt: later, user }),
    });
    let page = await context.newPage();
    await page.goto(`${store}/`);
    await page.getByTestId('credit-available').waitFor();
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('dnp.store.session')))!);
    expect(stored.accessToken).not.toBe(expired);
    expect(stored.refreshToken).not.toBe(refreshToken); // rotated
    await context.close();

    // The old refresh token was used up: the next refresh fails and the dealer must sign in again.
    context = await browser.newContext({
      storageState: seed({ accessToken: expired, refreshToken, expiresAt: later, user }),
    });
    page = await context.newPage();
    await page.goto(`${store}/catalog`);
    await page.getByTestId('login-notice').waitFor();
    expect(await page.getByTestId('login-notice').textContent()).toContain('登录已过期');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/catalog');
    await context.close();
  });
});
