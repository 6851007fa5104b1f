import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { config } from '../config.js';

/** The ids of every sales region the network knows (the dealers subgraph owns the region tree). */
export type KnownRegionIds = () => Promise<ReadonlySet<string>>;

interface RegionNode {
  id: string;
  children?: RegionNode[];
}

// Country → sales region → province → city: four levels, one request.
const QUERY =
  'query ProductsRegionTree { regions { id children { id children { id children { id children { id } } } } } }';

let client: ServiceClient | undefined;

/**
 * Every region id, read from the dealers subgraph's public `regions` tree as the products service
 * identity: once per createProduct/updateProduct that names sales regions (no copy is kept, so a
 * region HQ just added is known at once).
 */
export const dealersRegionIds: KnownRegionIds = async () => {
  client ??= new ServiceClient({
    caller: 'products',
    target: 'dealers',
    url: serviceUrls(config.SUBGRAPH_URLS).dealers!,
    secret: config.INTERNAL_JWT_SECRET,
    connections: 2,
  });
  const data = await client.request<{ regions: RegionNode[] }>(QUERY);
  const ids = new Set<string>();
  const walk = (nodes: readonly RegionNode[] | undefined) => {
    for (const node of nodes ?? []) {
      ids.add(node.id);
      walk(node.children);
    }
  };
  walk(data.regions);
  return ids;
};
