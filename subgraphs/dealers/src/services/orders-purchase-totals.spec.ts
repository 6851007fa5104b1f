import { DEV_SECRET, Role, VIEWER_HEADER, verifyViewerToken } from '@dnp/subgraph-kit';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersPurchaseTotals } from './orders-purchase-totals.js';

// Orders' dealerPurchaseTotals as §22 of docs/design/network-administration.md answers it, served over real
// HTTP by a stand-in for the orders subgraph: it checks the caller's SERVICE token (audience orders) and
// pages 5 dealers 2 at a time by an opaque cursor; an out-of-window request answers orders' error.
const TOTALS = [
  { dealerId: 'dlr_a', purchasesMinor: '310000000', orders: 12 },
  { dealerId: 'dlr_b', purchasesMinor: '0', orders: 1 },
  { dealerId: 'dlr_c', purchasesMinor: '29999999', orders: 3 },
  { dealerId: 'dlr_d', purchasesMinor: '100000000', orders: 4 },
  { dealerId: 'dlr_e', purchasesMinor: '7', orders: 1 },
];

interface Call {
  role: string | undefined;
  variables: { from: string; to: string; first: number; after: string | null };
}

const calls: Call[] = [];
let server: Server;
let url: string;

async function bodyOf(req: IncomingMessage): Promise<{ query: string; variables: Call['variables'] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** One page of the connection, as orders answers it. */
function pageOf(variables: Call['variables']) {
  const start = variables.after === null ? 0 : Number(Buffer.from(variables.after, 'base64url').toString());
  const size = Math.min(variables.first, 2);
  const edges = TOTALS.slice(start, start + size).map((node, i) => ({
    cursor: Buffer.from(String(start + i + 1)).toString('base64url'),
    node,
  }));
  const hasNextPage = start + size < TOTALS.length;
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const { query, variables } = await bodyOf(req);
      const viewer = await verifyViewerToken(DEV_SECRET, 'orders', req.headers[VIEWER_HEADER] as string);
      calls.push({ role: viewer?.role, variables });
      res.setHeader('content-type', 'application/json');
      if (!query.includes('dealerPurchaseTotals(from: $from, to: $to, first: $first, after: $after)'))
        return res.end(JSON.stringify({ errors: [{ message: 'unknown', extensions: { code: 'BAD_REQUEST' } }] }));
      if (variables.from > variables.to)
        return res.end(
          JSON.stringify({ errors: [{ message: 'from after to', extensions: { code: 'BAD_USER_INPUT' } }] }),
        );
      res.end(JSON.stringify({ data: { dealerPurchaseTotals: pageOf(variables) } }));
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe("orders' purchase totals over HTTP", () => {
  it('reads every page of the window as the SERVICE identity, in fen per dealer', async () => {
    const source = new OrdersPurchaseTotals({ url, secret: DEV_SECRET });
    calls.length = 0;
    const totals = await source.totals('2025-11-01', '2026-10-31');
    await source.close();
    expect([...totals]).toEqual(TOTALS.map((t) => [t.dealerId, Number(t.purchasesMinor)]));
    expect(calls.map((c) => [c.role, c.variables.from, c.variables.to, c.variables.first])).toEqual(
      Array(3).fill([Role.SERVICE, '2025-11-01', '2026-10-31', 500]),
    );
    // Each page continues after the last edge of the one before.
    expect(calls.map((c) => c.variables.after === null)).toEqual([true, false, false]);
  });

  it("fails with orders' code rather than answering part of the month", async () => {
    const source = new OrdersPurchaseTotals({ url, secret: DEV_SECRET });
    await expect(source.totals('2026-10-31', '2025-11-01')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const down = new OrdersPurchaseTotals({ url: 'http://127.0.0.1:9/graphql', secret: DEV_SECRET });
    await expect(down.totals('2025-11-01', '2026-10-31')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await Promise.all([source.close(), down.close()]);
  });
});
