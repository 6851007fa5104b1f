import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { creditCode, ean13, gatewayBase, uploadFile } from './support/network-admin.js';
import { bootPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';
import { lit, sqlRows } from './support/o2c.js';
import { O2C, placeApproved, plentifulProducts } from './support/o2c-fixtures.js';

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

// ---- a2: the HQ console's network administration pages ----
describe('network apps: HQ console network administration', () => {
  const STRONG = 'Second#Approver2026';
  let hq: string;
  /** The Nanjing demo dealer (its credit line and a staff user of it are changed below). */
  let njDealerId: string;

  /** HQ console page of a user whose password is not the demo one (an invited user). */
  async function consoleWith(username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    for (const [id, value] of [
      ['login-username', username],
      ['login-password', password],
    ] as const) {
      await page.getByTestId(id).fill(value);
    }
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 });
    return page;
  }

  /** Sets the password of an invited user through its link (which also enables it). */
  async function acceptInvitation(url: string): Promise<void> {
    const accepted = await t.gql(
      'mutation A($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }',
      { input: { token: url.split('/invite/')[1], password: STRONG } },
    );
    expect(accepted.errors).toBeUndefined();
  }

  /** Submits an application for a Nanjing food distributor, as the storefront's form does; its number. */
  async function submitApplication(): Promise<string> {
    const code = creditCode(`91320106MA${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const kinds = [
      ['BUSINESS_LICENSE', code, '2040-12-31'],
      ['FOOD_DISTRIBUTION_LICENSE', 'JY13201060012345', '2031-06-30'],
    ] as const;
    const documents = [];
    for (const [kind, number, validUntil] of kinds) {
      const upload = await uploadFile(gatewayBase(t), 'APPLICATION_DOCUMENT', Buffer.from('%PDF-1.4\n%%EOF\n'));
      documents.push({
        kind,
        number,
        validUntil,
        issuer: '南京市玄武区市场监督管理局',
        uploadId: upload.json.uploadId,
      });
    }
    const input = {
      ...{ companyName: '南京控制台食品贸易有限公司', creditCode: code, legalRepresentative: '周明' },
      ...{ address: '江苏省南京市玄武区中山路18号', levelApplied: 'REGIONAL_DEALER', regionId: 'reg_js_nj' },
      ...{ contactName: '周明', contactPhone: '13851234567', businessScopes: ['FOOD'], wantsWarehouse: false },
      documents,
    };
    const res = await t.gql(
      'mutation Apply($input: DealerApplicationInput!) { submitDealerApplication(input: $input) { ' +
        'number errors { code } } }',
      { input },
    );
    expect(res.data.submitDealerApplication.errors).toEqual([]);
    return res.data.submitDealerApplication.number;
  }

  /** Opens the application `number` from the queue's tab `status`. */
  async function openApplication(page: Page, status: string, number: string): Promise<void> {
    await page.goto(`${base}/console/network/applications`);
    await page.getByTestId(`application-status-${status}`).click();
    await page.locator(`[data-testid=application-row][data-number="${number}"] a`).click();
    await page.getByTestId('application-review').waitFor();
  }

  beforeAll(async () => {
    hq = await t.login('hq_admin');
    const me = await t.gql('{ me { dealer { id } } }', {}, await t.login('nj_admin'));
    njDealerId = me.data.me.dealer.id;
  });

  /** Invites a user through the API as head office; its one-time link. */
  async function invite(input: Record<string, unknown>): Promise<string> {
    const res = await t.gql(
      'mutation I($input: InviteUserInput!) { inviteUser(input: $input) { invitationUrl errors { code } } }',
      { input },
      hq,
    );
    expect(res.data.inviteUser.errors).toEqual([]);
    return res.data.inviteUser.invitationUrl;
  }

  it('the region manager reviews an application; head office admits it and sees the link once', async () => {
    const number = await submitApplication();

    const east = await consoleAs('east_manager');
    await openApplication(east, 'SUBMITTED', number);
    expect(await east.getByTestId('application-document').count()).toBe(2);
    await expectNoA11yViolations(east, 'console application review (region manager)');
    await east.getByTestId('application-comment').fill('证照齐全，同意');
    await east.getByTestId('application-approve').click();
    await east.locator('[data-testid=application][data-status=REGION_APPROVED]').waitFor();
    // The manager's step is done: the final review is head office's.
    expect(await east.getByTestId('application-review').count()).toBe(0);

    const admin = await consoleAs('hq_admin');
    await openApplication(admin, 'REGION_APPROVED', number);
    await admin.getByTestId('admit-grade').selectOption('C');
    await admin.getByTestId('admit-limit').fill('50000');
    await admin.getByTestId('admit-username').fill('e2e_a2_admin');
    await admin.getByTestId('application-approve').click();
    const link = admin.getByTestId('link-url');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await screenshot(admin, 'network-apps-invitation-link');
    await expectNoA11yViolations(admin, 'console admission with the invitation link');
    await admin.getByTestId('link-close').click();
    expect(await admin.getByTestId('link-dialog').count()).toBe(0);
    await admin.locator('[data-testid=application][data-status=APPROVED]').waitFor();
    await admin.getByTestId('application-dealer').waitFor();
  });

  // Long because: two people in two browsers, with the API checking what the pages claim.
  it('a credit increase above the threshold waits for a second HQ approver: the requester has no buttons', async () => {
    const dealerId = njDealerId;
    const ACCOUNT = 'query A($id: ID!) { dealer(id: $id) { creditAccount { limit { amount } } } }';
    const before = await t.gql(ACCOUNT, { id: dealerId }, hq);
    const target = (Number(before.data.dealer.creditAccount.limit.amount) + 300_000).toFixed(2);
    // The second approver: another head-office user, invited and activated through the API.
    const url = await invite({ username: 'e2e_a2_hq2', displayName: '复核人二号', role: 'HQ_ADMIN' });
    await acceptInvitation(url);

    const requester = await consoleAs('hq_admin');
    await requester.goto(`${base}/console/dealers/${dealerId}`);
    await requester.getByTestId('dealer-tab-credit').click();
    await requester.getByTestId('credit-request-limit').fill(target);
    await requester.getByTestId('credit-request-reason').fill('旺季备货，提高额度');
    await requester.getByTestId('credit-request-submit').click();
    await requester.locator('[data-testid=credit-request-done][data-outcome=PENDING_APPROVAL]').waitFor();
    await expectNoA11yViolations(requester, 'console dealer profile, credit tab');

    await requester.goto(`${base}/console/finance/credit-changes`);
    const own = requester.locator('[data-testid=credit-pending-row][data-status=PENDING_APPROVAL]').first();
    await own.getByTestId('credit-awaiting').waitFor();
    expect(await own.getByTestId('credit-approve').count()).toBe(0);
    const changeId = await own.getAttribute('data-id');
    await expectNoA11yViolations(requester, 'console credit changes (requester)');

    const approver = await consoleWith('e2e_a2_hq2', STRONG);
    await approver.goto(`${base}/console/finance/credit-changes`);
    const row = approver.locator(`[data-testid=credit-pending-row][data-id="${changeId}"]`);
    await row.getByTestId('credit-approve').click();
    await row.waitFor({ state: 'detached' });
    await approver.locator(`[data-testid=credit-all-row][data-id="${changeId}"][data-status=APPLIED]`).waitFor();
    const after = await t.gql(ACCOUNT, { id: dealerId }, hq);
    expect(after.data.dealer.creditAccount.limit.amount).toBe(target);
  });

  it('head office disables a dealer user on the users page; the grade proposals page opens', async () => {
    // A user of its own, so the other describes keep the demo staff.
    // Invited users are inactive until they set their password.
    const url = await invite({
      username: 'e2e_a2_staff',
      displayName: '临时店员',
      role: 'DEALER_STAFF',
      dealerId: njDealerId,
    });
    await acceptInvitation(url);
    const admin = await consoleAs('hq_admin');
    await admin.goto(`${base}/console/users`);
    await admin.getByTestId('user-search').fill('e2e_a2_staff');
    const row = admin.locator('[data-testid=user-row][data-username=e2e_a2_staff]');
    await row.getByTestId('user-disable').click();
    await admin.getByTestId('user-disable-reason').fill('离职');
    await admin.getByTestId('user-edit-submit').click();
    await admin.locator('[data-testid=user-row][data-username=e2e_a2_staff][data-active=false]').waitFor();
    await expectNoA11yViolations(admin, 'console users');
    const users = await t.gql(
      '{ users(first: 5, filter: { search: "e2e_a2_staff" }) { edges { node { active } } } }',
      {},
      hq,
    );
    expect(users.data.users.edges[0].node.active).toBe(false);

    await admin.goto(`${base}/console/network/grades`);
    await admin.getByTestId('grade-status').waitFor();
    await admin.locator('[data-testid=grade-table], [data-testid=state-empty]').first().waitFor();
    await expectNoA11yViolations(admin, 'console grade proposals');
  });
});

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

  it('a parent sees PRICE_BELOW_FLOOR inline, sets a price at the floor and a sub-dealer credit line', async () => {
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

    // The credit lines it grants its direct sub-dealers: one opened or changed in place.
    await page.goto(`${base}/store/seller/credit-lines`);
    const line = page.getByTestId('credit-line-row').first();
    await line.getByTestId('credit-line-edit').click();
    await line.getByTestId('credit-line-limit-input').fill('61234.00');
    await line.getByTestId('credit-line-reason').fill('browser test');
    await expectNoA11yViolations(page, 'storefront /seller/credit-lines');
    await line.getByTestId('credit-line-save').click();
    await expect.poll(() => line.getByTestId('credit-line-limit').textContent()).toContain('61,234');
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

// ---- c1: the console's distribution report (§10, §17): sell-in and sell-through per level and month ----

describe('console distribution report: the brand sees sell-in and sell-through per level (c1)', () => {
  const FLOW = `query($p: YearMonth!) { distributionFlow(period: $p) { sellerLevel buyerLevel orders units } }`;
  const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
    order { id status } errors { code message } } }`;
  const REVIEW = 'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE) { errors { code } } }';
  /** The current business month (Beijing), as the page defaults to it, and the one before. */
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  let hq: string;

  /** Ships every PICKING shipment of `orderId` as `token` (the brand's operator or HQ, or the parent's admin). */
  async function shipAll(orderId: string, token: string): Promise<void> {
    const ids = sqlRows(t, `select id from dnp_orders.shipment where order_id = '${orderId}' and status = 'PICKING'`);
    expect(ids.length).toBeGreaterThan(0);
    for (const [shipmentId] of ids) {
      const input = {
        shipmentId,
        carrier: '顺丰',
        trackingNumber: `SF-C1-${shipmentId!.replace(/[^A-Za-z0-9]/g, '').slice(-20)}`,
      };
      const res = await t.gql(O2C.ship, { input }, token);
      expect(res.data?.shipShipment.errors, JSON.stringify(res)).toEqual([]);
    }
  }

  // Long because: one brand order and one parent order placed, (reviewed,) shipped through the API first.
  beforeAll(async () => {
    let js: string, nj: string;
    [hq, js, nj] = await Promise.all(['hq_admin', 'js_admin', 'nj_admin'].map((u) => t.login(u)));
    const njId = (await t.gql('{ me { dealer { id } } }', {}, nj)).data.me.dealer.id as string;
    // Sell-in: Nanjing (a regional dealer) buys from the brand; HQ ships it.
    const [brandProduct] = plentifulProducts(t, ['wh_hq', 'wh_east'], 20, 1);
    const brandOrder = await placeApproved(t, nj, [{ productId: brandProduct!, quantity: 2 }]);
    await shipAll(brandOrder.id, hq);
    // Sell-through: Nanjing buys from Jiangsu (a provincial agent) on the line Jiangsu grants; Jiangsu ships it.
    const line = await t.gql(
      'mutation($i: SubDealerCreditLineInput!) { setSubDealerCreditLine(input: $i) { errors { code } } }',
      { i: { dealerId: njId, limit: '100000', termDays: 30, reason: 'distribution report e2e' } },
      js,
    );
    expect(line.data.setSubDealerCreditLine.errors).toEqual([]);
    const [[parentProduct]] = sqlRows(
      t,
      'select e.product_id from dnp_pricing.price_list_entry e ' +
        "join dnp_inventory.stock_level s on s.product_id = e.product_id and s.warehouse_id = 'wh_d00002' " +
        "join dnp_products.product p on p.id = e.product_id and p.status = 'ACTIVE' and p.sales_regions is null " +
        "where e.price_list_id = 'pl_sub_js_b' and e.min_quantity = 1 " +
        'and s.on_hand - s.reserved - s.quarantined >= 3 order by e.product_id limit 1',
    ) as string[][];
    const input = {
      lines: [{ productId: parentProduct, quantity: 1 }],
      idempotencyKey: `c1-flow-${randomUUID()}`,
      seller: 'PARENT',
    };
    const placed = await t.gql(PLACE, { input }, nj);
    expect(placed.data?.placeOrder.errors, JSON.stringify(placed)).toEqual([]);
    const order = placed.data.placeOrder.order;
    if (order.status === 'PENDING_REVIEW') {
      expect((await t.gql(REVIEW, { id: order.id }, js)).data.reviewOrder.errors).toEqual([]);
    } else expect(order.status).toBe('APPROVED');
    await shipAll(order.id, js);
  }, 120_000);

  /** The table's rows as [seller, buyer, orders] (what the page shows). */
  const tableRows = (page: Page) =>
    page
      .locator('[data-testid=flow-row]')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-seller'),
          r.getAttribute('data-buyer'),
          r.querySelector('[data-col=orders]')?.textContent?.replace(/\D/g, ''),
        ]),
      );
  /** The API's rows of a month as [seller, buyer, orders], in the page's order (top of the network first). */
  async function apiRows(period: string): Promise<string[][]> {
    const res = await t.gql(FLOW, { p: period }, hq);
    expect(res.errors).toBeUndefined();
    const order = ['BRAND', 'NATIONAL_AGENT', 'PROVINCIAL_AGENT', 'REGIONAL_DEALER', 'RETAILER', 'UNKNOWN'];
    return res.data.distributionFlow
      .map((r: { sellerLevel: string; buyerLevel: string; orders: number }) => [
        r.sellerLevel,
        r.buyerLevel,
        `${r.orders}`,
      ])
      .sort(
        (a: string[], b: string[]) =>
          order.indexOf(a[0]!) - order.indexOf(b[0]!) || order.indexOf(a[1]!) - order.indexOf(b[1]!),
      );
  }

  it('shows brand → level and parent → sub-dealer flows; the month filter moves the URL and the table', async () => {
    const page = await consoleAs('hq_admin');
    await page.getByRole('link', { name: '渠道流向' }).click();
    await page.waitForURL(/\/console\/reports\/distribution$/);
    const table = page.locator(`[data-testid=distribution-table][data-period="${month}"]`);
    await table.waitFor();
    const current = await apiRows(month);
    expect(current).toContainEqual(['BRAND', 'REGIONAL_DEALER', expect.any(String)]);
    expect(current).toContainEqual(['PROVINCIAL_AGENT', 'REGIONAL_DEALER', expect.any(String)]);
    expect(await tableRows(page)).toEqual(current);
    const sellThrough = page.locator('[data-testid=flow-row][data-kind=SELL_THROUGH][data-seller=PROVINCIAL_AGENT]');
    expect(await sellThrough.getAttribute('data-buyer')).toBe('REGIONAL_DEALER');
    await page.getByTestId('distribution-chart').waitFor();
    await screenshot(page, 'network-apps-distribution');
    await expectNoA11yViolations(page, 'console distribution report');

    // The month before: the URL carries it, the table shows that month's flow (the seed's shipments).
    await page.getByTestId('distribution-period').fill(previous);
    await page.waitForURL((url) => url.searchParams.get('period') === previous);
    const before = await apiRows(previous);
    await page
      .locator(`[data-testid=distribution-table][data-period="${previous}"], [data-testid=state-empty]`)
      .first()
      .waitFor();
    expect(await tableRows(page)).toEqual(before);
    expect(before).not.toContainEqual(['PROVINCIAL_AGENT', 'REGIONAL_DEALER', expect.any(String)]);

    // A region in the URL too; a reload shows the same report, and a finance clerk is sent to its home page.
    await page.getByTestId('distribution-region').selectOption('reg_east');
    await page.waitForURL((url) => url.searchParams.get('region') === 'reg_east');
    expect(new URL(page.url()).searchParams.get('period')).toBe(previous);
    await page.reload();
    await page
      .locator(`[data-testid=distribution-table][data-period="${previous}"], [data-testid=state-empty]`)
      .first()
      .waitFor();
    await expect.poll(() => page.getByTestId('distribution-region').inputValue()).toBe('reg_east');
    const clerk = await consoleAs('fin_clerk');
    await clerk.goto(`${base}/console/reports/distribution`);
    await clerk.waitForURL(/\/console\/dealers$/);
  });
});

