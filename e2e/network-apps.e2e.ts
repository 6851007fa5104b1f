import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { creditCode, gatewayBase, uploadFile } from './support/network-admin.js';
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
