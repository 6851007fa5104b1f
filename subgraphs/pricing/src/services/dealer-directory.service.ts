import { ServiceCallError, ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from '../config.js';

let client: ServiceClient | undefined;

/** The client pricing asks the dealers subgraph with, as the service identity (one per process). */
export function dealersClient(): ServiceClient {
  return (client ??= new ServiceClient({
    caller: 'pricing',
    target: 'dealers',
    url: serviceUrls(config.SUBGRAPH_URLS).dealers!,
    secret: config.INTERNAL_JWT_SECRET,
    connections: 4,
  }));
}

/**
 * The home region of a dealer, asked of the dealers subgraph (which owns dealers) as the service
 * identity; null when no such dealer exists. Pricing keeps no dealer read model: only the preview
 * of a named dealer (`previewQuote(asDealer: { dealerId })`) needs it, to keep a region manager's
 * preview inside the manager's subtree.
 */
export async function dealerRegionId(dealerId: string): Promise<string | null> {
  try {
    const data = await dealersClient().request<{ dealer: { region: { id: string } | null } | null }>(
      'query($id: ID!) { dealer(id: $id) { region { id } } }',
      { id: dealerId },
    );
    return data.dealer?.region?.id ?? null;
  } catch (err) {
    if (err instanceof ServiceCallError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}
