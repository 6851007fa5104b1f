import { ServiceClient } from '@dnp/subgraph-kit';
import type { PurchaseTotalsSource } from './purchase-totals.js';

/** Page size asked of orders (its maximum per §22). */
const PAGE = 500;
/** Most pages one evaluation reads (PAGE × this dealers), so a cursor that never ends cannot loop forever. */
const MAX_PAGES = 2000;

const QUERY = `query DealersPurchaseTotals($from: LocalDate!, $to: LocalDate!, $first: Int, $after: String) {
  dealerPurchaseTotals(from: $from, to: $to, first: $first, after: $after) {
    edges { node { dealerId purchasesMinor } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface TotalsPage {
  dealerPurchaseTotals: {
    edges: { node: { dealerId: string; purchasesMinor: string | number } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Where orders answers: its direct /graphql URL and the shared internal secret. */
export interface OrdersEndpoint {
  url: string;
  secret: string;
}

/**
 * Orders' `dealerPurchaseTotals` (SERVICE, docs/design/network-administration.md §22) over HTTP as the
 * dealers service identity: every page of the window, shipped gross minus credited gross per buying dealer.
 * A transport failure or an error from orders fails the evaluation (it is retried), never a partial month.
 */
export class OrdersPurchaseTotals implements PurchaseTotalsSource {
  private client: ServiceClient | undefined;

  constructor(private readonly endpoint: OrdersEndpoint) {}

  /** The totals of business dates `from`..`to`, per dealer id, in fen. */
  async totals(from: string, to: string): Promise<Map<string, number>> {
    this.client ??= new ServiceClient({
      caller: 'dealers',
      target: 'orders',
      url: this.endpoint.url,
      secret: this.endpoint.secret,
      timeoutMs: 30_000,
      connections: 1,
    });
    const totals = new Map<string, number>();
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: TotalsPage = await this.client.request<TotalsPage>(QUERY, { from, to, first: PAGE, after });
      for (const { node } of data.dealerPurchaseTotals.edges) totals.set(node.dealerId, Number(node.purchasesMinor));
      const { hasNextPage, endCursor } = data.dealerPurchaseTotals.pageInfo;
      if (!hasNextPage || !endCursor) return totals;
      after = endCursor;
    }
    throw new Error(`orders answered more than ${MAX_PAGES} pages of purchase totals`);
  }

  /** Closes the connection pool (the subgraph's background stop). */
  async close(): Promise<void> {
    await this.client?.close();
  }
}
