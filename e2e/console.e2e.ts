import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { bootSharedPlatform, DEMO_PASSWORD, type TestPlatform } from './support/platform.js';

// The HQ console (console-hq/dist, served by the gateway under /console/) driven in the system
// Chromium against the real platform; every figure on screen is checked against the API.

const DASHBOARD = /* GraphQL */ `
  query ($g: TrendGranularity!) {
    salesTrend(granularity: $g) {
      label
      orderCount
      amount {
        amount
      }
    }
    salesByRegion(level: SALES_REGION) {
      region {
        id
        name
      }
      orderCount
      amount {
        amount
      }
    }
    orderStatusCounts {
      status
      count
    }
    stockLevels(first: 0, filter: { belowSafetyStock: true }) {
      totalCount
    }
  }
`;

type Granularity = 'DAY' | 'WEEK' | 'MONTH';
/** The bit of HTMLCanvasElement the chart check reads (this tsconfig has no DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** "1234.5" → 123450n (fen), exactly. */
function minor(amount: string): bigint {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}
/** Screen text such as "¥24,707,690.10" or "2,737" → the digits it shows. */
const digits = (text: string | null) => (text ?? '').replace(/[^\d.-]/g, '');
const screenMinor = (text: string | null) => minor(digits(text));

describe('HQ console in the browser', () => {
  let t: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  let hqToken: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    hqToken = await t.login('hq_admin');
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function api(g: Granularity, token = hqToken) {
    const res = await t.gql(DASHBOARD, { g }, token);
    expect(res.errors).toBeUndefined();
    return res.data as {
      salesTrend: { label: string; orderCount: number; amount: { amount: string } }[];
      salesByRegion: { region: { id: string; name: string }; orderCount: number; amount: { amount: string } }[];
      orderStatusCounts: { status: string; count: number }[];
      stockLevels: { totalCount: number };
    };
  }

  async function loginThroughUi(username: string) {
    await page.goto(`${base}/console/login`);
    await page.locator('[data-testid=login-form]').waitFor();
    await page.fill('[data-testid=login-username]', username);
    await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-submit]');
  }

  /** Waits until the dashboard shows the totals of `g` (KPI cards and the table footer). */
  async function expectTrendOnScreen(g: Granularity) {
    const { salesTrend } = await api(g);
    const orders = salesTrend.reduce((n, p) => n + p.orderCount, 0);
    const amount = salesTrend.reduce((s, p) => s + minor(p.amount.amount), 0n);
    const kpiOrders = page.locator('[data-testid=kpi-orders] [data-role=kpi-value]');
    const kpiSales = page.locator('[data-testid=kpi-sales] [data-role=kpi-value]');
    await expect.poll(async () => digits(await kpiOrders.textContent()), { timeout: 15_000 }).toBe(String(orders));
    await expect.poll(async () => screenMinor(await kpiSales.textContent()), { timeout: 15_000 }).toBe(amount);
    // The data table beneath the chart lists exactly the API's periods, and its footer the same sums.
    const rows = page.locator('[data-testid=trend-row]');
    await expect.poll(() => rows.count()).toBe(salesTrend.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ['label', 'orders', 'amount'].map((c) => tr.querySelector(`[data-col=${c}]`)?.textContent ?? '')),
    );
    expect(shown.map(([label, o, a]) => [label.trim(), Number(digits(o)), minor(digits(a))])).toEqual(
      salesTrend.map((p) => [p.label, p.orderCount, minor(p.amount.amount)]),
    );
    expect(digits(await page.locator('[data-testid=trend-total] [data-col=orders]').textContent())).toBe(
      String(orders),
    );
    expect(screenMinor(await page.locator('[data-testid=trend-total] [data-col=amount]').textContent())).toBe(amount);
    return { orders, amount };
  }

  async function regionRowsOnScreen() {
    const rows = page.locator('[data-testid=region-row]');
    await rows.first().waitFor();
    return rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-region-id'),
        name: tr.querySelector('[data-col=region]')?.textContent?.trim(),
        orders: tr.querySelector('[data-col=orders]')?.textContent ?? '',
        amount: tr.querySelector('[data-col=amount]')?.textContent ?? '',
      })),
    );
  }

  /** The chart container holds a sized canvas with drawn (non-transparent) pixels. */
  async function expectChartDrawn(testId: string) {
    const canvas = page.locator(`[data-testid=${testId}] canvas`).first();
    await canvas.waitFor();
    await expect
      .poll(() =>
        canvas.evaluate((el) => {
          const c = el as unknown as CanvasLike;
          if (c.width === 0 || c.height === 0) return 0;
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(1000);
  }

  it('refuses a dealer account on the login page, then lets hq_admin in', async () => {
    await loginThroughUi('nj_admin');
    const error = page.locator('[data-testid=login-error]');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('WRONG_ROLE');
    await screenshot(page, 'console-login');
    await expectNoA11yViolations(page, 'console login (with an error)');

    await loginThroughUi('hq_admin');
    await page.locator('[data-testid=kpi-orders]').waitFor();
    expect(await page.locator('[data-testid=user-name]').textContent()).toBe('总部管理员');
    expect(await page.locator('[data-testid=user-role]').textContent()).toBe('总部管理员');
  });

  it('shows the dashboard figures the API computes, for MONTH, DAY and WEEK', async () => {
    const month = await expectTrendOnScreen('MONTH');
    await expectChartDrawn('trend-chart');
    await expectChartDrawn('region-chart');

    const data = await api('MONTH');
    const pending = data.orderStatusCounts.find((c) => c.status === 'PENDING_REVIEW')?.count ?? 0;
    await expect
      .poll(async () => digits(await page.locator('[data-testid=kpi-pending] [data-role=kpi-value]').textContent()))
      .toBe(String(pending));
    await expect
      .poll(async () =>
        digits(await page.locator('[data-testid=kpi-below-safety] [data-role=kpi-value]').textContent()),
      )
      .toBe(String(data.stockLevels.totalCount));

    const regions = await regionRowsOnScreen();
    expect(regions.map((r) => [r.id, r.name, Number(digits(r.orders)), minor(digits(r.amount))])).toEqual(
      data.salesByRegion.map((r) => [r.region.id, r.region.name, r.orderCount, minor(r.amount.amount)]),
    );
    await screenshot(page, 'console-dashboard');
    await expectNoA11yViolations(page, 'console dashboard');

    await page.click('[data-testid=granularity-DAY]');
    const day = await expectTrendOnScreen('DAY');
    await page.click('[data-testid=granularity-WEEK]');
    const week = await expectTrendOnScreen('WEEK');
    expect(day).not.toEqual(month);
    expect(week).not.toEqual(month);
    await expectChartDrawn('trend-chart');
  });

  it('lists stock below safety stock with the API total', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '库存', exact: true }).click();
    await page.locator('[data-testid=stock-row]').first().waitFor();
    await page.check('[data-testid=below-only]');
    const { stockLevels } = await api('MONTH');
    await expect
      .poll(async () => digits(await page.locator('[data-testid=stock-count]').textContent()))
      .toBe(String(stockLevels.totalCount));
    await expect.poll(() => page.locator('[data-testid=stock-row][data-below=false]').count()).toBe(0);
    expect(await page.locator('[data-testid=stock-row]').count()).toBe(20);
    await screenshot(page, 'console-stock');
    await expectNoA11yViolations(page, 'console stock');
  });

  it('walks the dealer network tree and opens a profile with the API health score and credit limit', async () => {
    const tree = await t.gql(`{ dealerTree { id name level children { id name level } } }`, {}, hqToken);
    expect(tree.errors).toBeUndefined();
    const [national] = tree.data.dealerTree;
    expect(national.level).toBe('NATIONAL_AGENT');

    await page.getByRole('navigation').getByRole('link', { name: '经销商网络', exact: true }).click();
    const root = page.locator(`[data-testid=tree-node][data-dealer-id="${national.id}"]`);
    await root.waitFor();
    expect(await root.locator('[data-testid=tree-node-name]').first().textContent()).toBe(national.name);
    expect(await page.locator('[data-testid=tree-node][data-level=PROVINCIAL_AGENT]').count()).toBe(0);

    await root.locator('[data-testid=tree-toggle]').first().click();
    const provincial = page.locator(
      '[data-testid=tree-node][data-level=PROVINCIAL_AGENT] > .row [data-testid=tree-node-name]',
    );
    await provincial.first().waitFor();
    expect(await provincial.allTextContents()).toEqual(national.children.map((c: { name: string }) => c.name));
    await screenshot(page, 'console-dealers');
    await expectNoA11yViolations(page, 'console dealer network');

    const target = national.children[0];
    await provincial.first().click();
    await page.locator(`[data-testid=dealer-profile][data-dealer-id="${target.id}"]`).waitFor();
    const res = await t.gql(
      `query($id: ID!) { dealer(id: $id) { name healthScore creditAccount { limit { amount } } } }`,
      { id: target.id },
      hqToken,
    );
    expect(res.errors).toBeUndefined();
    const dealer = res.data.dealer;
    expect(await page.locator('[data-testid=dealer-name]').textContent()).toBe(dealer.name);
    expect(await page.locator('[data-testid=health-score-value]').textContent()).toBe(String(dealer.healthScore));
    expect(screenMinor(await page.locator('[data-testid=credit-limit]').textContent())).toBe(
      minor(dealer.creditAccount.limit.amount),
    );
    await page.locator('[data-testid=dealer-order-row]').first().waitFor();
    await screenshot(page, 'console-dealer-profile');
    await expectNoA11yViolations(page, 'console dealer profile');
  });

  it('shows HQ the audit log with the API total and a before/after diff', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '审计日志', exact: true }).click();
    await page.locator('[data-testid=audit-row]').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('审计日志');
    expect(await page.locator('[data-testid=audit-toggle]').first().textContent()).toContain('变更内容');
    const res = await t.gql('{ auditLog(first: 25) { totalCount edges { node { id operation } } } }', {}, hqToken);
    expect(res.errors).toBeUndefined();
    expect(res.data.auditLog.totalCount).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=audit-row]').count()).toBe(res.data.auditLog.edges.length);
    expect(await page.locator('[data-testid=audit-row]').first().getAttribute('data-operation')).toBe(
      res.data.auditLog.edges[0].node.operation,
    );
    await page.selectOption('[data-testid=audit-subgraph]', 'dealers');
    await page.fill('[data-testid=audit-entity-type]', 'User');
    await page.click('[data-testid=audit-apply]');
    await expect.poll(() => page.locator('[data-testid=audit-row]:not([data-operation=login])').count()).toBe(0);
    expect(await page.locator('[data-testid=audit-row]').count()).toBeGreaterThan(0);
    await page.locator('[data-testid=audit-toggle]').first().click();
    const changed = page.locator('[data-testid=audit-diff-row][data-changed=true]');
    await changed.first().waitFor();
    expect(await changed.first().locator('th').textContent()).toBe('lastLoginAt');
    await screenshot(page, 'console-audit');
    await expectNoA11yViolations(page, 'console audit log');
  });

  it("shows east_manager only East China's sales", async () => {
    await page.click('[data-testid=logout]');
    await page.locator('[data-testid=login-form]').waitFor();
    await loginThroughUi('east_manager');
    await page.locator('[data-testid=kpi-orders]').waitFor();
    expect(await page.locator('[data-testid=user-region]').textContent()).toContain('华东大区');

    const managerToken = await t.login('east_manager');
    const { salesByRegion } = await api('MONTH', managerToken);
    expect(salesByRegion.map((r) => r.region.name)).toEqual(['华东大区']);
    await expect.poll(async () => (await regionRowsOnScreen()).map((r) => r.name)).toEqual(['华东大区']);
    const [row] = await regionRowsOnScreen();
    expect(Number(digits(row.orders))).toBe(salesByRegion[0].orderCount);
    expect(minor(digits(row.amount))).toBe(minor(salesByRegion[0].amount.amount));
  });

  it('hides the audit log from a region manager, in the nav and by URL', async () => {
    expect(await page.getByRole('navigation').getByRole('link', { name: '审计日志', exact: true }).count()).toBe(0);
    await page.goto(`${base}/console/audit`);
    await page.locator('[data-testid=kpi-orders]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    await expectNoA11yViolations(page, 'console dashboard (region manager)');
    await page.goto(`${base}/console/no-such-page`);
    await page.locator('.nf h1').waitFor();
    await expectNoA11yViolations(page, 'console not-found page');
  });
});
