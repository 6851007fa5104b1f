import { ServiceCallError, TtlCache } from '@dnp/subgraph-kit';
import { dealersClient } from './dealer-directory.service.js';

/** A direct sub-dealer of a seller, as the floor check needs it. */
export interface SubDealerFacts {
  id: string;
  grade: string;
  /** Home region id. */
  regionId: string;
}

/** A dealer as a seller: its code and names (for its list) and its direct, not terminated, sub-dealers. */
export interface SellerFacts {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  subDealers: SubDealerFacts[];
}

/**
 * What pricing asks the dealers subgraph about two-tier selling (pricing keeps no dealer read
 * model). The request context carries one (`PricingLoaders.sellers`), so specs pass a fake.
 */
export interface SellerDirectory {
  /** The dealer's parent dealer id; null for a top dealer or an unknown dealer. */
  parentOf(dealerId: string): Promise<string | null>;
  /** The dealer with its direct sub-dealers; null when no such dealer exists. */
  seller(dealerId: string): Promise<SellerFacts | null>;
}

/** How long a process reuses a dealer's parent and sub-dealers (a move shows within this time). */
const DIRECTORY_TTL_MS = 10_000;
/** Sub-dealers read per page. */
const PAGE = 100;

const SELLER_QUERY = `query SellerFacts($id: ID!, $after: String) {
  dealer(id: $id) { id code name nameEn }
  dealers(first: ${PAGE}, after: $after, filter: { parentId: $id }) {
    edges { node { id grade status region { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SellerPage {
  dealer: { id: string; code: string; name: string; nameEn: string } | null;
  dealers: {
    edges: { node: { id: string; grade: string; status: string; region: { id: string } | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Null for a NOT_FOUND answer (an unknown dealer); other failures propagate. */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ServiceCallError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/** The dealers subgraph as a `SellerDirectory`, asked as the service, answers kept `DIRECTORY_TTL_MS`. */
export class RemoteSellerDirectory implements SellerDirectory {
  private readonly parents = new TtlCache<Promise<string | null>>(DIRECTORY_TTL_MS, 10_000);
  private readonly sellers = new TtlCache<Promise<SellerFacts | null>>(DIRECTORY_TTL_MS, 1_000);

  parentOf(dealerId: string): Promise<string | null> {
    return this.cached(this.parents, dealerId, async () => {
      const data = await orNull(
        dealersClient().request<{ dealer: { parent: { id: string } | null } | null }>(
          'query($id: ID!) { dealer(id: $id) { parent { id } } }',
          { id: dealerId },
        ),
      );
      return data?.dealer?.parent?.id ?? null;
    });
  }

  seller(dealerId: string): Promise<SellerFacts | null> {
    return this.cached(this.sellers, dealerId, async () => {
      const subDealers: SubDealerFacts[] = [];
      let after: string | null = null;
      for (;;) {
        const page: SellerPage | null = await orNull(
          dealersClient().request<SellerPage>(SELLER_QUERY, { id: dealerId, after }),
        );
        if (!page?.dealer) return null;
        for (const { node } of page.dealers.edges)
          if (node.status !== 'TERMINATED' && node.region)
            subDealers.push({ id: node.id, grade: node.grade, regionId: node.region.id });
        if (!page.dealers.pageInfo.hasNextPage) return { ...page.dealer, subDealers };
        after = page.dealers.pageInfo.endCursor;
      }
    });
  }

  /** The cached answer of `key`, else `load`'s (a failed load is not kept). */
  private cached<V>(cache: TtlCache<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key);
    if (hit) return hit;
    const answer = load();
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
    return answer;
  }
}

/** The process's directory (created on first use). */
let remote: RemoteSellerDirectory | undefined;
/** The dealers subgraph as this process's `SellerDirectory`. */
export function remoteSellerDirectory(): SellerDirectory {
  return (remote ??= new RemoteSellerDirectory());
}
