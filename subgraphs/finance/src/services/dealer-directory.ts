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

/**
 * Looks a dealer's direct parent up: its id, null for a dealer at the top of the network, undefined
 * when the dealers subgraph cannot be asked (no URL configured: the caller falls back on its copy).
 */
export type DealerParentLookup = (dealerId: string) => Promise<string | null | undefined>;

/** The dealers subgraph's answer (the owner of the tree, current after `setDealerParent`). */
export const dealersSubgraphParent: DealerParentLookup = async (dealerId) => {
  const url = serviceUrls(config.SUBGRAPH_URLS).dealers;
  if (!url) return undefined;
  client ??= new ServiceClient({ caller: 'finance', target: 'dealers', url, secret: config.INTERNAL_JWT_SECRET });
  const data = await client.request<{ dealer: { parent: { id: string } | null } | null }>(
    'query FinanceDealerParent($id: ID!) { dealer(id: $id) { parent { id } } }',
    { id: dealerId },
  );
  return data.dealer ? (data.dealer.parent?.id ?? null) : undefined;
};
