import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { loadConfig } from '../config.js';

/** What inventory asks of dealers before opening a dealer's warehouse (specs install a fake). */
export interface DealerStatusLookup {
  /** The dealer's status ("ACTIVE", "SUSPENDED" …), or null when dealers does not know the id. */
  statusOf(dealerId: string): Promise<string | null>;
}

const QUERY =
  'query InventoryDealerStatus($r: [_Any!]!) { _entities(representations: $r) { ... on Dealer { id status } } }';

/** The dealers subgraph over HTTP, as the SERVICE identity (`_entities` Dealer { status }). */
class RemoteDealerStatus implements DealerStatusLookup {
  private client: ServiceClient | undefined;

  async statusOf(dealerId: string): Promise<string | null> {
    const config = loadConfig();
    this.client ??= new ServiceClient({
      caller: 'inventory',
      target: 'dealers',
      url: serviceUrls(config.SUBGRAPH_URLS).dealers!,
      secret: config.INTERNAL_JWT_SECRET,
    });
    const data = await this.client.request<{ _entities: ({ id: string; status: string } | null)[] }>(QUERY, {
      r: [{ __typename: 'Dealer', id: dealerId }],
    });
    return data._entities[0]?.status ?? null;
  }
}

let current: DealerStatusLookup | undefined;

/** The process's link to dealers: built on first use, or the one a spec installed. */
export function dealerStatus(): DealerStatusLookup {
  current ??= new RemoteDealerStatus();
  return current;
}

/** Installs `next` (a spec's fake; undefined: back to the remote one); answers the previous one. */
export function useDealerStatus(next: DealerStatusLookup | undefined): DealerStatusLookup | undefined {
  const previous = current;
  current = next;
  return previous;
}