// ---- s1: two-tier distribution in the storefront (§17): Buy from the parent, its review, its rules ----

describe('network apps: a sub-dealer buys from its parent, which reviews the order in the storefront', () => {
  let js: string;
  let nj: string;
  let njId: string;
  let jsId: string;
  // A product Jiangsu stocks (3+ free units in its own warehouse) and prices for its grade-B sub-dealers.
  let productId: string;
  const ME = '{ me { dealer { id parentId } } }';
  const QUOTE = 'query($i: QuoteInput!) { quote(input: $i) { total { amount } lines { unitPrice { amount } } } }';

  beforeAll(async () => {
    [js, nj] = await Promise.all([t.login('js_admin'), t.login('nj_admin')]);
    const [jsMe, njMe] = await Promise.all([t.gql(ME, {}, js), t.gql(ME, {}, nj)]);
    [jsId, njId] = [jsMe.data.me.dealer.id, njMe.data.me.dealer.id];
    expect(njMe.data.me.dealer.parentId).toBe(jsId);
    [[productId]] = sqlRows(
      t,
      'select e.product_id from dnp_pricing.price_list_entry e ' +
        `join dnp_inventory.warehouse w on w.dealer_id = ${lit(jsId)} ` +
        'join dnp_inventory.stock_level s on s.product_id = e.product_id and s.warehouse_id = w.id ' +
        "join dnp_products.product p on p.id = e.product_id and p.status = 'ACTIVE' and p.sales_regions is null " +
        "where e.price_list_id = 'pl_sub_js_b' and e.min_quantity = 1 " +
        'and s.on_hand - s.reserved - s.quarantined >= 3 order by e.product_id limit 1',
    ) as string[][];
    // The line Jiangsu grants Nanjing (an earlier describe may have opened it: a changed limit is as good).
    const line = await t.gql(
      'mutation($i: SubDealerCreditLineInput!) { setSubDealerCreditLine(input: $i) { errors { code } } }',
      { i: { dealerId: njId, limit: '150000', termDays: 30, reason: 'storefront two-tier e2e' } },
      js,
    );
    expect(line.errors).toBeUndefined();
  });

  it("/seller/rules refuses a threshold at the field, then saves 'review every order'", async () => {
    const page = await storefrontAs('js_admin');
    await page.goto(`${base}/store/account`);
    await page.getByTestId('account-seller-rules').click();
    await page.getByTestId('seller-rules').waitFor();
    await page.getByTestId('seller-rules-THRESHOLD').check();
    await page.getByTestId('seller-rules-threshold').fill('99999999999');
    await page.getByTestId('seller-rules-save').click();
    const error = page.getByTestId('seller-rules-threshold-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('AMOUNT_TOO_LARGE');
    await expectNoA11yViolations(page, 'storefront /seller/rules with a refusal');

    await page.getByTestId('seller-rules-MANUAL').check();
    await page.getByTestId('seller-rules-save').click();
    await page.getByTestId('seller-rules-saved').waitFor();
    const stored = await t.gql('{ subDealerReviewRules { autoApprove reviewAmountThreshold { amount } } }', {}, js);
    expect(stored.data.subDealerReviewRules).toEqual({ autoApprove: false, reviewAmountThreshold: null });
  });

  it("Nanjing buys from its parent at the parent's price; js_admin approves it in /seller/orders", async () => {
    const store = await storefrontAs('nj_admin');
    await store.goto(`${base}/store/products/${productId}`);
    await store.getByTestId('product-detail').waitFor();
    await store.getByTestId('add-to-cart-qty').fill('2');
    await store.getByTestId('add-to-cart').click();
    await store.getByTestId('header-cart').click();
    await store.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    await store.locator('[data-testid="buy-from"][data-seller="BRAND"]').waitFor();

    const lines = [{ productId, quantity: 2 }];
    const fromParent = await t.gql(QUOTE, { i: { lines, sellerDealerId: jsId } }, nj);
    expect(fromParent.errors).toBeUndefined();
    const parentPrice = fromParent.data.quote.lines[0].unitPrice.amount;
    await store.getByTestId('buy-from-PARENT').check();
    const unitPrice = store.getByTestId('line-unit-price').first();
    await expect.poll(() => unitPrice.getAttribute('data-amount'), { timeout: 10_000 }).toBe(parentPrice);
    await store.locator('[data-testid="cart-side"][data-ready="true"]').waitFor();
    expect(await store.getByTestId('quote-total').getAttribute('data-amount')).toBe(fromParent.data.quote.total.amount);
    await expectNoA11yViolations(store, 'storefront cart buying from the parent');
    await store.getByTestId('place-order').click();
    const outcome = store.locator('[data-testid="order-outcome"][data-status="PENDING_REVIEW"]');
    await outcome.waitFor({ timeout: 30_000 });
    await screenshot(store, 'network-apps-buy-from-parent');

    const placed = await t.gql(
      'query($d: ID!) { orders(first: 1, filter: { dealerId: $d }) { edges { node { id status seller { id } } } } }',
      { d: njId },
      nj,
    );
    const order = placed.data.orders.edges[0].node;
    expect(order).toMatchObject({ status: 'PENDING_REVIEW', seller: { id: jsId } });

    const page = await storefrontAs('js_admin');
    await page.goto(`${base}/store/account`);
    await page.getByTestId('account-seller-orders').click();
    const item = page.locator(`[data-testid="seller-review-item"][data-id="${order.id}"]`);
    await item.waitFor();
    await page.locator(`[data-testid="seller-order-row"][data-id="${order.id}"]`).waitFor();
    await expectNoA11yViolations(page, 'storefront /seller/orders with an order to review');
    await item.getByTestId('seller-approve').click();
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator(`[data-testid="seller-order-row"][data-id="${order.id}"][data-status="APPROVED"]`).waitFor();
    await screenshot(page, 'network-apps-seller-orders');
    const after = await t.gql('query($id: ID!) { order(id: $id) { status } }', { id: order.id }, js);
    expect(after.data.order.status).toBe('APPROVED');
  });
});
