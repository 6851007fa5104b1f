import { ServiceCallError, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from '../config.js';

/**
 * What pricing asks finance about a dealer's rebate balance (finance owns it; pricing keeps no copy,
 * since a quote must show what the dealer may spend now). The request context carries one
 * (`PricingLoaders.rebateBalances`), so specs pass a fake.
 */
export interface RebateBalances {
  /** The dealer's available rebate balance in minor units; 0 for a dealer finance knows no balance of. */
  available(dealerId: string): Promise<number>;
}

// `available` is MinorUnits: fen as a string of digits ("9989").
const BALANCE_QUERY = 'query QuoteRebateBalance($id: ID) { rebateBalance(dealerId: $id) { available } }';

/** Finance's `rebateBalance`, asked as the service identity (no cache: a settled or held amount shows at once). */
export class RemoteRebateBalances implements RebateBalances {
  private client: ServiceClient | undefined;

  async available(dealerId: string): Promise<number> {
    this.client ??= new ServiceClient({
      caller: 'pricing',
      target: 'finance',
      url: serviceUrls(config.SUBGRAPH_URLS).finance!,
      secret: config.INTERNAL_JWT_SECRET,
      connections: 4,
    });
    try {
      const data = await this.client.request<{ rebateBalance: { available: string } | null }>(BALANCE_QUERY, {
        id: dealerId,
      });
      const available = data.rebateBalance?.available ?? '0';
      if (!/^-?\d+$/.test(available)) throw new Error(`finance answered a rebate balance of "${available}"`);
      return Number(available);
    } catch (err) {
      if (err instanceof ServiceCallError && err.code === 'NOT_FOUND') return 0;
      throw err;
    }
  }
}

let remote: RemoteRebateBalances | undefined;
/** Finance as this process's `RebateBalances` (created on first use). */
export function remoteRebateBalances(): RebateBalances {
  return (remote ??= new RemoteRebateBalances());
}
