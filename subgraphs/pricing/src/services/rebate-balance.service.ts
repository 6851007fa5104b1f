import { parseMinor, ServiceCallError, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
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

const BALANCE_QUERY = 'query QuoteRebateBalance($id: ID) { rebateBalance(dealerId: $id) { available { amount } } }';

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
      const data = await this.client.request<{ rebateBalance: { available: { amount: string } } | null }>(
        BALANCE_QUERY,
        { id: dealerId },
      );
      return data.rebateBalance ? parseMinor(data.rebateBalance.available.amount) : 0;
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
