import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from '../config.js';

/** A dealer's printed identity: its registered Chinese name and its code. */
export interface DealerIdentity {
  name: string;
  code: string;
}

/** Looks a dealer's name and code up (finance keeps neither; the dealers subgraph owns them). */
export type DealerDirectory = (dealerId: string) => Promise<DealerIdentity>;

let client: ServiceClient | undefined;

/**
 * The dealers subgraph asked as the finance service identity; a dealer it does not answer for
 * prints under its id, so a statement can always be rendered.
 */
export const dealersSubgraphDirectory: DealerDirectory = async (dealerId) => {
  const url = serviceUrls(config.SUBGRAPH_URLS).dealers;
  if (!url) return { name: dealerId, code: dealerId };
  client ??= new ServiceClient({ caller: 'finance', target: 'dealers', url, secret: config.INTERNAL_JWT_SECRET });
  const data = await client.request<{ dealer: DealerIdentity | null }>(
    'query FinanceStatementDealer($id: ID!) { dealer(id: $id) { name code } }',
    { id: dealerId },
  );
  return data.dealer ?? { name: dealerId, code: dealerId };
};
