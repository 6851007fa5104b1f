import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoA11yViolations } from './support/a11y.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { signedInConsole } from './support/console-session.js';
import { businessMonth } from './support/o2c.js';
import { payloadOf } from './support/o2c-fixtures.js';
import { bootSharedPlatform, type TestPlatform } from './support/platform.js';

// The console's rebate and price-control pages (docs/design/rebates-reports.md §6, §10, §11) in the
// system Chromium against the real platform: HQ writes a tiered policy in the editor and reads its
// preview table, checked figure by figure against previewRebatePolicy for the same input; a retail
// price reported below a minimum (both through the API) shows on the violations page and its summary.

const PREVIEW = /* GraphQL */ `
  query ($input: RebatePolicyInput!, $period: String!) {
    previewRebatePolicy(input: $input, period: $period) {
      rows {
        dealerId
        basis
        accruedMinor
        tierIndex
      }
      errors {
        code
      }
    }
  }
`;
const SHIPMENTS = /* GraphQL */ `
  query ($orderId: ID!) {
    shipments(first: 10, filter: { orderId: $orderId }) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

interface PreviewRow {
  dealerId: string;
  basis: string;
  accruedMinor: string;
  tierIndex: number | null;
}

describe('HQ console: rebates and price control', () => {
  let t: TestPlatform;
  let browser: Browser;
  let base: string;
  let hq: string;
  let nj: string;
  let njDealer: { id: string; regionId: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootSharedPlatform('sqlite', { apps: true }), launchBrowser()]);
    [hq, nj] = await Promise.all([t.login('hq_admin'), t.login('nj_admin')]);
    base = t.platform.gatewayUrl.replace(/\/graphql$/, '');
    const { dealer } = await ok('{ me { dealer { id region { id } } } }', {}, nj);
    njDealer = { id: dealer.id, regionId: dealer.region.id };
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await t?.stop();
  });

  /** The payload (first root field) of a call that must succeed with no GraphQL or payload error. */
  const ok = async (query: string, variables: Record<string, unknown>, token: string) =>
    payloadOf(query.slice(0, 60), await t.gql(query, variables, token));

  /** nj_admin buys `sku`; HQ approves if needed and ships it, so finance invoices it this month. */
  async function shippedThisMonth(sku: string, quantity: number): Promise<void> {
    const placed = await ok(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } errors { code } } }',
      { input: { idempotencyKey: `e2e-rb-${randomUUID()}`, lines: [{ sku, quantity }] } },
      nj,
    );
    const order = placed.order as { id: string; status: string };
    if (order.status === 'PENDING_REVIEW')
      await ok(
        'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE, comment: "e2e") { errors { code } } }',
        { id: order.id },
        hq,
      );
    let ids: string[] = [];
    await expect
      .poll(
        async () => {
          const res = await t.gql(SHIPMENTS, { orderId: order.id }, hq);
          ids = (res.data?.shipments.edges ?? []).map((e: { node: { id: string } }) => e.node.id);
          return ids.length;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeGreaterThan(0);
    for (const [i, shipmentId] of ids.entries()) {
      const input = { shipmentId, carrier: '顺丰速运', trackingNumber: `SFRB${Date.now()}${i}` };
      await ok('mutation($i: ShipShipmentInput!) { shipShipment(input: $i) { errors { code } } }', { i: input }, hq);
    }
  }

  // Long because: one policy's way from the API's basis (an order shipped) through the editor, its preview and save.
  it('HQ writes a tiered policy in the editor; its preview table shows what previewRebatePolicy answers', async () => {
    const sku = 'JH-MLK-0001';
    const product = await ok(
      'query($s: String!) { products(first: 1, filter: { search: $s }) { edges { node { id brand { id } } } } }',
      { s: sku },
      hq,
    );
    const brandId = product.edges[0].node.brand.id as string;
    const period = businessMonth();
    const year = period.slice(0, 4);
    const code = `E2E-RB-${randomUUID().slice(0, 8)}`;
    // What the form below sends: thresholds in fen, rates in basis points.
    const tiers = [
      { from: 0, rateBp: 100 },
      { from: 50_000, rateBp: 250 },
      { from: 100_000_000, rateBp: 400 },
    ];
    const input = {
      ...{ code, name: 'E2E 阶梯返利', periodKind: 'MONTH', validFrom: `${year}-01-01`, validTo: `${year}-12-31` },
      ...{ basis: 'SHIPPED', calculation: 'TIERED', settlementForm: 'CREDIT_NOTE', budget: '1000000' },
      parameters: JSON.stringify({ mode: 'RETROACTIVE', tiers }),
      scope: { dealerGrades: [], regionIds: [], dealerIds: [], categoryIds: [], brandIds: [brandId], productIds: [] },
    };
    await shippedThisMonth(sku, 2);
    // The invoice reaches finance's monthly basis through its consumer: wait until nj's row is there.
    let expected: PreviewRow[] = [];
    await expect
      .poll(
        async () => {
          const res = await t.gql(PREVIEW, { input, period }, hq);
          expect(res.data?.previewRebatePolicy.errors).toEqual([]);
          expected = res.data.previewRebatePolicy.rows;
          return expected.some((r) => r.dealerId === njDealer.id);
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(true);

    const page: Page = await signedInConsole(browser, base, 'hq_admin', contexts);
    await page.goto(`${base}/console/rebates/policies/new`);
    await page.locator('[data-testid=rebate-policy-form]').waitFor();
    await page.fill('[data-testid=rb-code]', code);
    await page.fill('[data-testid=rb-name]', input.name);
    await page.fill('[data-testid=rb-valid-from]', input.validFrom);
    await page.fill('[data-testid=rb-valid-to]', input.validTo);
    await page.locator('[data-testid=rb-brands] option').first().waitFor({ state: 'attached' });
    await page.selectOption('[data-testid=rb-brands]', [brandId]);
    await page.click('[data-testid=rb-add-tier]');
    await page.click('[data-testid=rb-add-tier]');
    const [from, rate] = [page.locator('[data-testid=rb-tier-from]'), page.locator('[data-testid=rb-tier-rate]')];
    for (const [i, [f, r]] of [
      ['0', '1'],
      ['500', '2.5'],
      ['1000000', '4'],
    ].entries()) {
      await from.nth(i).fill(f);
      await rate.nth(i).fill(r);
    }
    await page.fill('[data-testid=rb-budget]', '10000');
    await page.fill('[data-testid=rb-preview-period]', period);
    await page.click('[data-testid=rb-preview]');

    const rows = page.locator('[data-testid=rb-preview-row]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(expected.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        dealerId: tr.getAttribute('data-dealer'),
        basis: tr.querySelector('[data-col=basis]')?.getAttribute('data-value'),
        accruedMinor: tr.querySelector('[data-col=amount]')?.getAttribute('data-value'),
        tier: tr.querySelector('[data-col=tier]')?.getAttribute('data-value'),
      })),
    );
    expect(shown).toEqual(
      expected.map((r) => ({
        dealerId: r.dealerId,
        basis: r.basis,
        accruedMinor: r.accruedMinor,
        tier: r.tierIndex == null ? '' : String(r.tierIndex),
      })),
    );
    // The amount on screen is the formatted figure of the same fen, and the footer their exact sum.
    const nj0 = expected.find((r) => r.dealerId === njDealer.id)!;
    const njAmount = page.locator(`[data-testid=rb-preview-row][data-dealer="${njDealer.id}"] [data-col=amount]`);
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    expect((await njAmount.textContent())!.replace(/[^\d.]/g, '')).toBe(yuan(BigInt(nj0.accruedMinor)));
    const total = expected.reduce((s, r) => s + BigInt(r.accruedMinor), 0n);
    expect(await page.locator('[data-testid=rb-preview-total] [data-col=amount]').getAttribute('data-value')).toBe(
      String(total),
    );
    await screenshot(page, 'console-rebate-preview');
    await expectNoA11yViolations(page, 'console-rebate-editor');

    // Saving creates the DRAFT with the same parameters the preview ran on.
    await page.click('[data-testid=rb-submit]');
    await page.locator('[data-testid=rb-created]').waitFor({ timeout: 10_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await ok(
      'query($id: ID!) { rebatePolicy(id: $id) { code status parameters budgetMinor brandIds accruedMinor } }',
      { id },
      hq,
    );
    expect(stored).toMatchObject({ code, status: 'DRAFT', budgetMinor: '1000000', brandIds: [brandId] });
    expect(JSON.parse(stored.parameters)).toMatchObject({ mode: 'RETROACTIVE', tiers });
    await expect.poll(() => page.locator('[data-testid=rb-status]').getAttribute('data-status')).toBe('DRAFT');
  }, 40_000);

  // 30 s: on a shared CI runner the page loads its dealer list, list, summary and live feed before the check.
  it('shows a violation reported through the API below a minimum, in the list and the dealer summary', async () => {
    const product = await ok(
      '{ products(first: 1, filter: { search: "JH-MLK-0070" }) { edges { node { id } } } }',
      {},
      hq,
    );
    const productId = product.edges[0].node.id as string;
    await ok(
      'mutation($i: MinimumResalePriceInput!) { setMinimumResalePrice(input: $i) { errors { code } } }',
      { i: { productId, regionId: njDealer.regionId, minPriceMinor: 8_800 } },
      hq,
    );
    const reported = await ok(
      'mutation($i: RetailPriceReportInput!) { reportRetailPrice(input: $i) { violation { id } errors { code } } }',
      { i: { productId, regionId: njDealer.regionId, dealerId: njDealer.id, priceMinor: 6_650, note: 'e2e' } },
      hq,
    );
    const violationId = reported.violation.id as string;
    const summary = await ok('{ priceViolationSummary(groupBy: DEALER) { key count unresolved } }', {}, hq);
    const mine = (summary as { key: string; count: number }[]).find((g) => g.key === njDealer.id)!;

    const page = await signedInConsole(browser, base, 'hq_admin', contexts);
    await page.goto(`${base}/console/price-control/violations`);
    await page.locator('[data-testid=pv-filter-dealer] option').nth(1).waitFor({ state: 'attached' });
    await page.selectOption('[data-testid=pv-filter-dealer]', njDealer.id);
    const row = page.locator(`[data-testid=price-violation-row][data-id="${violationId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-status')).toBe('OPEN');
    expect(await row.locator('[data-col=price]').getAttribute('data-value')).toBe('66.50');
    expect(await row.locator('[data-col=minimum]').getAttribute('data-value')).toBe('88.00');
    const dealerRow = page.locator(`[data-testid=pv-summary-dealer] [data-key="${njDealer.id}"]`);
    await expect.poll(() => dealerRow.locator('[data-col=count]').textContent()).toBe(String(mine.count));

    await expectNoA11yViolations(page, 'console-price-violations');
    await row.locator('[data-testid=pv-acknowledge]').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('ACKNOWLEDGED');
    const after = await t.gql('query($id: ID!) { priceViolation(id: $id) { status } }', { id: violationId }, hq);
    expect(after.data.priceViolation.status).toBe('ACKNOWLEDGED');
  }, 30_000);
});
