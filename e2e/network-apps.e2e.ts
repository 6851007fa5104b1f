import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { ean13 } from './support/network-admin.js';
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

// ---- a1: the console's master-data pages (§17): product form → storefront, refusals at fields, CSV import ----

describe('network apps: HQ master data in the console', () => {
  let hq: string;
  beforeAll(async () => {
    hq = await t.login('hq_admin');
  });

  /** Brand and leaf category of a demo product (the new product is filed beside it). */
  async function placement(): Promise<{ brandId: string; categoryId: string }> {
    const res = await t.gql('{ products(first: 1) { edges { node { brand { id } category { id } } } } }', {}, hq);
    const node = res.data.products.edges[0].node;
    return { brandId: node.brand.id, categoryId: node.category.id };
  }

  /** Fills the console's product form (on `/catalog/products/new`) and submits it. */
  async function fillProduct(page: Page, sku: string, barcode: string, place: { brandId: string; categoryId: string }) {
    await page.getByTestId('product-form').waitFor();
    await page.getByTestId('product-sku').fill(sku);
    await page.getByTestId('product-barcode').fill(barcode);
    await page.getByTestId('product-name').fill('控制台测试酸奶');
    await page.getByTestId('product-nameEn').fill('Console test yoghurt');
    await page.getByTestId('product-unit').fill('箱');
    await page.getByTestId('product-unitEn').fill('case');
    await page.getByTestId('product-tax').selectOption('REDUCED');
    await page.getByTestId('product-shelf-life').fill('120');
    await page.getByTestId('product-category').selectOption(place.categoryId);
    await page.getByTestId('product-brand').selectOption(place.brandId);
    await page.getByTestId('product-submit').click();
  }

  const PRICE =
    'mutation($id: ID!, $e: [PriceListEntryInput!]!) { setPriceListEntries(priceListId: $id, entries: $e) ' +
    '{ errors { code } } }';
  const STOCK = 'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }';

  /** Searches the storefront catalogue for `sku` at once (Enter, not the debounce) and waits for its card. */
  async function findCard(store: Page, sku: string, id?: string) {
    await store.getByTestId('catalog-search').fill(sku);
    await store.getByTestId('catalog-search').press('Enter');
    const card = store.locator(id ? `[data-testid=product-card][data-id="${id}"]` : '[data-testid=product-card]');
    await card.first().getByTestId('card-price').waitFor({ timeout: 10_000 });
    return card.first();
  }

  it('a product created in the form is priced and orderable in the storefront within 2 s', async () => {
    const [page, store, place] = await Promise.all([consoleAs('hq_admin'), storefrontAs('nj_admin'), placement()]);
    // Warm the paths the 2 s covers (a fresh platform's first calls pay for JIT and pools): a search in
    // the storefront, and refused price and stock writes (unknown list, unknown warehouse: nothing written).
    const demo = await t.gql('{ products(first: 1, filter: { search: "JH-" }) { edges { node { sku } } } }', {}, hq);
    await findCard(store, demo.data.products.edges[0].node.sku);
    await Promise.all([
      t.gql(PRICE, { id: 'pl_none', e: [] }, hq),
      t.gql(STOCK, { i: { warehouseId: 'wh_none', productId: 'prd_none', delta: 1 } }, hq),
    ]);
    await page.goto(`${base}/console/catalog/products`);
    await page.getByTestId('product-row').first().waitFor();
    await expectNoA11yViolations(page, 'console products list');
    await page.getByTestId('new-product').click();
    const sku = `CON-A1-${Date.now().toString(36).toUpperCase()}`;
    // A wrong check digit is refused in the form, at the barcode, before anything is sent.
    const body = `69${String(Date.now()).slice(-10)}`;
    const good = ean13(body);
    const wrong = body + String((Number(good.at(-1)) + 1) % 10);
    await fillProduct(page, sku, wrong, place);
    await page.locator('[data-testid=field-error][data-code=BARCODE_INVALID][data-field=barcode]').waitFor();
    await expectNoA11yViolations(page, 'console product form with a refusal');
    await page.getByTestId('product-barcode').fill(good);
    await page.getByTestId('product-submit').click();
    await page.waitForURL(/\/console\/catalog\/products\/(?!new)[^/]+$/);
    const createdAt = Date.now();
    const steps: string[] = [];
    const step = (name: string) => steps.push(`${name} +${Date.now() - createdAt} ms`);
    const productId = new URL(page.url()).pathname.split('/').at(-1)!;
    // The price on the base list and 100 units in the HQ warehouse (the console's price-list page is
    // tested elsewhere; here the API sets both at once, as §14.1 step 1 does).
    const [priced, stocked] = await Promise.all([
      t.gql(PRICE, { id: 'pl_base', e: [{ productId, minQuantity: 1, unitPriceMinor: 5990 }] }, hq),
      t.gql(STOCK, { i: { warehouseId: 'wh_hq', productId, delta: 100, note: 'console-a1' } }, hq),
    ]);
    step('priced and stocked');
    expect(priced.data.setPriceListEntries.errors).toEqual([]);
    expect(stocked.data.adjustStock.errors).toEqual([]);
    const card = await findCard(store, sku, productId);
    await card.getByTestId('add-to-cart').waitFor();
    step('card with a price');
    const elapsed = Date.now() - createdAt;
    console.log(`console create → storefront card priced in ${elapsed} ms (${steps.join(', ')})`);
    expect(await card.getByTestId('add-to-cart').isEnabled()).toBe(true);
    // Soft: a slow box still goes on to check the rest of the page; the test fails at its end.
    expect.soft(elapsed).toBeLessThan(2_000);
    await page.getByTestId('product-status').waitFor();
    expect(await page.getByTestId('product-status').getAttribute('data-status')).toBe('ACTIVE');
    await screenshot(page, 'network-apps-console-product');
    await expectNoA11yViolations(page, 'console product page');

    // The same SKU again: the server's SKU_TAKEN shows at the SKU field.
    await page.goto(`${base}/console/catalog/products/new`);
    await fillProduct(page, sku, ean13(`68${String(Date.now()).slice(-10)}`), place);
    await page.locator('[data-testid=field-error][data-code=SKU_TAKEN][data-field=sku]').waitFor();
    expect(new URL(page.url()).pathname.endsWith('/catalog/products/new')).toBe(true);

    // An image drawn by the browser (a real PNG) uploaded on the product page: attached, its thumbnail served.
    const png = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [320, 240];
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#1e40af';
      g.fillRect(0, 0, 320, 240);
      return canvas.toDataURL('image/png').split(',')[1];
    });
    await page.goto(`${base}/console/catalog/products/${productId}`);
    await page.getByTestId('product-image-file').setInputFiles({
      name: 'a1.png',
      mimeType: 'image/png',
      buffer: Buffer.from(png, 'base64'),
    });
    const thumb = page.locator('[data-testid=product-image] img').first();
    await thumb.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).naturalWidth > 0, await thumb.elementHandle());
    await expectNoA11yViolations(page, 'console product page with an image');
  });

  it('the categories, brands and warehouses pages render and are axe-clean', async () => {
    const page = await consoleAs('hq_admin');
    await page.goto(`${base}/console/catalog/categories`);
    await page.getByTestId('category-node').first().waitFor();
    await page.getByTestId('brand-row').first().waitFor();
    // A top-level category offers neither itself nor its descendants as a new parent.
    const top = page.locator('[data-testid=category-node][data-depth="0"]').first();
    const code = await top.getAttribute('data-code');
    await top.getByTestId('category-move').click();
    const self = page.locator(`[data-testid=category-move-parent] option[data-code="${code}"]`);
    expect(await self.isDisabled()).toBe(true);
    await expectNoA11yViolations(page, 'console categories and brands');
    await page.goto(`${base}/console/inventory/warehouses`);
    await page.getByTestId('warehouse-row').first().waitFor();
    await expectNoA11yViolations(page, 'console warehouses');
  });

  it('a CSV with a bad line shows the line error; importing the good lines shows progress to done', async () => {
    const res = await t.gql('{ products(first: 3, filter: { search: "JH-" }) { edges { node { sku } } } }', {}, hq);
    const skus: string[] = res.data.products.edges.map((e: { node: { sku: string } }) => e.node.sku);
    expect(skus).toHaveLength(3);
    const csv = ['仓库编码,SKU,安全库存', `WH-HQ,${skus[0]},31`, 'WH-HQ,NO-SUCH-SKU,5', `WH-HQ,${skus[1]},32`];
    csv.push(`WH-HQ,${skus[2]},33`);
    const page = await consoleAs('hq_admin');
    await page.goto(`${base}/console/inventory/safety-stock`);
    await page.getByTestId('safety-row').first().waitFor();
    await expectNoA11yViolations(page, 'console safety stock');
    await page.getByTestId('safety-import-file').setInputFiles({
      name: 'safety-a1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv.join('\n')}\n`, 'utf8'),
    });
    await page.getByTestId('safety-import-check').click();
    const line = page.locator('[data-testid=safety-line-error]');
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.first().getAttribute('data-line')).toBe('3');
    expect(await line.first().getAttribute('data-code')).toBe('SKU_UNKNOWN');
    await expectNoA11yViolations(page, 'console safety-stock import report');
    const importGood = page.getByTestId('safety-import-good');
    expect((await importGood.textContent())?.includes('3')).toBe(true);
    await importGood.click();
    await page.getByTestId('safety-import-progress').waitFor();
    await page.locator('[data-testid=safety-import-job][data-status=COMPLETED]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('safety-import-progress').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'network-apps-safety-import');
    await expectNoA11yViolations(page, 'console safety-stock import done');
    // The applied levels: the three good lines' safety stock in the HQ warehouse.
    const after = await t.gql(
      '{ products(first: 3, filter: { search: "JH-" }) { edges { node { sku stockLevels { safetyStock ' +
        'warehouse { id } } } } } }',
      {},
      hq,
    );
    const levels = after.data.products.edges.map(
      (e: { node: { sku: string; stockLevels: { safetyStock: number; warehouse: { id: string } }[] } }) =>
        e.node.stockLevels.find((l) => l.warehouse.id === 'wh_hq')?.safetyStock,
    );
    expect(levels).toEqual([31, 32, 33]);
  });
});
