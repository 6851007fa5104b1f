// The console's sales report (console-hq/dist under /console/) against the real platform on SQLite: a
// shipment made through the API reaches the sales aggregates, HQ opens the report with its filters in the
// URL (a reload keeps them), exports it as XLSX through the orders export job and the gateway's
// /exports/:id, and the downloaded workbook holds the table's rows. Axe on the report, a screenshot in
// test-results/screenshots.
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { gatewayBase } from './support/network-admin.js';
import { businessDate } from './support/o2c.js';
import { waitUntil } from './support/o2c-fixtures.js';
import { bootSharedPlatform, type TestPlatform } from './support/platform.js';

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        shipments {
          id
        }
      }
      errors {
        code
      }
    }
  }
`;
const SHIP = /* GraphQL */ `
  mutation Ship($input: ShipShipmentInput!) {
    shipShipment(input: $input) {
      errors {
        code
      }
    }
  }
`;
const REPORT = /* GraphQL */ `
  query ($input: SalesReportInput!) {
    salesReport(input: $input, first: 40) {
      rows {
        totalCount
        edges {
          node {
            key
            orders
            net {
              amount
            }
          }
        }
      }
    }
  }
`;

describe('HQ console: reports', () => {
  const opened: BrowserContext[] = [];
  let t: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    t = await bootSharedPlatform('sqlite', { apps: true });
  });
  // Closing the browser closes its contexts; the shared platform is let go for the next file.
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the sales report with its filters in the URL and exports the table’s rows as XLSX', async () => {
    // Today's sales by dealer: one order of nj_admin's dealer, shipped by HQ, reaches the aggregates.
    const today = businessDate();
    const [nj, hq] = await Promise.all([t.login('nj_admin'), t.login('hq_admin')]);
    const input = { dimension: 'DEALER', granularity: 'DAY', from: today, to: today, compare: 'NONE' };
    const salesOf = async () => (await t.gql(REPORT, { input }, hq)).data?.salesReport.rows;
    const ordersOf = (rows: { edges: { node: { orders: number } }[] } | undefined) =>
      (rows?.edges ?? []).reduce((n, e) => n + e.node.orders, 0);
    const before = ordersOf(await salesOf());
    const shipOne = async () => {
      const key = `e2e-reports-${randomUUID()}`;
      const lines = [{ sku: 'JH-MLK-0070', quantity: 3 }];
      const placed = await t.gql(PLACE, { input: { idempotencyKey: key, lines } }, nj);
      expect(placed.data?.placeOrder.errors, JSON.stringify(placed)).toEqual([]);
      for (const [i, s] of (placed.data.placeOrder.order.shipments as { id: string }[]).entries()) {
        const ship = { shipmentId: s.id, carrier: '顺丰速运', trackingNumber: `SF${Date.now()}${i}` };
        const shipped = await t.gql(SHIP, { input: ship }, hq);
        expect(shipped.data?.shipShipment.errors, JSON.stringify(shipped)).toEqual([]);
      }
      return waitUntil(
        'the shipment in the sales aggregates',
        async () => {
          const rows = await salesOf();
          return ordersOf(rows) > before ? rows : null;
        },
        20_000,
      );
    };
    // The browser signs in while the order is placed, shipped and counted.
    const [page, api] = await Promise.all([signedInConsole(browser, gatewayBase(t), 'hq_admin', opened), shipOne()]);

    // The report opens from its URL; a filter chosen goes into the URL, and a reload shows the same report.
    const start = new URLSearchParams({ ...input, dimension: 'REGION' });
    await page.goto(`${gatewayBase(t)}/console/reports/sales?${start.toString()}`);
    expect(await page.inputValue('[data-testid=sales-from]')).toBe(today);
    await page.selectOption('[data-testid=sales-dimension]', 'DEALER');
    await page.waitForURL((url) => url.searchParams.get('dimension') === 'DEALER');
    const url = new URL(page.url());
    const keys = ['dimension', 'granularity', 'from', 'to', 'compare'];
    expect(Object.fromEntries(keys.map((k) => [k, url.searchParams.get(k)]))).toEqual(input);
    await page.reload();
    expect(await page.inputValue('[data-testid=sales-dimension]')).toBe('DEALER');
    expect(await page.inputValue('[data-testid=sales-granularity]')).toBe('DAY');
    const rows = page.locator('[data-testid=report-row]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(api.totalCount);
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const value = (col: string) => tr.querySelector(`[data-col=${col}]`)?.getAttribute('data-value') ?? '';
        return [tr.getAttribute('data-key'), value('orders'), value('units'), value('gross'), value('net')];
      }),
    );
    expect(table.map((r) => r[0])).toEqual(api.edges.map((e: { node: { key: string } }) => e.node.key));
    await page.locator('[data-testid=report-chart] canvas').first().waitFor();
    await screenshot(page, 'console-reports-sales');
    await expectNoA11yViolations(page, 'console sales report');

    // Export XLSX: the progress bar runs, then the file downloads through /exports/:id.
    await page.click('[data-testid=export-button]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-XLSX]')]);
    await page.locator('[data-testid=export-progress][data-status=DONE]').waitFor();
    expect(download.suggestedFilename()).toMatch(/^salesReport-exp_[A-Za-z0-9]+\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    const cells = (sheet.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1).map((v) => String(v ?? '')));
    expect(cells[0]!.slice(0, 6)).toEqual(['key', 'label', 'orders', 'units', 'gross', 'net']);
    const data = cells.slice(1);
    expect(data).toHaveLength(table.length);
    const [key, , orders, units, gross, net] = data[0]!;
    expect([key, orders, units, gross, net]).toEqual(table[0]);
  });
  it('opens the ranking, inventory, sell-through and receivables reports with their filters, no error', async () => {
    const page = await signedInConsole(browser, gatewayBase(t), 'hq_admin', opened);
    const month = businessDate().slice(0, 7);
    for (const [path, filter] of [
      [`dealer-ranking?period=${month}&metric=UNITS`, 'ranking-metric'],
      ['inventory?warehouse=wh_hq', 'inventory-warehouse'],
      ['sell-through?granularity=WEEK', 'sell-through-granularity'],
      [`receivables?from=${month}&to=${month}`, 'receivables-from'],
    ] as const) {
      await page.goto(`${gatewayBase(t)}/console/reports/${path}`);
      // The chart and table, or the empty state: never the error state.
      await page
        .locator('[data-testid=report-table], [data-testid=state-empty], [data-testid=state-error]')
        .first()
        .waitFor();
      expect(await page.locator('[data-testid=state-error]').count(), path).toBe(0);
      const [key, value] = path.split('?')[1]!.split('&').at(-1)!.split('=');
      expect(key && (await page.inputValue(`[data-testid=${filter}]`)), path).toBe(value);
    }
  });
});
